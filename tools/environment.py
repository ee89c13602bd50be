"""What was verified where: the running release, the releases list, and the record of verification.

A *unit* is what the tests run and compare: a snippet (`snippets/<page>/<claim>.py`)
or a notebook (`docs/**/*.ipynb`). Its record, `verified/<unit>.json`, lists the
releases (torch with its build tag, Python major.minor) on which its asserts
passed and it printed the same output on both runs, with a hash of that output;
a page compares the hash with its stored output to tell which releases printed
exactly what it shows.

One file per unit, because refreshes run in several pytest processes at once
(and by several people, in git): refreshing different snippets never touches
the same file, and a diff shows which units were re-verified. A write to one
unit's file holds a lock on its folder (a refresh and a release run recording
the same unit at once must not lose each other's entry) and replaces the file
atomically, so readers never see half of one.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import json
import os
import re
import sys
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from tools import layout
from tools.layout import record_path, units

RELEASES_FILE = "releases.toml"


@dataclass(frozen=True)
class Release:
    torch: str  # torch.__version__, build tag included: 2.13.0+cpu and 2.13.0+cu130 are different releases
    python: str  # major.minor: a Python patch release does not change what torch prints

    def __str__(self) -> str:
        return f"torch {self.torch} on Python {self.python}"

    def sort_key(self) -> tuple:
        numbers = tuple(int(part) for part in re.findall(r"\d+", self.torch.split("+")[0]))
        return (numbers, self.torch, self.python)


def running() -> Release:
    """The release this interpreter runs, read from torch/version.py so that torch is not imported."""
    spec = importlib.util.find_spec("torch")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("torch is not installed in this environment")
    text = (Path(spec.submodule_search_locations[0]) / "version.py").read_text()
    version = re.search(r"""^__version__\s*=\s*['"]([^'"]+)['"]""", text, re.M)[1]
    return Release(version, f"{sys.version_info.major}.{sys.version_info.minor}")


# The releases list ------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    release: Release
    pinned: bool  # the release of the normal test command (requirements.txt)

    @property
    def requirement(self) -> str:
        # pip matches a CUDA build by its public version (its wheel carries no tag); a +cpu build
        # comes from a CPU index or local wheel, and sorts above the CUDA one when both are offered.
        return f"torch=={self.release.torch.split('+')[0]}"


def releases(root: Path) -> list[Listed]:
    """The releases the site is verified on, oldest first, from releases.toml."""
    data = tomllib.loads((root / RELEASES_FILE).read_text())
    found = [Listed(Release(item["torch"], item["python"]), bool(item.get("pinned"))) for item in data["release"]]
    return sorted(found, key=lambda listed: listed.release.sort_key())


def harness_packages(root: Path) -> list[str]:
    """What a release environment installs besides torch: every other pin of requirements.txt, so a
    snippet may import there whatever it imports in the normal test environment (pytest, numpy, ...)."""
    pins = []
    for line in (root / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not re.match(r"torch\b", line):
            pins.append(line)
    return pins


def pinned(root: Path) -> Release:
    [pin] = [listed.release for listed in releases(root) if listed.pinned]
    return pin


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def stored_digest(root: Path, unit: str) -> str | None:
    """The hash of the unit's stored evidence as the record hashes it: a snippet's .out, a notebook's outputs."""
    if layout.is_notebook(unit):
        from tools import notebooks  # only notebooks pay for nbformat

        return notebooks.output_digest(notebooks.read(root / unit))
    stored = layout.output_path(root / unit)
    return digest(stored.read_text()) if stored.exists() else None


