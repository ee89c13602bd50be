"""Several torch releases, one command: `python -m tools.releases`.

For each release in releases.toml it

1. makes a virtual environment outside the repository
   (~/.cache/train-eval/releases/torch-<version>-py<python>; TRAIN_EVAL_RELEASES
   moves it) with that torch and every other pin of requirements.txt,
   and reuses it while those requirements are unchanged;
2. runs every snippet and notebook there with the repository's own harness
   (`python -m tools.releases --run-here`: the adapters tools/verify.py and tools/notebooks.py,
   the same double run and checks as the tests, without comparing with the
   stored outputs, since another release may rightly print something else);
3. compares each result with the record (verified/) and with the stored output
   (the pinned release's), prints what differs, and records the results: a pass
   records its output's hash (and its text where it differs from the stored
   output, for the page), a failure records its kind, its one line (the failing
   assert, the exception, the warning) and what it printed up to there (the page
   says what happened there), each with the unit's source hash; a failure of the
   file's shape (tools/snippet_sections.py) is the same on every torch and is
   never recorded as a release's result;
4. without -k, runs the catalogue's completeness scan (tools/catalogue.py) there
   too, and records per catalogued name the releases where it exists and reads
   the flag (verified/catalogue.json; the pages say since when).

A unit whose `# Applies to: torch<spec>` line leaves a release out is skipped
there. A second run skips the units the record already has for the release with
their current source, in an environment built with the same requirements
(nothing changed: nothing to learn); `--rerun` runs them all. `--check` runs
everything, records nothing and exits 1 when a result differs from the record
(the release workflow). `--release 2.4.1+cu121` picks releases, `-k text` picks
units whose path contains the text.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools import ROOT, environment, layout
from tools.environment import Listed, Release
from tools.unit_check import STATIC, portable_paths

CACHE = Path(os.environ.get("TRAIN_EVAL_RELEASES", Path.home() / ".cache" / "train-eval" / "releases"))
MARKER = "train-eval-requirements.json"  # in each environment: what it was built with


# 1. Environments -------------------------------------------------------------------


def environment_dir(release: Release) -> Path:
    return CACHE / f"torch-{release.torch}-py{release.python}"


def _base_python(version: str) -> str:
    found = shutil.which(f"python{version}")
    if found:
        return found
    if f"{sys.version_info.major}.{sys.version_info.minor}" == version:
        return sys.executable
    raise SystemExit(f"python{version} is not on PATH: install Python {version} to build this release's environment")


def ensure_environment(listed: Listed, root: Path = ROOT) -> tuple[Path, bool]:
    """The environment's python, and whether it was reused as it was."""
    release = listed.release
    folder = environment_dir(release)
    python = folder / "bin" / "python"
    requirements = [listed.requirement, *environment.harness_packages(root)]
    marker = folder / MARKER
    if python.exists() and marker.exists() and json.loads(marker.read_text()).get("requirements") == requirements:
        return python, True
    if not python.exists():
        subprocess.run([_base_python(release.python), "-m", "venv", str(folder)], check=True)
    log = folder / "pip.log"
    # A constraint keeps pip from swapping torch for another release to satisfy some other pin.
    constraint = folder / "train-eval-constraints.txt"
    constraint.write_text(listed.requirement + "\n")
    missing = []
    with log.open("w") as out:

        def pip(*packages: str) -> int:
            command = [str(python), "-m", "pip", "install", "-c", str(constraint), *packages]
            return subprocess.run(command, stdout=out, stderr=subprocess.STDOUT).returncode

        if pip(*requirements):
            # Some pin does not install beside this torch (a framework that needs a newer one): install the
            # others one by one; the units that import the missing ones fail there, and the record says so.
            if pip(listed.requirement):
                tail = "".join(log.read_text().splitlines(keepends=True)[-15:])
                raise SystemExit(f"{release}: pip install {listed.requirement} failed ({log}):\n{tail}")
            missing = [pin for pin in requirements[1:] if pip(pin)]
    # The version torch reports, build tag included, must be the one releases.toml names.
    reported = subprocess.run(
        [str(python), "-c", "import torch; print(torch.__version__)"], capture_output=True, text=True
    ).stdout.strip()
    if reported != release.torch:
        raise SystemExit(
            f"{environment.RELEASES_FILE}: lists torch {release.torch}, but `pip install {listed.requirement}` "
            f"installed {reported or 'a torch that does not import'} ({folder}). Write the version torch reports, "
            "or offer pip the build you mean (a +cpu build needs a CPU index or local wheel)."
        )
    marker.write_text(
        json.dumps({"requirements": requirements, "torch": reported, "missing": missing}, indent=2) + "\n"
    )
    if missing:
        print(f"{release}: these pins do not install beside it, not installed: {', '.join(missing)}", file=sys.stderr)
    return python, False


