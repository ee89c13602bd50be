"""Verify one snippet: it states a claim, runs, prints the same twice, matches its stored output."""

from __future__ import annotations

import ast
import difflib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tools import environment
from tools.snippet_runner import SnippetRun, run_snippet

OUTPUT_SUFFIX = ".out"


class SnippetFailure(AssertionError):
    """A snippet check failed; the message names the file, the line and the fix."""


def refresh_command(snippet: Path) -> str:
    return f"pytest --update-outputs -k {snippet.stem}"


def output_path(snippet: Path) -> Path:
    return snippet.with_suffix(OUTPUT_SUFFIX)


def claim_of(snippet: Path) -> str:
    """The first line of the snippet's docstring: the one claim it proves."""
    where = snippet
    try:
        tree = ast.parse(snippet.read_text(), filename=str(snippet))
    except SyntaxError as error:
        raise SnippetFailure(
            f"{where}:{error.lineno}: syntax error: {error.msg}\n"
            f"Fix the code, then check it with `{refresh_command(snippet)}`."
        ) from None
    docstring = ast.get_docstring(tree)
    first_line = docstring.strip().splitlines()[0].strip() if docstring and docstring.strip() else ""
    if not first_line.endswith(".") or len(first_line.split()) < 4:
        raise SnippetFailure(
            f"{where}:1: the snippet does not state its claim.\n"
            "Start the file with a docstring whose first line is the claim as one sentence, e.g.\n"
            '    """Dropout is the identity function in eval mode."""'
        )
    return first_line


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
    return SnippetFailure(
        (f"{note}\n" if note else "") + f"{where}: the snippet failed: {last}\n"
        f"{_snippet_frames(run)}\n"
        "An AssertionError means the claim no longer holds in this torch: fix the claim and its page.\n"
        f"Re-check with `pytest -k {snippet.stem}`."
    )


def check_snippet(snippet: Path, *, update: bool = False, timeout: float = 30.0) -> str:
    """Check `snippet`; with `update`, rewrite its stored output. Returns what it printed."""
    claim_of(snippet)
    # The two runs go to the two fork servers at once: one core each.
    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.map(lambda server: run_snippet(snippet, timeout, server), (0, 1))
    if not first.ok:
        raise _run_failure(snippet, first, timeout)
    if first.stderr:
        raise SnippetFailure(
            f"{snippet}: wrote to stderr (a warning or stray print):\n{first.stderr}\n"
            "Readers would see this too: remove its cause, or catch the warning and print what it says."
        )
    if not second.ok:
        raise _run_failure(snippet, second, timeout)
    if second.stdout != first.stdout:
        raise SnippetFailure(
            f"{snippet}: prints different output on two runs; these lines change:\n"
            + _diff(first.stdout, second.stdout, "first run", "second run")
            + "Seed every RNG (torch.manual_seed), round floats, and print no addresses, ids or timings."
        )
    if not first.stdout.strip():
        raise SnippetFailure(f"{snippet}: prints nothing. Print labelled evidence for the reader.")

    stored_path = output_path(snippet)
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
