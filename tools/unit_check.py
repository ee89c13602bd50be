"""Check a unit (a snippet or a notebook) against its stored evidence, or refresh it: one rule for both.

Follow one snippet from file to page:

1. **file**: `snippets/<page>/<claim>.py` (tools/layout.py is the one module that
   knows where units, outputs, pages and records live).
2. **adapter**: tools/verify.py turns the snippet into text: it runs the whole
   script and its [show] section alone on the two fork servers
   (tools/snippet_runner.py) and returns what it printed. tools/notebooks.py is
   the other adapter: it runs a notebook in a fresh kernel (nbclient) and
   returns its code cells' text. An adapter is a `Unit` (below).
3. **core** (this module): `check(unit)` compares that text with the stored
   evidence (`<claim>.out`; a notebook's stored outputs), then asks the record
   whether this release is verified for it; `check(unit, update=True)` stores the
   text instead and records the release, only after every check of the run
   passed. Every failure is a `UnitFailure` (kind, unit, reason) whose message
   names the file and the fix; the messages are written here, once.
4. **record**: `verified/<unit>.json` (tools/environment.py) lists the releases
   the unit passed on, with the hash of what each printed.
5. **page hook**: tools/mkdocs_hooks.py puts the stored output under the shown
   code and titles the block with the releases the record has for it.

tests/test_snippets.py and tests/test_notebooks.py call `check` through the
adapters' `check_snippet` and `check_notebook`; the release run
(tools/releases.py) uses the adapters' runs without comparing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Protocol

from tools import ROOT, environment
from tools.checkers import checker

# What kind of failure, for the run's summary (tools/pytest_plugin.py): each needs a different fix.
OUTPUT = "output"  # it prints something other than its stored output: review, then refresh
CLAIM = "claim"  # an assert failed: a refresh cannot fix it
RECORD = "record"  # it passed, but verified/ does not say so for this release: refresh
ERROR = "error"  # it raised before its asserts ended (or printed nothing, or too wide a line)
# Its checks passed, but: ...
STDERR = "stderr"  # it wrote to stderr, which the reader would see
UNSTABLE = "unstable"  # its two runs printed different output
TIMEOUT = "timeout"  # it did not finish in time
# The file's own shape is wrong (tools/snippet_sections.py): the same on every torch, so a release run never
# records it as that release's result.
STATIC = "static"


class UnitFailure(AssertionError):
    """A check of a snippet or notebook failed; the message names the file (and line or cell) and the fix."""

    def __init__(
        self,
        message: str,
        kind: str = ERROR,
        unit: str | None = None,
        reason: str | None = None,
        printed: str | None = None,
    ):
        super().__init__(message)
        self.kind, self.unit = kind, unit
        # One line for the record (verified/) and the page: what failed, without paths or advice.
        self.reason = reason or message.splitlines()[0]
        # What it printed (up to the failure): a release run records it, so the page shows what differs there.
        self.printed = printed


def assert_reason(raised: str, line: int | None, statement: str | None) -> str:
    """`AssertionError at line 40: assert a == b (message: ...)`: which assert failed, not a bare
    `AssertionError`. `raised` is the exception's line, `statement` the failing statement's source."""
    message = raised.partition(":")[2].strip()
    if line is None or not statement:
        return raised
    return f"AssertionError at line {line}: {statement}" + (f" (message: {message})" if message else "")


class Unit(Protocol):
    """What an adapter tells the core about one snippet or notebook. `Evidence` is the adapter's own
    type (a snippet's printed text, a notebook's cells); the core only hands it back to the adapter."""

    path: Path  # the file, as the caller gave it
    name: str  # how messages name the file
    root: Path | None  # the project it belongs to; None for a throwaway file outside any (no record)
    unit: str | None  # its name in the record, `snippets/p/c.py`; None with root
    stored_name: str  # how messages name its stored evidence (`snippets/p/c.out`; the notebook itself)
    assert_place: str  # where its asserts are: "its [check] section"
    raised_early: str  # what raising before the asserts is called: "the snippet raised before its checks"
    fix_where: str  # what a changed torch makes one fix: "the snippet and its page"
    two_runs: str  # what its two runs are, for the double-run message
    same_code: str  # advice for output that changes between runs, beyond seeding: may be ""

    def run(self, timeout: float, *, refresh: bool) -> Any:
        """Run it afresh and return its evidence, or raise UnitFailure (with this module's messages)."""

    def stored(self) -> Any | None:
        """The stored evidence; None when there is none."""

    def store(self, fresh: Any) -> None: ...

    def digest(self, evidence: Any) -> str:
        """The hash the record keeps of what it printed."""

    def text(self, evidence: Any) -> str | None:
        """The text the record keeps beside a release whose output differs from the stored one; None: none kept."""

    def diff(self, before: Any, after: Any, before_role: str, after_role: str) -> str:
        """A unified diff, empty when the two print the same; roles are "stored", "now", or its two runs."""


def refresh_command(unit: Unit) -> str:
    return environment.refresh_command(str(unit.path))


def check_command(unit: Unit) -> str:
    return f"pytest -k {unit.path.stem}"


def release_note(unit: Unit) -> str:
    """This run's release, and the releases the record has the unit verified on."""
    release = environment.running()
    if unit.unit is None:
        return f"This run: {release}."
    stored = unit.stored()
    stored_digest = unit.digest(stored) if stored is not None else None
    return environment.note(unit.root, unit.unit, release, stored_digest)


# The checkers (tools/checkers.py) of a run and of its evidence: each returns the failure to raise, or
# None. The adapters call the run's checkers where their runs fail; `check` calls the others.


@checker
def timeout_problem(
    unit: Unit, timed_out: bool, timeout: float, where: str | None = None, detail: str = ""
) -> UnitFailure | None:
    if not timed_out:
        return None
    return UnitFailure(
        f"{where or unit.name}: did not finish within {timeout:g} s and was stopped.\n{detail}"
        "It must run in seconds: shrink the work or fix the endless loop.",
        TIMEOUT,
        unit=unit.unit,
        reason=f"did not finish within {timeout:g} s",
    )


@checker
def exit_problem(
    unit: Unit,
    where: str,
    raised: str,
    printed: str,
    trace: str,
    line: int | None = None,
    statement: str | None = None,
) -> UnitFailure | None:
    """It raised: an assert (the claim failed), or anything before its asserts. `raised` is the exception's
    line (`AssertionError: ...`), `printed` what it printed up to there, `trace` its own frames; `line` and
    `statement`, where the adapter knows them, the unit's own line that raised and its source."""
    if not raised:
        return None
    if raised.startswith("AssertionError"):
        kind, what = CLAIM, f"the claim no longer holds: an assert in {unit.assert_place} failed"
        advice = f"Read what it printed: if torch changed, fix the claim, {unit.fix_where}."
        reason = assert_reason(raised, line, statement)
    else:
        kind, what = ERROR, unit.raised_early
        advice = f"Fix the code (or, if torch changed its API, {unit.fix_where})."
        reason = raised
    indented = "".join(f"    {text}\n" for text in printed.splitlines()) or "    (nothing)\n"
    return UnitFailure(
        f"{where}: {what}: {raised}\n{release_note(unit)}\n"
        f"It printed, up to there:\n{indented}"
        f"{trace}\n"
        f"{advice}\nRe-check with `{check_command(unit)}`.",
        kind,
        unit.unit,
        reason,
        printed,
    )


def portable_paths(text: str) -> str:
    """Paths as every machine has them: torch/..., snippets/..., not where this one keeps the environment
    or the repository (a release's record must agree with a fresh machine's run)."""
    return re.sub(r"[^\s('\"]*/site-packages/", "", text).replace(f"{ROOT}/", "")


def _stderr_reason(stderr: str) -> str:
    """The line of stderr that says most: a warning's own line with where it was raised, else the first line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    warning = next((line for line in lines if re.search(r"\b\w*Warning: ", line)), None)
    first = warning or (lines[0] if lines else "")
    # ".../site-packages/torch/utils/checkpoint.py:295: FutureWarning: ..." keeps "torch/utils/checkpoint.py:295":
    # the reader sees that torch raised it, not their code.
    return "wrote to stderr: " + portable_paths(first)


@checker
def stderr_problem(unit: Unit, stderr: str, where: str | None = None, printed: str | None = None) -> UnitFailure | None:
    """It wrote to stderr, which readers would see on the page (its checks passed: it is called after)."""
    if not stderr:
        return None
    return UnitFailure(
        f"{where or unit.name}: wrote to stderr (a warning or stray print):\n{stderr}\n{release_note(unit)}\n"
        "Readers would see this too: remove its cause, or catch the warning and print what it says.",
        STDERR,
        unit.unit,
        _stderr_reason(stderr),
        printed,
    )


@checker
def double_run_problem(unit: Unit, first: Any, second: Any, roles: tuple[str, str]) -> UnitFailure | None:
    """Its two runs (with different hash seeds) print the same."""
    changing = unit.diff(first, second, *roles)
    if not changing:
        return None
    changed = [
        line[1:].strip()
        for line in changing.splitlines()
        if line[:1] in "-+" and not line.startswith(("---", "+++")) and line[1:].strip()
    ]
    return UnitFailure(
        f"{unit.name}: prints different output on two runs ({unit.two_runs}); these lines change:\n{changing}"
        f"Seed every RNG (torch.manual_seed), round floats, and print no addresses, ids or timings{unit.same_code}.",
        UNSTABLE,
        unit.unit,
        "prints different output on two runs; these lines change: " + " | ".join(changed[:4]),
        first if isinstance(first, str) else None,
    )


@checker
def missing_output_problem(unit: Unit, stored: Any | None) -> UnitFailure | None:
    if stored is not None:
        return None
    return UnitFailure(
        f"{unit.name}: has no stored output ({Path(unit.stored_name).name}).\n"
        f"Create it with `{refresh_command(unit)}`.",
        unit=unit.unit,
    )


@checker
def stored_output_problem(unit: Unit, stored: Any | None, fresh: Any) -> UnitFailure | None:
    """What it prints now is its stored evidence, byte for byte (a notebook: cell by cell)."""
    changed = unit.diff(stored, fresh, "stored", "now")
    if not changed:
        return None
    return UnitFailure(
        f"{unit.stored_name}: stored output differs from what {unit.path.name} prints now:\n"
        f"{release_note(unit)}\n{changed}"
        f"If the new output is right, refresh it with `{refresh_command(unit)}` and review the diff before committing.",
        OUTPUT,
        unit.unit,
    )


def check(unit: Unit, *, update: bool = False, timeout: float = 30.0) -> Any:
    """Run `unit` and check what it printed against its stored evidence and its record; return the evidence.

    With `update`, store the evidence instead and record this release in the unit's
    verified/ file: only here, after every check of the run passed, so a failed
    refresh records nothing, and only this unit's entry changes.
    """
    release = environment.running()
    fresh = unit.run(timeout, refresh=update)
    if update:
        previous = unit.stored()
        unit.store(fresh)
        if unit.unit is not None:
            environment.add(
                unit.root,
                unit.unit,
                release,
                unit.digest(fresh),
                stored=unit.text(fresh),
                previous=unit.text(previous) if previous is not None else None,
            )
        return fresh
    stored = unit.stored()
    failure = missing_output_problem(unit, stored) or stored_output_problem(unit, stored, fresh)
    if failure:
        raise failure
    if unit.unit is not None:
        problem = environment.entry_problem(unit.root, unit.unit, release, unit.digest(fresh))
        if problem:
            raise UnitFailure(problem, RECORD, unit.unit)
    return fresh