# 2. Running the units (inside a release's environment) --------------------------------


def chosen_units(root: Path, patterns: list[str]) -> list[str]:
    return [unit for unit in layout.units(root) if not patterns or any(p in unit for p in patterns)]


def split_current(root: Path, release: Release, units: list[str], may_skip: bool) -> tuple[list[str], list[str]]:
    """(to run, to skip) on `release`. A unit whose record has the release for its current source ran
    there with nothing changed since: skipped when `may_skip` (the environment was reused as built,
    and no --check or --rerun asks for everything)."""
    if not may_skip:
        return units, []
    current = [unit for unit in units if release in environment.current(root, unit)]
    return [unit for unit in units if unit not in current], current


def run_here(root: Path, chosen: list[str], timeout: float) -> list[dict]:
    """Run the units with the harness of this interpreter's torch; one result per unit."""
    from tools import notebooks, verify
    from tools.snippet_runner import servers
    from tools.unit_check import UnitFailure

    started = servers()  # before the first snippet: its two runs, in two threads, must not both start them
    if sum(layout.is_snippet(unit) for unit in chosen) >= 10:
        for server in started:
            server.warm()  # as the pytest plugin does for a whole suite
    results = []
    for unit in chosen:
        path = root / unit
        if not path.exists():
            continue  # renamed or deleted while the run went on: nothing to record
        result = {"unit": unit}
        specifier = environment.applies_to(root, unit)
        if not environment.applies(specifier, environment.running()):
            # Its `# Applies to:` line leaves this release out (an API it lacks): not run, nothing recorded.
            results.append({**result, "status": "skipped", "needs": f"torch{specifier}"})
            print("s", end="", file=sys.stderr, flush=True)
            continue
        try:
            if layout.is_notebook(unit):
                stored = notebooks.read(path)
                result["stored_sha256"] = notebooks.output_digest(stored)
                result["stored"] = notebooks.output_text(stored)
                fresh = notebooks.execute(path, name=unit, timeout=timeout, hash_seed=1)
                result["output"] = notebooks.output_text(fresh)
                result["output_sha256"] = notebooks.output_digest(fresh)
            else:
                stored_path = layout.output_path(Path(unit))
                stored = stored_path.read_text() if stored_path.exists() else ""
                result["stored_sha256"] = environment.digest(stored) if stored_path.exists() else None
                result["stored"] = stored
                result["output"] = verify.run_verified(Path(unit), timeout)
                result["output_sha256"] = environment.digest(result["output"])
            result["status"] = "pass"
        except UnitFailure as failure:
            result["status"] = failure.kind
            result["message"] = str(failure)
            result["reason"] = _reason(failure)
            if failure.printed:
                result["output"] = failure.printed  # what it printed up to the failure: the page shows it
        print("." if result["status"] == "pass" else "F", end="", file=sys.stderr, flush=True)
        results.append(result)
    print(file=sys.stderr)
    return results


def _reason(failure) -> str:
    """One line for the record and the page: the core's reason (tools/unit_check.py names the failing assert,
    the warning written to stderr, the lines that change), or, for what a unit raised, the exception's line."""
    lines = str(failure).splitlines()
    reason = getattr(failure, "reason", None) or lines[0]
    if failure.kind in ("claim", "error") and not re.match(r"[\w.]+(Error|Exception|Iteration|Exit)\b", reason):
        # A multi-line exception message ends with advice: name the exception's own line instead.
        raised = [n for n, line in enumerate(lines) if re.match(r"\s*[\w.]+(Error|Exception)\b:", line)]
        if raised:
            reason = lines[raised[-1]].strip()
            following = [line.strip() for line in lines[raised[-1] + 1 :] if line.strip()]
            if reason.endswith(":") and following:  # ImportError:\n<the message on its own lines>
                reason += " " + following[0]
    return portable_paths(reason)