# The record -----------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """What one release did with one version of a unit: passed (printing an output) or failed."""

    source_sha256: str | None  # the unit's source when it ran; None in a record older than source hashes
    passed: bool
    output_sha256: str | None = None  # on a pass: what it printed
    # On a pass: the text itself, kept only where it differs from the stored output. On a failure: what it
    # printed up to the failure (the page shows it, so the reader sees what differs there).
    output: str | None = None
    # On a failure (tools/unit_check.py): "claim" (an assert failed), "error" (it raised before its asserts
    # ended), "stderr" (its checks passed, but it wrote to stderr), "unstable" (its two runs differ), "timeout".
    kind: str | None = None
    failure: str | None = None  # on a failure: one line naming what failed (the assert, the exception)

    @property
    def only_wrote_to_stderr(self) -> bool:
        """Every other check passed (its asserts, and what a pass checks besides), but it wrote to stderr: what
        it printed is verified there, and the page says what else it wrote (tools/mkdocs_hooks.py)."""
        return not self.passed and self.kind == "stderr" and self.output is not None

    @property
    def printed_sha256(self) -> str | None:
        """The hash of the output this run verified: a pass's, or one that only wrote to stderr."""
        if self.passed:
            return self.output_sha256
        return digest(self.output) if self.only_wrote_to_stderr else None

    def as_json(self, release: Release) -> dict:
        row = {"torch": release.torch, "python": release.python, "source_sha256": self.source_sha256}
        row["passed"] = self.passed
        if self.passed:
            row["output_sha256"] = self.output_sha256
            if self.output is not None:
                row["output"] = self.output
        else:
            row["kind"], row["failure"] = self.kind, self.failure
            if self.output is not None:
                row["output"] = self.output
        return row

    @classmethod
    def from_json(cls, row: dict) -> Entry:
        return cls(
            row.get("source_sha256"),
            bool(row.get("passed", True)),
            row.get("output_sha256"),
            row.get("output"),
            row.get("kind"),
            row.get("failure"),
        )


def source_digest(root: Path, unit: str) -> str | None:
    """The hash of what the unit runs: a snippet's whole file, a notebook's code cells (not its outputs,
    which a refresh rewrites). An entry counts only while this hash is the one it was recorded with."""
    path = root / unit
    if not path.exists():
        return None
    if layout.is_notebook(unit):
        cells = json.loads(path.read_text()).get("cells", [])
        sources = [
            "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in cells
            if c.get("cell_type") == "code"
        ]
        return digest(json.dumps(sources))
    return digest(path.read_text())


def entries(root: Path, unit: str) -> dict[Release, Entry]:
    """Release -> what it did, for every release the record has for this unit, current or not."""
    path = record_path(root, unit)
    if not path.exists():
        return {}
    data = json.loads(path.read_text())
    return {Release(row["torch"], row["python"]): Entry.from_json(row) for row in data["releases"]}


def current(root: Path, unit: str) -> dict[Release, Entry]:
    """The entries recorded with the unit's source as it is now: the others are of an older version."""
    source = source_digest(root, unit)
    return {release: entry for release, entry in entries(root, unit).items() if entry.source_sha256 == source}


def verified(root: Path, unit: str) -> dict[Release, str]:
    """Release -> hash of the output it printed, for every release on which this version of the unit passed."""
    return {release: entry.output_sha256 for release, entry in current(root, unit).items() if entry.passed}


def printed(root: Path, unit: str) -> dict[Release, str]:
    """Release -> hash of the output it printed, where every check of this version passed, even if it
    also wrote to stderr there (the page shows these outputs as verified, with a note)."""
    found = {release: entry.printed_sha256 for release, entry in current(root, unit).items()}
    return {release: sha for release, sha in found.items() if sha is not None}


def _write(root: Path, unit: str, found: dict[Release, Entry]) -> None:
    path = record_path(root, unit)
    if not found:
        path.unlink(missing_ok=True)
        return
    rows = [found[release].as_json(release) for release in sorted(found, key=Release.sort_key)]
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # not *.json: globs never see it
    temporary.write_text(json.dumps({"unit": unit, "releases": rows}, indent=2) + "\n")
    os.replace(temporary, path)


