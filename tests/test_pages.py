"""Pages include only files that exist, use every snippet, and run every python fence."""

import pytest

from tools import ROOT
from tools.pages import fence_problem, fences, include_problem, includes, page_files

PAGES = page_files(ROOT)


def _rel(path):
    return path.relative_to(ROOT)


@pytest.mark.parametrize("page", PAGES, ids=lambda path: str(_rel(path)))
def test_includes_resolve(page):
    problems = [include_problem(include, ROOT) for include in includes(_rel(page))]
    problems = [problem for problem in problems if problem]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", PAGES, ids=lambda path: str(_rel(path)))
def test_python_fences_run_or_include_snippets(page):
    problems = [problem for fence in fences(_rel(page)) if (problem := fence_problem(fence))]
    assert not problems, "\n".join(problems)


def test_every_snippet_and_output_is_shown_on_a_page():
    shown = {include.file for page in PAGES for include in includes(_rel(page))}
    files = sorted(ROOT.glob("snippets/*/*.py")) + sorted(ROOT.glob("snippets/*/*.out"))
    unused = [str(_rel(path)) for path in files if str(_rel(path)) not in shown]
    assert not unused, "\n".join(
        f'{path}: no page includes it. Show it on a page with `--8<-- "{path}"` or delete it.' for path in unused
    )