def catalogue_here(root: Path) -> dict:
    """The catalogue's completeness test, on this interpreter's torch: for each name the summary tables
    list, whether it exists here and reads the flag, and the readers here that no table lists."""
    from tools import catalogue

    found = catalogue.readers()
    listed = catalogue.catalogued()
    reading = {name for reader in found.values() for name in (*reader.aliases, reader.definition)}
    names = {}
    for name in sorted(listed):
        try:
            obj = catalogue.resolve(name)
        except Exception:  # noqa: BLE001 - a framework that refuses this torch (transformers 5 below 2.6)
            obj = None
        reads = name in reading or (obj is not None and bool(catalogue.reads_flag(obj)))
        names[name] = {"exists": obj is not None, "reads": reads}
    exclusions = catalogue.load_exclusions()
    return {
        "names": names,
        "uncovered": catalogue.uncovered(found, listed, exclusions),
        "stale": catalogue.stale_exclusions(found, catalogue.torch_scan().source, exclusions),
    }


CATALOGUE_RECORD = Path(layout.CATALOGUE_RECORD)


def catalogue_record(root: Path) -> dict:
    path = root / CATALOGUE_RECORD
    return json.loads(path.read_text()) if path.exists() else {"releases": {}, "names": {}}


def record_catalogue(root: Path, release: Release, scanned: dict) -> list[str]:
    """Record, per catalogued name, the releases where it exists and reads the flag (the pages say since
    when); names no table lists any more are dropped. Returns what changed for this release."""
    data = catalogue_record(root)
    changed = []
    names = {}
    for name, facts in scanned["names"].items():
        old = data["names"].get(name, {"exists": [], "reads": []})
        row = {}
        for key in ("exists", "reads"):
            others = [torch for torch in old.get(key, []) if torch != release.torch]
            row[key] = sorted(others + ([release.torch] if facts[key] else []), key=lambda t: Release(t, "").sort_key())
            if (release.torch in old.get(key, [])) != facts[key] and name in data["names"]:
                changed.append(f"{name}: {key} {facts[key]}")
        names[name] = row
    listed = {item.release.torch for item in environment.releases(root)}
    for row in names.values():  # only listed releases
        for key in row:
            row[key] = [torch for torch in row[key] if torch in listed]
    releases = {torch: info for torch, info in data["releases"].items() if torch in listed}
    releases[release.torch] = {"python": release.python, "uncovered": scanned["uncovered"], "stale": scanned["stale"]}
    data = {
        "releases": dict(sorted(releases.items(), key=lambda item: Release(item[0], "").sort_key())),
        "names": names,
    }
    (root / CATALOGUE_RECORD).parent.mkdir(parents=True, exist_ok=True)
    temporary = (root / CATALOGUE_RECORD).with_suffix(".tmp")
    temporary.write_text(json.dumps(data, indent=2) + "\n")
    os.replace(temporary, root / CATALOGUE_RECORD)
    return changed


# 3. Comparing and recording ------------------------------------------------------------


def against_record(root: Path, release: Release, result: dict) -> str | None:
    """How this result differs from what the record says for this version of the unit; None when it agrees."""
    recorded = environment.current(root, result["unit"]).get(release)
    if result["status"] == STATIC:
        return "fails a check of the file's shape, the same on every release (not recorded: fix the file)"
    if result["status"] == "skipped":
        return "does not apply here; the record has an entry" if recorded else None
    if result["status"] == "pass":
        if recorded is None:
            return "passes; the record has no entry for this version"
        if not recorded.passed:
            return "passes; the record has it failing"
        if recorded.output_sha256 != result["output_sha256"]:
            return "passes with another output than recorded"
        return None
    if recorded is None:
        return "fails; the record has no entry for this version"
    if recorded.passed:
        return "fails; the record has it verified"
    if recorded.failure != result.get("reason"):
        return "fails otherwise than recorded"
    return None


