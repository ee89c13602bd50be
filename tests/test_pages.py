"""Pages include only files that exist, show every snippet beside its own output, run every python fence,
and link only to files and anchors that exist (README and CONTRIBUTING too)."""

import pytest

from tools import ROOT
from tools.pages import (
    fence_problem,
    fences,
    include_problem,
    includes,
    output_block_problems,
    page_files,
    reference_problems,
    snippet_block_problems,
    unshown_snippet_files,
)

PAGES = [page.relative_to(ROOT) for page in page_files(ROOT)]


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_includes_resolve(page):
    problems = [problem for include in includes(page) if (problem := include_problem(include, ROOT))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_python_fences_run_or_include_snippets(page):
    problems = [problem for fence in fences(page) if (problem := fence_problem(fence))]
    assert not problems, "\n".join(problems)


def test_every_snippet_and_output_is_shown_on_a_page():
    problems = unshown_snippet_files(ROOT)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_snippets_are_shown_captioned_with_output_and_checks(page):
    problems = snippet_block_problems(page, ROOT)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_outputs_are_shown_beside_the_code_that_printed_them(page):
    problems = output_block_problems(page)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_links_anchors_and_images_resolve(page):
    """Checked here whatever mkdocs.yml's validation says, and for README and CONTRIBUTING, which MkDocs
    does not build (CONTRIBUTING is checked on its own and where docs/contributing.md includes it)."""
    problems = reference_problems(ROOT / page, ROOT)
    assert not problems, "\n".join(problems)
