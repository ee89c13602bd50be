"""Verify one snippet: it states a claim, runs, prints the same twice, matches its stored output."""

from __future__ import annotations

import difflib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tools import environment
from tools.snippet_runner import SnippetRun, run_snippet
from tools.snippet_sections import SnippetShape, SnippetShapeError, output_problems, shape_of

OUTPUT_SUFFIX = ".out"


class SnippetFailure(AssertionError):
    """A snippet check failed; the message names the file, the line and the fix."""


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
        raise SnippetFailure(f"{error}\nThen check it with `pytest -k {snippet.stem}`.") from None


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
    if run.timed_out:
        return SnippetFailure(
            f"{snippet}: did not finish within {timeout:g} s and was stopped.\n"
            "A snippet must run in seconds: shrink the work or fix the endless loop."
        )
    line = run.error_line()
    where = f"{snippet}:{line}" if line else str(snippet)
    last = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else f"exit code {run.exitcode}"
    note = environment.mismatch(snippet.parent.parent)
    printed = "".join(f"    {line}\n" for line in run.stdout.splitlines()) or "    (nothing)\n"
    if last.startswith("AssertionError"):
        what = "the claim no longer holds: an assert in its [check] section failed"
        advice = "Read what it printed: if torch changed, fix the claim, the snippet and its page."
    else:
        what = "the snippet raised before its checks"
        advice = "Fix the code (or, if torch changed its API, the snippet and its page)."
    return SnippetFailure(
        (f"{note}\n" if note else "") + f"{where}: {what}: {last}\n"
        f"It printed, up to there:\n{printed}"
        f"{_snippet_frames(run)}\n"
        f"{advice}\nRe-check with `pytest -k {snippet.stem}`."
    )


def check_snippet(snippet: Path, *, update: bool = False, timeout: float = 30.0) -> str:
    """Check `snippet`; with `update`, rewrite its stored output. Returns what it printed.

    It runs twice at once, on the two fork servers (different hash seeds): the whole
    script, whose asserts guard the claim, and its [show] section alone. Both must print
    the same: that proves the output on the page comes from the code shown beside it,
    and that it does not change from run to run.
    """
    parts = shape(snippet)
    shown = (parts.shown.first, parts.shown.last)
    with ThreadPoolExecutor(max_workers=2) as pool:
        whole, alone = pool.map(lambda job: run_snippet(snippet, timeout, *job), ((0, None), (1, shown)))
    if not whole.ok:
        raise _run_failure(snippet, whole, timeout)
    if whole.stderr:
        raise SnippetFailure(
            f"{snippet}: wrote to stderr (a warning or stray print):\n{whole.stderr}\n"
            "Readers would see this too: remove its cause, or catch the warning and print what it says."
        )
    if not alone.ok:
        raise _run_failure(snippet, alone, timeout)
    if alone.stdout != whole.stdout:
        raise SnippetFailure(
            f"{snippet}: prints different output on two runs (the whole script, and its [show] section "
            "alone, with another hash seed); these lines change:\n"
            + _diff(whole.stdout, alone.stdout, "whole script", "[show] section alone")
            + "Seed every RNG (torch.manual_seed), round floats, and print no addresses, ids or timings; "
            "the shown code must not depend on code outside it."
        )
    first = whole
    if not first.stdout.strip():
        raise SnippetFailure(f"{snippet}: prints nothing. Print labelled evidence for the reader.")

    stored_path = output_path(snippet)
    too_wide = output_problems(stored_path, first.stdout)
    if too_wide:
        raise SnippetFailure("\n".join(too_wide))
    if update:
        stored_path.write_text(first.stdout)
        return first.stdout
    if not stored_path.exists():
        raise SnippetFailure(
            f"{snippet}: has no stored output ({stored_path.name}).\nCreate it with `{refresh_command(snippet)}`."
        )
    stored = stored_path.read_text()
    if stored != first.stdout:
        note = environment.mismatch(snippet.parent.parent)
        raise SnippetFailure(
            (f"{note}\n" if note else "")
            + f"{stored_path}: stored output differs from what {snippet.name} prints now:\n"
            + _diff(stored, first.stdout, str(stored_path), f"python {snippet}")
            + f"If the new output is right, refresh it with `{refresh_command(snippet)}` "
            "and review the diff before committing."
        )
    return first.stdout


def orphan_outputs(snippets_dir: Path) -> list[str]:
    """Stored outputs whose snippet is gone."""
    return [
        f"{out}: stored output with no snippet {out.with_suffix('.py').name}. "
        "Delete it, or restore the snippet it belongs to."
        for out in sorted(snippets_dir.glob("*/*.out"))
        if not out.with_suffix(".py").exists()
    ]