def record(root: Path, release: Release, result: dict) -> None:
    """A pass records its output (its text too where it differs from the stored one, for the page); a
    failure records what failed, so the page says the claim does not hold there."""
    unit = result["unit"]
    if result["status"] == STATIC:
        return  # the file's shape, not this release: the normal test command fails on it, on every release
    if result["status"] == "skipped":
        environment.remove(root, unit, release)
    elif result["status"] == "pass":
        environment.add(root, unit, release, result["output_sha256"], output=result["output"], stored=result["stored"])
    else:
        environment.add_failure(
            root, unit, release, result["status"], result.get("reason") or "", output=result.get("output")
        )


def _indent(text: str, limit: int = 40) -> str:
    lines = text.splitlines()
    shown = lines[:limit] + ([f"... ({len(lines) - limit} more lines)"] if len(lines) > limit else [])
    return "".join(f"      {line}\n" for line in shown)


def report(
    root: Path, listed: Listed, results: list[dict], reused: bool, setup: float, seconds: float, kept: int = 0
) -> tuple[str, int]:
    """The release's section of the report, and how many results differ from the record."""
    release = listed.release
    pin = environment.pinned(root)
    passed = sum(result["status"] == "pass" for result in results)
    skipped = [result for result in results if result["status"] == "skipped"]
    ran = len(results) - len(skipped)
    lines = [
        f"## {release}{' (pinned)' if listed.pinned else ''}\n\n",
        f"Environment {'reused' if reused else 'built'} in {setup:.1f} s; {ran} units run in {seconds:.1f} s: "
        f"{passed} passed, {ran - passed} failed"
        + (f"; {len(skipped)} skipped (they apply to other releases only)" if skipped else "")
        + (f"; {kept} not run, current in the record (--rerun runs them)" if kept else "")
        + ".\n\n",
    ]
    by_difference: dict[str, list[str]] = {}
    for result in results:
        unit, status = result["unit"], result["status"]
        mismatch = against_record(root, release, result)
        if mismatch:
            by_difference.setdefault(mismatch, []).append(unit)
        if status == "skipped":
            continue
        # A failure or output the pinned release shares is the snippet's, not this release's.
        pinned_too = not listed.pinned and environment.verified(root, unit).get(pin) != result["stored_sha256"]
        also = f" (not verified on the pinned {pin} either)" if pinned_too else ""
        if status == "pass" and result["output_sha256"] != result["stored_sha256"]:
            lines.append(f"- {unit}: the claim holds; the output differs from the stored one{also}:\n")
            diff = difflib.unified_diff(
                result["stored"].splitlines(keepends=True),
                result["output"].splitlines(keepends=True),
                "stored",
                str(release),
            )
            lines.append(_indent("".join(diff)))
        elif status != "pass":
            what = {
                "claim": "the claim fails (an assert)",
                "error": "it raises before its asserts end",
                "stderr": "its checks pass, but it writes to stderr",
                "unstable": "its output changes between its two runs",
                "timeout": "it does not finish in time",
                STATIC: "the file's shape is wrong (the same on every release; not recorded)",
            }
            lines.append(f"- {unit}: {what.get(status, status)}{also}:\n{_indent(result['message'], 25)}")
    for mismatch, found in by_difference.items():
        lines.append(f"\nAgainst the record (verified/): {len(found)} {mismatch}: {', '.join(found)}\n")
    return "".join(lines), sum(len(found) for found in by_difference.values())


def summary_line(root: Path, release: Release, results: list[dict]) -> str:
    """One line a maintainer acts on: what differs on this release, and the pages that show it."""
    changed = [r["unit"] for r in results if r["status"] == "pass" and r["output_sha256"] != r["stored_sha256"]]
    claims = [r["unit"] for r in results if r["status"] == "claim"]
    errors = [r["unit"] for r in results if r["status"] not in ("pass", "claim", "skipped")]
    touched = set(changed + claims + errors)
    # Pages by a plain search for the include (the workflow runs this outside any environment: no Markdown).
    names = {name for unit in touched for name in layout.shown_files(unit)}
    pages = sorted(
        {
            page.relative_to(root).as_posix()
            for page in layout.site_pages(root)
            if any(f'"{name}' in page.read_text() for name in names)
        }
        | {unit for unit in touched if layout.is_notebook(unit)}
    )
    return (
        f"{release.torch}: {len(changed)} outputs differ from the stored ones, {len(claims)} claims fail, "
        f"{len(errors)} other failures; pages affected: {', '.join(pages) or 'none'}"
    )


