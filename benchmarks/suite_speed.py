"""How fast the harness is: prints medians, and ratios measured in this one run.

    .venv/bin/python benchmarks/suite_speed.py [--runs 3] [--whole]

Figures: the whole test suite without browser tests (and, with --whole, the
whole test command, `python -m tools check`, browser tests included, run once:
it takes minutes here); the time per snippet
through the fork server against a fresh interpreter per snippet; the harness
overhead per snippet (a snippet that only prints); checking and refreshing one
snippet with pytest; how the check's cost per snippet grows, on synthetic trees
of 68 and 500 snippets generated in a temporary folder; and `mkdocs build`. Targets (2-core
machine, issues 9 and 12): suite without browser tests < 45 s, whole test command <= 60 s,
checking <= 30 ms a snippet, one snippet < 3 s. The figures print beside them, met or not.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools import ROOT, layout  # noqa: E402
from tools.build import build_site  # noqa: E402
from tools.snippet_runner import run_snippet, servers  # noqa: E402
from tools.verify import check_snippet  # noqa: E402

PYTEST = [sys.executable, "-m", "pytest", "-q"]
ONE = "train_sets_flag"  # the snippet checked and refreshed alone


def wall(command: list[str], **kwargs) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, **kwargs)
    seconds = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return seconds


def median_of(runs: int, measure) -> float:
    return statistics.median(measure() for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per figure; medians are printed (default 3)")
    parser.add_argument("--whole", action="store_true", help="also time the whole test command once")
    args = parser.parse_args()
    runs = args.runs
    snippets = layout.snippet_files(ROOT)
    [one] = [path for path in snippets if path.stem == ONE]
    print(f"machine: {os.cpu_count()} cores, {platform_cpu()}; {len(snippets)} snippets; medians of {runs} runs")

    suite = median_of(runs, lambda: wall([*PYTEST, "--ignore=tests/browser"]))
    print(f"whole suite without browser tests:       {suite:6.2f} s   (target < 45 s)")
    if args.whole:
        whole = wall([sys.executable, "-m", "tools", "check", "-q"])
        print(f"whole test command (python -m tools check): {whole:6.1f} s  (target <= 60 s; one run)")

    check_one = median_of(runs, lambda: wall([*PYTEST, "-k", one.stem]))
    refresh_one = median_of(runs, lambda: wall([*PYTEST, "--update-outputs", "-k", one.stem]))
    print(f"check one snippet (pytest -k {one.stem}):   {check_one:6.2f} s   (target < 3 s)")
    print(f"refresh one snippet (--update-outputs -k):  {refresh_one:6.2f} s   (target < 3 s)")

    for server in servers():  # as in a full test run: torch's lazy compiler imports preloaded
        server.warm()
    run_snippet(one)  # wait until the servers are up
    with tempfile.TemporaryDirectory() as tmp:
        trivial = Path(tmp, "trivial.py")
        trivial.write_text("print('ok')\n")
        fork_trivial = median_of(max(runs, 20), lambda: run_snippet(trivial).seconds)
        fresh_trivial = median_of(runs, lambda: wall([sys.executable, str(trivial)]))
        fresh_torch = median_of(runs, lambda: wall([sys.executable, "-c", "import torch"]))
    print(f"harness overhead per snippet (fork):      {fork_trivial * 1000:6.1f} ms  (target <= 50 ms)")
    print(
        f"fresh interpreter importing torch:        {fresh_torch * 1000:6.1f} ms  (python alone: {fresh_trivial * 1000:.1f} ms)"
    )

    forked = [statistics.median(run_snippet(path).seconds for _ in range(runs)) for path in snippets]
    fresh = [median_of(runs, lambda path=path: wall([sys.executable, str(path)])) for path in snippets]
    print(
        f"per snippet, median over {len(snippets)} snippets: fork {statistics.median(forked) * 1000:.0f} ms, "
        f"fresh interpreter {statistics.median(fresh) * 1000:.0f} ms, "
        f"ratio {statistics.median(fresh) / statistics.median(forked):.1f}x"
    )
    print(
        f"all snippets once: fork {sum(forked):.1f} s, fresh interpreter {sum(fresh):.1f} s, "
        f"ratio {sum(fresh) / sum(forked):.1f}x"
    )

    for count in (68, 500):
        per_snippet = synthetic_check_seconds(count) / count
        print(f"check per snippet, synthetic tree of {count:3}:  {per_snippet * 1000:6.1f} ms  (target <= 30 ms)")

    with tempfile.TemporaryDirectory() as tmp:
        build = median_of(runs, lambda: timed_build(Path(tmp) / "site"))
    print(f"mkdocs build --strict:                    {build:6.2f} s")


# A snippet of the real shape: torch work in [show], an assert in [check].
SYNTHETIC = '''"""Synthetic claim number {n}: eval-mode Dropout returns its input."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed({n})
x = torch.randn(4)
print("equal in eval mode:", torch.equal(nn.Dropout(0.5).eval()(x), x))
# --8<-- [end:show]

# --8<-- [start:check]
assert torch.equal(nn.Dropout(0.5).eval()(x), x)
# --8<-- [end:check]
'''


def synthetic_check_seconds(count: int) -> float:
    """Seconds to check `count` generated snippets (stored outputs refreshed first), as the tests check them."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp)
        (tree / "releases.toml").write_text((ROOT / "releases.toml").read_text())
        folder = tree / layout.SNIPPETS / "synthetic"
        folder.mkdir(parents=True)
        paths = []
        for n in range(count):
            path = folder / f"claim_{n:04}.py"
            path.write_text(SYNTHETIC.format(n=n))
            check_snippet(path, update=True)
            paths.append(path)
        start = time.perf_counter()
        for path in paths:
            check_snippet(path)
        return time.perf_counter() - start


def timed_build(site: Path) -> float:
    start = time.perf_counter()
    result = build_site(site)
    if result.returncode:
        sys.exit(result.stderr)
    return time.perf_counter() - start


def platform_cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown CPU"


if __name__ == "__main__":
    main()
