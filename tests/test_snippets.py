"""Every snippet states its claim, runs, prints the same twice, and matches its stored output."""

from pathlib import Path

import pytest

from tools import ROOT, layout
from tools.verify import check_snippet, claim_of, orphan_outputs

SNIPPET_FILES = layout.snippet_files(ROOT)


@pytest.mark.snippet
@pytest.mark.parametrize("snippet", SNIPPET_FILES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_snippet(snippet: Path, request):
    update = request.config.getoption("--update-outputs")
    # relative, so messages name files as the reader sees them
    check_snippet(snippet.relative_to(ROOT), update=update, timeout=request.config.getoption("--snippet-timeout"))


def test_every_stored_output_has_its_snippet():
    problems = orphan_outputs(ROOT)
    assert not problems, "\n".join(problems)


def test_claims_are_unique():
    """A copied snippet whose claim was never rewritten proves nothing new."""
    seen: dict[str, Path] = {}
    problems = []
    for snippet in SNIPPET_FILES:
        claim = claim_of(snippet.relative_to(ROOT))
        if claim in seen:
            problems.append(
                f"{snippet.relative_to(ROOT)}:1: same claim as {seen[claim]}: {claim!r}. "
                "Write the one claim this file proves."
            )
        seen[claim] = snippet.relative_to(ROOT)
    assert not problems, "\n".join(problems)


def test_snippets_live_one_folder_deep():
    stray = layout.stray_snippet_files(ROOT)
    assert not stray, "\n".join(
        f"{path.relative_to(ROOT)}: snippets live at {layout.SNIPPET_GLOB.replace('*/*', '<page>/<claim>')}; move it."
        for path in stray
    )
