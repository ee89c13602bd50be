"""How long the release matrix takes per release: prints the figures of one run of each.

    .venv/bin/python benchmarks/release_speed.py [--release 2.4.1+cu121 ...] [--rerun]

For each release in releases.toml (or those named), one `python -m tools.releases
--release R` run as a subprocess: the wall time of the whole command, and
the parts its report states (environment check or build, running the units, the
catalogue scan). By default it is the second run a maintainer makes with nothing
changed: the environments exist and the record is current, so it reruns only the
units whose source changed since they were recorded (none, when nothing did) and
the catalogue scan; with nothing changed it writes nothing new to verified/.
`--rerun` times a full run of every unit instead (`--rerun --check`: what CI's
check and a run after a torch upgrade cost; it records nothing). Figures print;
nothing passes or fails.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools import ROOT, environment  # noqa: E402


def one_release(torch: str, rerun: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.md"
        command = [sys.executable, "-m", "tools.releases", "--release", torch, "--report", str(report)]
        # The second run is the maintainer's own command (with nothing changed it records nothing new);
        # a full run uses --check, so timing it never writes verified/.
        command += ["--rerun", "--check"] if rerun else []
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        text = report.read_text() if report.exists() else done.stdout + done.stderr
    figures = {"wall": seconds, "exit": done.returncode}
    setup = re.search(r"Environment (reused|built) in ([\d.]+) s; (\d+) units run in ([\d.]+) s", text)
    if setup:
        figures.update(env=setup[1], setup=float(setup[2]), units=int(setup[3]), run=float(setup[4]))
    kept = re.search(r"(\d+) not run, current in the record", text)
    figures["kept"] = int(kept[1]) if kept else 0
    scan = re.search(r"Catalogue: \d+ catalogued names checked in ([\d.]+) s", text)
    figures["catalogue"] = float(scan[1]) if scan else None
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--release", action="append", default=[], help="only this torch version (repeatable)")
    parser.add_argument("--rerun", action="store_true", help="time a full run of every unit")
    args = parser.parse_args()
    listed = [item.release.torch for item in environment.releases(ROOT)]
    chosen = [torch for torch in listed if not args.release or torch in args.release]
    kind = "full run of every unit" if args.rerun else "second run, nothing changed"
    print(f"Release matrix, {kind} (python -m tools.releases per release):")
    rerun = args.rerun
    for torch in chosen:
        f = one_release(torch, rerun)
        parts = [f"{f['wall']:.0f} s in all"]
        if "setup" in f:
            parts.append(f"environment {f['env']} in {f['setup']:.1f} s")
            parts.append(f"{f['units']} units run in {f['run']:.1f} s, {f['kept']} current in the record")
        if f["catalogue"] is not None:
            parts.append(f"catalogue scan {f['catalogue']:.1f} s")
        if rerun:  # --check: exit 1 when a result differs from the record
            parts.append("agrees with the record" if f["exit"] == 0 else "differs from the record (exit 1)")
        elif f["exit"]:
            parts.append(f"failed (exit {f['exit']})")
        print(f"  torch {torch:14} " + "; ".join(parts))


if __name__ == "__main__":
    main()
