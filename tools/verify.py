"""The snippet adapter: a snippet becomes the text it prints (tools/unit_check.py checks it).

A snippet `snippets/<page>/<claim>.py` runs twice at once on the two fork
servers (tools/snippet_runner.py), which have different hash seeds: the whole
script, whose asserts guard the claim, and its [show] section alone. Both must
print the same: that proves the output on the page comes from the code shown
beside it, and that it does not change from run to run. Its stored evidence is
`<claim>.out` (tools/layout.py).
"""

from __future__ import annotations

import ast
import difflib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tools import environment, layout, unit_check
from tools.checkers import checker
from tools.snippet_runner import SnippetRun, run_snippet
from tools.snippet_sections import SnippetShape, SnippetShapeError, output_problems, shape_of
from tools.unit_check import UnitFailure

WHOLE, ALONE = "whole script", "[show] section alone"


class Snippet:
    """One snippet, as the core (tools/unit_check.py) sees a unit."""

    assert_place = "its [check] section"
    raised_early = "the snippet raised before its checks"
    fix_where = "the snippet and its page"
    two_runs = f"the {WHOLE}, and its {ALONE}, with another hash seed"
    same_code = "; the shown code must not depend on code outside it"

    def __init__(self, path: Path):
        self.path = Path(path)
        self.name = str(self.path)
        self.root, self.unit = layout.locate(self.path)
        self.output = layout.output_path(self.path)
        self.stored_name = str(self.output)

    def run(self, timeout: float, *, refresh: bool = False) -> str:
        printed = run_verified(self.path, timeout, self)
        too_wide = output_problems(self.output, printed)
        if too_wide:
            raise UnitFailure("\n".join(too_wide), unit=self.unit)
        return printed

    def stored(self) -> str | None:
        return self.output.read_text() if self.output.exists() else None

    def store(self, fresh: str) -> None:
        self.output.write_text(fresh)

    def digest(self, evidence: str) -> str:
        return environment.digest(evidence)

    def text(self, evidence: str) -> str:
        return evidence

    def diff(self, before: str | None, after: str, before_role: str, after_role: str) -> str:
        def label(role: str) -> str:
            return self.stored_name if role == "stored" else f"python {self.path}" if role == "now" else role

        return "".join(
            difflib.unified_diff(
                (before or "").splitlines(keepends=True),
                after.splitlines(keepends=True),
                fromfile=label(before_role),
                tofile=label(after_role),
            )
        )


def claim_of(snippet: Path) -> str:
    """The first line of the snippet's docstring: the one claim it proves (the caption on its page)."""
    return shape(snippet).claim


def shape(snippet: Path) -> SnippetShape:
    try:
        return shape_of(snippet)
    except SnippetShapeError as error:
        # The file's shape, not torch: a release run records nothing for it (tools/releases.py).
        raise UnitFailure(
            f"{error}\nThen check it with `pytest -k {snippet.stem}`.",
            unit_check.STATIC,
            layout.locate(snippet)[1],
        ) from None


def _snippet_frames(run: SnippetRun) -> str:
    """The traceback from the snippet's own first frame on (the runner's frames are noise)."""
    start = run.stderr.find(f'File "{run.path}"')
    if start < 0:
        return run.stderr
    return "Traceback (most recent call last):\n  " + run.stderr[start:]


def failing_statement(path: Path, line: int) -> str | None:
    """The source of the snippet's statement at `line` (an assert: `assert <test>`, without its message
    expression, whose value the failure names), on one line; None when the file does not parse there."""
    try:
        tree = ast.parse(path.read_text())
    except (OSError, SyntaxError):
        return None
    found = None
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and node.lineno <= line <= (node.end_lineno or node.lineno):
            if found is None or node.lineno >= found.lineno:  # the innermost statement (an assert in a loop)
                found = node
    if found is None:
        return None
    # ast.unparse: the statement on one line, however the source wraps it.
    text = f"assert {ast.unparse(found.test)}" if isinstance(found, ast.Assert) else ast.unparse(found)
    return text.splitlines()[0] if text else None


def _run_failure(snippet: Snippet, run: SnippetRun, timeout: float) -> UnitFailure | None:
    """The core's failure for one run: it timed out, raised (an assert of its [check] section, or before)."""
    if run.ok:
        return None
    if run.timed_out:
        return unit_check.timeout_problem(snippet, True, timeout)
    line = run.error_line()
    where = f"{snippet.name}:{line}" if line else snippet.name
    raised = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else f"exit code {run.exitcode}"
    statement = failing_statement(snippet.path, line) if line else None
    return unit_check.exit_problem(snippet, where, raised, run.stdout, _snippet_frames(run), line, statement)


@checker
def silence_problem(snippet: Path, run: SnippetRun) -> UnitFailure | None:
    if run.stdout.strip():
        return None
    return UnitFailure(
        f"{snippet}: prints nothing. Print labelled evidence for the reader.", unit=layout.locate(snippet)[1]
    )


def run_verified(snippet: Path, timeout: float = 30.0, unit: Snippet | None = None) -> str:
    """Run `snippet` twice at once (see the module docstring) and return what it printed, or raise UnitFailure.

    Nothing is compared with the stored output here: a release run uses this to learn what another torch prints.
    """
    unit = unit or Snippet(snippet)
    parts = shape(snippet)
    shown = (parts.shown.first, parts.shown.last)
    with ThreadPoolExecutor(max_workers=2) as pool:
        whole, alone = pool.map(lambda job: run_snippet(snippet, timeout, *job), ((0, None), (1, shown)))
    # stderr last: a run recorded as "wrote to stderr" passed every other check, so the page can show
    # what it printed as verified there (tools/mkdocs_hooks.py).
    failure = (
        _run_failure(unit, whole, timeout)
        or _run_failure(unit, alone, timeout)
        or unit_check.double_run_problem(unit, whole.stdout, alone.stdout, (WHOLE, ALONE))
        or silence_problem(snippet, whole)
        or unit_check.stderr_problem(unit, whole.stderr, printed=whole.stdout)
    )
    if failure:
        raise failure
    return whole.stdout


def check_snippet(snippet: Path, *, update: bool = False, timeout: float = 30.0) -> str:
    """Check `snippet` against its stored output and its record, or refresh both (tools/unit_check.check)."""
    return unit_check.check(Snippet(snippet), update=update, timeout=timeout)


@checker
def orphan_outputs(root: Path) -> list[str]:
    """Stored outputs whose snippet is gone."""
    return [
        f"{out.relative_to(root)}: stored output with no snippet "
        f"{layout.snippet_of_output(out).name}. Delete it, or restore the snippet it belongs to."
        for out in layout.output_files(root)
        if not layout.snippet_of_output(out).exists()
    ]
