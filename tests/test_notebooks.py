"""Every notebook under docs/ runs afresh, cell by cell, and prints what it has stored."""

from pathlib import Path

import pytest

from tools import ROOT, layout
from tools.notebooks import (
    broken_links_from_notebooks,
    broken_links_into_notebooks,
    check_normal_form,
    check_notebook,
)

NOTEBOOKS = layout.notebook_files(ROOT)


def _id(path: Path) -> str:
    return path.stem  # so that `pytest --update-outputs -k <stem>` picks it


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=_id)
def test_notebook_runs_and_matches_stored_outputs(notebook: Path, request):
    check_notebook(
        notebook,
        name=str(notebook.relative_to(ROOT)),
        update=request.config.getoption("--update-outputs"),
        timeout=request.config.getoption("--snippet-timeout"),
    )


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=_id)
def test_notebook_is_stored_in_normal_form(notebook: Path, request):
    if request.config.getoption("--update-outputs"):
        pytest.skip("the refresh writes the normal form")
    check_normal_form(notebook, name=str(notebook.relative_to(ROOT)))


def test_notebooks_are_found():
    assert NOTEBOOKS, f"no notebook matched {layout.NOTEBOOK_GLOB} under {ROOT}"


def test_links_into_notebooks_resolve(built_site):
    problems = broken_links_into_notebooks(built_site, NOTEBOOKS, layout.docs_dir(ROOT))
    assert not problems, "\n".join(problems)


def test_links_from_notebooks_resolve(built_site):
    """MkDocs validates the links of Markdown pages only; a notebook's links are checked here, as built."""
    problems = broken_links_from_notebooks(built_site, NOTEBOOKS, layout.docs_dir(ROOT))
    assert not problems, "\n".join(problems)