def env_for_release() -> dict:
    # The environment's own interpreter, not this one's packages: a clean PYTHONPATH, the repo as cwd.
    return {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}


def catalogue_report(root: Path, release: Release, scanned: dict, seconds: float) -> tuple[str, int]:
    """The catalogue's part of a release's section, and how many of its facts differ from the record."""
    data = catalogue_record(root)
    differ = []
    for name, facts in scanned["names"].items():
        old = data["names"].get(name)
        for key in ("exists", "reads"):
            if old is None or (release.torch in old.get(key, [])) != facts[key]:
                differ.append(f"{name} {'exists' if key == 'exists' else 'reads the flag'}: {facts[key]}")
    recorded = data["releases"].get(release.torch, {})
    if recorded.get("uncovered") != scanned["uncovered"]:
        differ.append("the readers no table lists")
    if recorded.get("stale") != scanned["stale"]:
        differ.append("the exclusions that name nothing")
    absent = [name for name, facts in scanned["names"].items() if not facts["exists"]]
    silent = [name for name, facts in scanned["names"].items() if facts["exists"] and not facts["reads"]]
    lines = [f"\nCatalogue: {len(scanned['names'])} catalogued names checked in {seconds:.1f} s.\n"]
    lines += [f"- not in this release: {', '.join(absent)}\n"] if absent else []
    lines += [f"- here, but not reading the flag: {', '.join(silent)}\n"] if silent else []
    if scanned["uncovered"]:
        lines.append(f"- readers here that no table lists nor excludes ({len(scanned['uncovered'])}):\n")
        lines += [f"      {message}\n" for message in scanned["uncovered"]]
    else:
        lines.append("- every reader here is catalogued or excluded\n")
    if scanned["stale"]:
        lines.append(f"- exclusions that name nothing here ({len(scanned['stale'])}):\n")
        lines += [f"      {message}\n" for message in scanned["stale"]]
    if differ:
        lines.append(f"- differs from the record ({CATALOGUE_RECORD}): {'; '.join(differ[:20])}\n")
    return "".join(lines), len(differ)


def matrix(root: Path) -> str:
    """The releases as JSON, for the workflow's job matrix (never typed twice)."""
    rows = [
        {"torch": item.release.torch, "python": item.release.python, "cpu_build": item.release.torch.endswith("+cpu")}
        for item in environment.releases(root)
    ]
    return json.dumps(rows)