@contextmanager
def _locked(root: Path, unit: str):
    folder = record_path(root, unit).parent
    folder.mkdir(parents=True, exist_ok=True)
    handle = os.open(folder, os.O_RDONLY)  # flock on the folder: no lock file to ignore or clean up
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def add(
    root: Path,
    unit: str,
    release: Release,
    output_digest: str,
    *,
    output: str | None = None,
    stored: str | None = None,
    previous: str | None = None,
) -> None:
    """Record that this version of `unit` passed on `release`, printing the output whose hash is `output_digest`.

    `output` is that text, `stored` the stored output the page shows (after this refresh, if it is one),
    `previous` the stored output before a refresh. A release whose output differs from the stored one keeps
    its text in the record, so the page can show it; a refresh hands the old stored text to the releases
    that printed it. Only this unit's file changes."""
    with _locked(root, unit):
        found = entries(root, unit)
        shown = digest(stored) if stored is not None else None
        if previous is not None and digest(previous) != shown:
            for other, entry in found.items():
                if entry.passed and entry.output is None and entry.output_sha256 == digest(previous):
                    found[other] = replace(entry, output=previous)
        keep = output if output is not None and output_digest != shown else None
        found[release] = Entry(source_digest(root, unit), True, output_digest, keep)
        if shown is not None:  # the stored output is on the page already
            found = {r: replace(e, output=None) if e.output_sha256 == shown else e for r, e in found.items()}
        _write(root, unit, found)


def add_failure(root: Path, unit: str, release: Release, kind: str, failure: str, output: str | None = None) -> None:
    """Record that this version of `unit` fails on `release` (kind "claim" for an assert), so the page says so;
    `output` is what it printed up to the failure."""
    with _locked(root, unit):
        found = entries(root, unit)
        found[release] = Entry(source_digest(root, unit), False, output=output or None, kind=kind, failure=failure)
        _write(root, unit, found)


def remove(root: Path, unit: str, release: Release) -> None:
    """Forget `release` for `unit` (a release the unit does not apply to)."""
    with _locked(root, unit):
        found = entries(root, unit)
        if found.pop(release, None) is not None:
            _write(root, unit, found)


def refresh_command(unit: str) -> str:
    return f"pytest --update-outputs -k {Path(unit).stem}"


def release_command(unit: str, release: Release | None = None) -> str:
    chosen = f" --release {release.torch}" if release else ""
    return f"python -m tools.releases{chosen} -k {Path(unit).stem}"


def entry_problem(root: Path, unit: str, release: Release, output_digest: str) -> str | None:
    """Why the record does not say that `release` printed this output for this version of `unit`; None when
    it does."""
    path = record_path(root, unit)
    recorded = entries(root, unit).get(release)
    if recorded and recorded.passed and recorded.source_sha256 == source_digest(root, unit):
        if recorded.output_sha256 == output_digest:
            return None
        what = (
            f"has {release} printing another output (sha256 {recorded.output_sha256[:12]}, "
            f"this run {output_digest[:12]})"
        )
    elif recorded is None:
        what = f"has no entry for {release}, on which it just passed"
    elif recorded.source_sha256 != source_digest(root, unit):
        what = f"has {release} verified for another version of {Path(unit).name} (it changed since)"
    else:
        what = f"has {release} failing ({recorded.failure}), but it just passed"
    return f"{path}: the record of {unit} {what}. Record this run with `{refresh_command(unit)}`."


# Which releases a snippet applies to ------------------------------------------------------

APPLIES_TO = re.compile(r"^# Applies to: torch *(?P<spec>[<>=!~].*?)\s*$", re.M)


def applies_to(root: Path, unit: str):
    """The snippet's `# Applies to: torch>=2.5` line as a packaging SpecifierSet; None when it has none
    (it applies to every listed release)."""
    path = root / unit
    if not layout.is_snippet(unit) or not path.exists():
        return None
    found = APPLIES_TO.search(path.read_text())
    if not found:
        return None
    from packaging.specifiers import SpecifierSet  # pytest's own dependency: in every environment

    return SpecifierSet(found["spec"].replace(" ", ""))


def applies(specifier, release: Release) -> bool:
    return specifier is None or specifier.contains(release.torch.split("+")[0], prereleases=True)


