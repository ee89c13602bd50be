"""Verify one snippet: it states a claim, runs, prints the same twice, matches its stored output."""

from __future__ import annotations

import difflib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tools import environment
from tools.checkers import checker
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

    def __init__(self, message: str, kind: str = ERROR, unit: str | None = None, reason: str | None = None):
        super().__init__(message)
        self.kind, self.unit = kind, unit
        # One line for the record (verified/) and the page: what it raised, without paths or advice.
        self.reason = reason or message.splitlines()[0]


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


# The checkers (tools/checkers.py) of one run, and of its output against the stored one: each returns
# the failure to raise, or None.


@checker
def timeout_problem(snippet: Path, run: SnippetRun, timeout: float) -> SnippetFailure | None:
    if not run.timed_out:
        return None
    return SnippetFailure(
        f"{snippet}: did not finish within {timeout:g} s and was stopped.\n"
        "A snippet must run in seconds: shrink the work or fix the endless loop.",
        unit=environment.locate(snippet)[1],
    )


@checker
def exit_problem(snippet: Path, run: SnippetRun) -> SnippetFailure | None:
    """The run raised: an assert of its [check] section (the claim failed), or anything before it."""
    if run.ok or run.timed_out:
        return None
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
        environment.locate(snippet)[1],
        last,
    )


@checker
def stderr_problem(snippet: Path, run: SnippetRun) -> SnippetFailure | None:
    if not run.stderr:
        return None
    return SnippetFailure(
        f"{snippet}: wrote to stderr (a warning or stray print):\n{run.stderr}\n{_release_note(snippet)}\n"
        "Readers would see this too: remove its cause, or catch the warning and print what it says.",
        unit=environment.locate(snippet)[1],
    )


@checker
def double_run_problem(snippet: Path, whole: SnippetRun, alone: SnippetRun) -> SnippetFailure | None:
    """The whole script and its [show] section alone (another hash seed) print the same."""
    if alone.stdout == whole.stdout:
        return None
    return SnippetFailure(
        f"{snippet}: prints different output on two runs (the whole script, and its [show] section "
        "alone, with another hash seed); these lines change:\n"
        + _diff(whole.stdout, alone.stdout, "whole script", "[show] section alone")
        + "Seed every RNG (torch.manual_seed), round floats, and print no addresses, ids or timings; "
        "the shown code must not depend on code outside it.",
        unit=environment.locate(snippet)[1],
    )


@checker
def silence_problem(snippet: Path, run: SnippetRun) -> SnippetFailure | None:
    if run.stdout.strip():
        return None
    return SnippetFailure(
        f"{snippet}: prints nothing. Print labelled evidence for the reader.", unit=environment.locate(snippet)[1]
    )


@checker
def missing_output_problem(snippet: Path) -> SnippetFailure | None:
    stored_path = output_path(snippet)
    if stored_path.exists():
        return None
    return SnippetFailure(
        f"{snippet}: has no stored output ({stored_path.name}).\nCreate it with `{refresh_command(snippet)}`.",
        unit=environment.locate(snippet)[1],
    )


@checker
def stored_output_problem(snippet: Path, printed: str) -> SnippetFailure | None:
    """What the snippet prints now is its stored output, byte for byte."""
    stored_path = output_path(snippet)
    stored = stored_path.read_text()
    if stored == printed:
        return None
    return SnippetFailure(
        f"{stored_path}: stored output differs from what {snippet.name} prints now:\n"
        f"{_release_note(snippet)}\n"
        + _diff(stored, printed, str(stored_path), f"python {snippet}")
        + f"If the new output is right, refresh it with `{refresh_command(snippet)}` "
        "and review the diff before committing.",
        OUTPUT,
        environment.locate(snippet)[1],
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
    shown = (parts.shown.first, parts.shown.last)
    with ThreadPoolExecutor(max_workers=2) as pool:
        whole, alone = pool.map(lambda job: run_snippet(snippet, timeout, *job), ((0, None), (1, shown)))
    failure = (
        timeout_problem(snippet, whole, timeout)
        or exit_problem(snippet, whole)
        or stderr_problem(snippet, whole)
        or timeout_problem(snippet, alone, timeout)
        or exit_problem(snippet, alone)
        or double_run_problem(snippet, whole, alone)
        or silence_problem(snippet, whole)
    )
    if failure:
        raise failure
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
        previous = stored_path.read_text() if stored_path.exists() else None
        stored_path.write_text(printed)
        environment.add(root, unit, release, environment.digest(printed), stored=printed, previous=previous)
        return printed
    failure = missing_output_problem(snippet) or stored_output_problem(snippet, printed)
    if failure:
        raise failure
    problem = environment.entry_problem(root, unit, release, environment.digest(printed))
    if problem:
        raise SnippetFailure(problem, RECORD, unit)
    return printed


@checker
def orphan_outputs(snippets_dir: Path) -> list[str]:
    """Stored outputs whose snippet is gone."""
    return [
        f"{out}: stored output with no snippet {out.with_suffix('.py').name}. "
        "Delete it, or restore the snippet it belongs to."
        for out in sorted(snippets_dir.glob("*/*.out"))
        if not out.with_suffix(".py").exists()
    ]
