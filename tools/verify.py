"""Verify one snippet: it states a claim, runs, prints the same twice, matches its stored output."""

from __future__ import annotations

import difflib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tools import environment
from tools.snippet_runner import SnippetRun, run_snippet
from tools.snippet_sections import SnippetShape, SnippetShapeError, output_problems, shape_of

OUTPUT_SUFFIX = ".out"


# What kind of failure, for the run's summary: each needs a different fix.
OUTPUT = "output"  # it prints something other than its stored output: review, then refresh
CLAIM = "claim"  # an assert in its [check] section failed: a refresh cannot fix it
RECORD = "record"  # it passed, but verified/ does not say so for this release: refresh
ERROR = "error"  # anything else: it raised, warned, printed nothing, or differs between its two runs


class SnippetFailure(AssertionError):
    """A snippet check failed; the message names the file, the line and the fix."""

    def __init__(self, message: str, kind: str = ERROR, unit: str | None = None):
        super().__init__(message)
        self.kind, self.unit = kind, unit


def refresh_command(snippet: Path) -> str:
    return f"pytest --update-outputs -k {snippet.stem}"


def output_path(snippet: Path) -> Path:
    return snippet.with_suffix(OUTPUT_SUFFIX)


def claim_of(snippet: Path) -> str:
    """The first line of the snippet's docstring: the one claim it proves (the caption on its page)."""
    return shape(snippet).claim


def shape(snippet: Path) -> SnippetShape:
    try:
        return shape_of(snippet)
    except SnippetShapeError as error:
        raise SnippetFailure(
            f"{error}\nThen check it with `pytest -k {snippet.stem}`.", unit=environment.locate(snippet)[1]
        ) from None


def _release_note(snippet: Path) -> str:
    """This run's release, and the releases the record has the snippet verified on."""
    root, unit = environment.locate(snippet)
    stored = output_path(snippet)
    stored_digest = environment.digest(stored.read_text()) if stored.exists() else None
    return environment.note(root, unit, environment.running(), stored_digest)


def _diff(expected: str, actual: str, expected_name: str, actual_name: str) -> str:
    return "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=expected_name,
            tofile=actual_name,
        )
    )


def _snippet_frames(run: SnippetRun) -> str:
    """The traceback from the snippet's own first frame on (the runner's frames are noise)."""
    start = run.stderr.find(f'File "{run.path}"')
    if start < 0:
        return run.stderr
    return "Traceback (most recent call last):\n  " + run.stderr[start:]


def _run_failure(snippet: Path, run: SnippetRun, timeout: float) -> SnippetFailure:
    unit = environment.locate(snippet)[1]
    if run.timed_out:
        return SnippetFailure(
            f"{snippet}: did not finish within {timeout:g} s and was stopped.\n"
            "A snippet must run in seconds: shrink the work or fix the endless loop.",
            unit=unit,
        )
    line = run.error_line()
    where = f"{snippet}:{line}" if line else str(snippet)
    last = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else f"exit code {run.exitcode}"
    printed = "".join(f"    {line}\n" for line in run.stdout.splitlines()) or "    (nothing)\n"
    if last.startswith("AssertionError"):
        kind, what = CLAIM, "the claim no longer holds: an assert in its [check] section failed"
        advice = "Read what it printed: if torch changed, fix the claim, the snippet and its page."
    else:
        kind, what = ERROR, "the snippet raised before its checks"
        advice = "Fix the code (or, if torch changed its API, the snippet and its page)."
    return SnippetFailure(
        f"{where}: {what}: {last}\n{_release_note(snippet)}\n"
        f"It printed, up to there:\n{printed}"
        f"{_snippet_frames(run)}\n"
        f"{advice}\nRe-check with `pytest -k {snippet.stem}`.",
        kind,
        unit,
    )


def run_verified(snippet: Path, timeout: float = 30.0) -> str:
    """Run `snippet` twice at once and return what it printed, or raise SnippetFailure.

    The two runs, on the two fork servers (different hash seeds): the whole script,
    whose asserts guard the claim, and its [show] section alone. Both must print
    the same: that proves the output on the page comes from the code shown beside
    it, and that it does not change from run to run. Nothing is compared with the
    stored output here: a release run uses this to learn what another torch prints.
    """
    parts = shape(snippet)
    unit = environment.locate(snippet)[1]
    shown = (parts.shown.first, parts.shown.last)
    with ThreadPoolExecutor(max_workers=2) as pool:
        whole, alone = pool.map(lambda job: run_snippet(snippet, timeout, *job), ((0, None), (1, shown)))
    if not whole.ok:
        raise _run_failure(snippet, whole, timeout)
    if whole.stderr:
        raise SnippetFailure(
            f"{snippet}: wrote to stderr (a warning or stray print):\n{whole.stderr}\n{_release_note(snippet)}\n"
            "Readers would see this too: remove its cause, or catch the warning and print what it says.",
            unit=unit,
        )
    if not alone.ok:
        raise _run_failure(snippet, alone, timeout)
    if alone.stdout != whole.stdout:
        raise SnippetFailure(
            f"{snippet}: prints different output on two runs (the whole script, and its [show] section "
            "alone, with another hash seed); these lines change:\n"
            + _diff(whole.stdout, alone.stdout, "whole script", "[show] section alone")
            + "Seed every RNG (torch.manual_seed), round floats, and print no addresses, ids or timings; "
            "the shown code must not depend on code outside it.",
            unit=unit,
        )
    if not whole.stdout.strip():
        raise SnippetFailure(f"{snippet}: prints nothing. Print labelled evidence for the reader.", unit=unit)
    return whole.stdout


def check_snippet(snippet: Path, *, update: bool = False, timeout: float = 30.0) -> str:
    """Check `snippet` against its stored output and its record; returns what it printed.

    With `update`, store the output instead and record this release in its
    verified/ file: only here, after every check passed, so a failed refresh
    records nothing, and only this snippet's entry changes.
    """
    root, unit = environment.locate(snippet)
    release = environment.running()
    printed = run_verified(snippet, timeout)
    stored_path = output_path(snippet)
    too_wide = output_problems(stored_path, printed)
    if too_wide:
        raise SnippetFailure("\n".join(too_wide), unit=unit)
    if update:
        stored_path.write_text(printed)
        environment.add(root, unit, release, environment.digest(printed))
        return printed
    if not stored_path.exists():
        raise SnippetFailure(
            f"{snippet}: has no stored output ({stored_path.name}).\nCreate it with `{refresh_command(snippet)}`.",
            unit=unit,
        )
    stored = stored_path.read_text()
    if stored != printed:
        raise SnippetFailure(
            f"{stored_path}: stored output differs from what {snippet.name} prints now:\n"
            f"{_release_note(snippet)}\n"
            + _diff(stored, printed, str(stored_path), f"python {snippet}")
            + f"If the new output is right, refresh it with `{refresh_command(snippet)}` "
            "and review the diff before committing.",
            OUTPUT,
            unit,
        )
    problem = environment.entry_problem(root, unit, release, environment.digest(printed))
    if problem:
        raise SnippetFailure(problem, RECORD, unit)
    return printed


def orphan_outputs(snippets_dir: Path) -> list[str]:
    """Stored outputs whose snippet is gone."""
    return [
        f"{out}: stored output with no snippet {out.with_suffix('.py').name}. "
        "Delete it, or restore the snippet it belongs to."
        for out in sorted(snippets_dir.glob("*/*.out"))
        if not out.with_suffix(".py").exists()
    ]