def names(releases: list[Release]) -> str:
    """'torch 2.4.1+cu121 and 2.13.0+cpu on Python 3.11', oldest first, grouped by Python."""
    groups = []
    for python in sorted({release.python for release in releases}):
        versions = [r.torch for r in sorted(releases, key=Release.sort_key) if r.python == python]
        joined = versions[0] if len(versions) == 1 else ", ".join(versions[:-1]) + " and " + versions[-1]
        groups.append(f"torch {joined} on Python {python}")
    return "; ".join(groups)


def note(root: Path, unit: str, release: Release, stored_digest: str | None = None) -> str:
    """One sentence naming this run's release and the releases the record has this version of the unit
    verified on."""
    found = verified(root, unit)
    same = [other for other, output in found.items() if stored_digest is None or output == stored_digest]
    other = [other for other in found if other not in same]
    failing = [other for other, entry in current(root, unit).items() if not entry.passed]
    text = f"This run: {release}. The record ({record_path(root, unit)}) has "
    text += f"the stored output verified on {names(same)}" if same else "the stored output verified on no release"
    text += f", another output on {names(other)}" if other else ""
    text += f", its checks failing on {names(failing)}" if failing else ""
    return text + ("." if release in found else "; this run's release is not among them.")


def problems(root: Path) -> list[str]:
    """Record files that are wrong without running anything: for units that do not exist, entries
    for releases that releases.toml does not list, entries that cannot be read."""
    listed = {listed.release for listed in releases(root)}
    known = set(units(root))
    found = []
    for path in layout.record_files(root):
        name = path.relative_to(root)
        unit = layout.unit_of_record(root, path)
        if unit not in known:
            found.append(
                f"{name}: a record for {unit}, which does not exist. Delete the record (`git rm {name}`), "
                f"or restore {unit}."
            )
            continue
        try:
            recorded = entries(root, unit)
        except (ValueError, KeyError, TypeError) as error:
            found.append(f"{name}: cannot be read ({error!r}). Delete it and run `{refresh_command(unit)}`.")
            continue
        for release in sorted(set(recorded) - listed, key=Release.sort_key):
            found.append(
                f"{name}: an entry for {release}, which {RELEASES_FILE} does not list. Remove the entry, "
                f"or add the release to {RELEASES_FILE} and run `python -m tools.releases`."
            )
    return found


def stale(root: Path) -> list[str]:
    """Entries recorded for another version of their unit (it changed since they ran): they no longer
    count as verified, and the page says so until the release run has run the unit again."""
    found = []
    listed = {item.release for item in releases(root)}
    for unit in units(root):
        source = source_digest(root, unit)
        old = [r for r, e in entries(root, unit).items() if e.source_sha256 != source and r in listed]
        if old:
            found.append(
                f"{record_path(root, unit).relative_to(root)}: {names(old)} ran another version of {unit} "
                f"(it changed since). Run it there again: `{release_command(unit)}`."
            )
    return found


def applies_to_problems(root: Path) -> list[str]:
    """Snippets whose `# Applies to:` line the record contradicts: a release it applies to on which its
    checks fail, or the pinned release left out (the normal test command runs every snippet there)."""
    found = []
    pin = pinned(root)
    for unit in units(root):
        specifier = applies_to(root, unit)
        if specifier is None:
            continue
        if not applies(specifier, pin):
            found.append(f"{unit}: applies to torch{specifier}, which leaves out the pinned {pin}; widen it.")
        for release, entry in sorted(current(root, unit).items(), key=lambda item: item[0].sort_key()):
            if not applies(specifier, release) and entry.passed:
                found.append(f"{unit}: applies to torch{specifier}, but it passes on {release}: widen the statement.")
            elif applies(specifier, release) and not entry.passed:
                found.append(
                    f"{unit}: applies to torch{specifier}, but its checks fail on {release} ({entry.failure}): "
                    f"narrow the statement or fix the snippet, then `{release_command(unit, release)}`."
                )
    return found
