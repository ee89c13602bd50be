"""Every snippet states its claim, runs, prints the same twice, and matches its stored output."""

from pathlib import Path

import pytest

from tools import ROOT, environment
from tools.verify import check_snippet

SNIPPETS = ROOT / "snippets"
SNIPPET_FILES = sorted(SNIPPETS.glob("*/*.py"))


@pytest.mark.parametrize("snippet", SNIPPET_FILES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_snippet(snippet: Path, request):
    update = request.config.getoption("--update-outputs")
    check_snippet(snippet.relative_to(ROOT), update=update, timeout=request.config.getoption("--snippet-timeout"))
    if update:
        environment.record(SNIPPETS)


def test_every_stored_output_has_its_snippet():
    orphans = [out for out in sorted(SNIPPETS.glob("*/*.out")) if not out.with_suffix(".py").exists()]
    assert not orphans, "\n".join(
        f"{out.relative_to(ROOT)}: stored output with no snippet {out.with_suffix('.py').name}. "
        "Delete it, or restore the snippet it belongs to."
        for out in orphans
    )


def test_no_snippet_outside_a_page_folder():
    stray = sorted(SNIPPETS.glob("*.py")) + sorted(SNIPPETS.glob("*/*/**/*.py"))
    assert not stray, "\n".join(
        f"{path.relative_to(ROOT)}: snippets live exactly one folder deep, snippets/<page>/<claim>.py; move it."
        for path in stray
    )