def differences(root: Path) -> str:
    """From the record, no run: each unit on which some listed release prints otherwise than the stored
    output, fails, or is skipped by its `# Applies to:` line; a line per unit, then the count."""
    listed = [item.release for item in environment.releases(root)]
    lines = []
    for unit in layout.units(root):
        stored = environment.stored_digest(root, unit)
        current = environment.current(root, unit)
        specifier = environment.applies_to(root, unit)
        found = []
        for release in listed:
            entry = current.get(release)
            name = release.torch
            if not environment.applies(specifier, release):
                found.append(f"{name} skipped (torch{specifier})")
            elif entry is None:
                found.append(f"{name} not run")
            elif entry.printed_sha256 is None:
                found.append(f"{name} fails: {entry.failure}")
            elif entry.printed_sha256 != stored:
                found.append(f"{name} prints otherwise")
            if entry is not None and entry.only_wrote_to_stderr:
                found.append(f"{name} writes to stderr")
        if found:
            lines.append(f"{unit}: " + "; ".join(found))
    return "\n".join(lines + [f"{len(lines)} of {len(layout.units(root))} units differ on some listed release"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.releases", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="record nothing; exit 1 when a result differs")
    parser.add_argument("--release", action="append", default=[], help="only this torch version (repeatable)")
    parser.add_argument("-k", dest="patterns", action="append", default=[], help="only units whose path has this")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a snippet or cell may run")
    parser.add_argument("--report", type=Path, help="also write the report to this file")
    parser.add_argument("--matrix", action="store_true", help="print the releases as JSON and exit")
    parser.add_argument(
        "--differences", action="store_true", help="list, from the record, each unit some release prints otherwise"
    )
    parser.add_argument(
        "--rerun", action="store_true", help="run every unit, also those the record has current for the release"
    )
    parser.add_argument("--run-here", type=Path, metavar="RESULTS", help=argparse.SUPPRESS)
    parser.add_argument("--units", type=Path, help=argparse.SUPPRESS)  # with --run-here: the units to run
    parser.add_argument("--catalogue-here", type=Path, metavar="RESULTS", help=argparse.SUPPRESS)
    parser.add_argument(
        "--catalogue",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also run the catalogue's completeness scan (default: when no -k is given)",
    )
    args = parser.parse_args(argv)
    root = ROOT
    if args.matrix:
        print(matrix(root))
        return 0
    if args.differences:
        print(differences(root))
        return 0
    if args.catalogue_here:
        args.catalogue_here.write_text(json.dumps(catalogue_here(root)))
        return 0
    if args.run_here:
        chosen = json.loads(args.units.read_text()) if args.units else chosen_units(root, args.patterns)
        args.run_here.write_text(json.dumps(run_here(root, chosen, args.timeout)))
        return 0
    listed = environment.releases(root)
    unknown = set(args.release) - {item.release.torch for item in listed}
    if unknown:
        parser.error(f"not in {environment.RELEASES_FILE}: {', '.join(sorted(unknown))}")
    chosen = [item for item in listed if not args.release or item.release.torch in args.release]
    rerun = args.check or args.rerun  # --check and --rerun run everything
    sections, differing, overview = [], 0, []
    for item in chosen:
        print(f"{item.release}: environment in {environment_dir(item.release)}", file=sys.stderr, flush=True)
        start = time.perf_counter()
        python, reused = ensure_environment(item, root)
        setup = time.perf_counter() - start
        start = time.perf_counter()
        todo, current = split_current(root, item.release, chosen_units(root, args.patterns), reused and not rerun)
        results = []
        if todo:
            with tempfile.TemporaryDirectory() as tmp:
                out, units = Path(tmp) / "results.json", Path(tmp) / "units.json"
                units.write_text(json.dumps(todo))
                command = [str(python), "-m", "tools.releases", "--run-here", str(out), "--units", str(units)]
                command += ["--timeout", str(args.timeout)]
                subprocess.run(command, cwd=root, env=env_for_release(), check=True)
                results = json.loads(out.read_text())
        seconds = time.perf_counter() - start
        text, count = report(root, item, results, reused, setup, seconds, len(current))
        overview.append(summary_line(root, item.release, results))
        if not args.check:  # before the catalogue scan: a failure there must not lose these
            for result in results:
                record(root, item.release, result)
        if args.catalogue if args.catalogue is not None else not args.patterns:
            start = time.perf_counter()
            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / "catalogue.json"
                command = [str(python), "-m", "tools.releases", "--catalogue-here", str(out)]
                scan = subprocess.run(command, cwd=root, env=env_for_release(), capture_output=True, text=True)
                scanned = json.loads(out.read_text()) if scan.returncode == 0 else None
            if scanned is None:
                text += f"\nCatalogue: the scan failed:\n{_indent(scan.stderr[-3000:], 30)}"
                count += 1
            else:
                seconds = time.perf_counter() - start
                catalogue_text, catalogue_count = catalogue_report(root, item.release, scanned, seconds)
                text += catalogue_text
                count += catalogue_count
                if not args.check:
                    record_catalogue(root, item.release, scanned)
        sections.append(text)
        differing += count
        print(text, flush=True)
    summary = (
        f"{differing} results differ from the record" + (" (now recorded)" if differing and not args.check else "")
        if differing
        else "every result agrees with the record"
    )
    if differing and args.check:
        summary += ". To record them, after reviewing the report: python -m tools.releases " + " ".join(
            f"--release {item.release.torch}" for item in chosen
        )
    summary = "".join(f"{line}\n" for line in overview) + summary
    # Entries of an older version of a unit: the normal test command lets them be (the page says
    # "not yet verified" there), the release workflow's --check does not.
    outdated = environment.stale(root) if args.check and not args.patterns else []
    if outdated:
        summary += "\n" + "\n".join(outdated)
    print(summary)
    if args.report:
        args.report.write_text("# Release matrix\n\n" + "\n".join(sections) + f"\n{summary}\n")
    return 1 if args.check and (differing or outdated) else 0


if __name__ == "__main__":
    sys.exit(main())
