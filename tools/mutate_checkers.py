"""Replace each checker in turn with one that reports nothing, and run the tests: they must fail.

    .venv/bin/python -m tools.mutate_checkers                 # every checker, tests/test_checkers_can_fail.py
    .venv/bin/python -m tools.mutate_checkers -k stderr        # the checkers whose name contains "stderr"
    .venv/bin/python -m tools.mutate_checkers tests/test_harness.py tests/test_record.py   # other test files

For each checker found by tools/checkers.py, one pytest run in its own process,
with this module loaded as a plugin (`-p tools.mutate_checkers`) and the
checker's name in TRAIN_EVAL_NOOP_CHECKER: before any test module is imported,
the plugin puts a stand-in that reports nothing in place of the checker, in its
module and wherever it was imported by name. A run that passes means no test
notices when the checker stops working: a hole. The run stops at the first
failure (-x), and the checker's own rows of the table run first, so a red result costs seconds. A run without any stand-in comes
first, and must pass.

Exit status: 0 when every checker turned the tests red, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from tools import ROOT
from tools.checkers import discover, reports_nothing, resolve

VARIABLE = "TRAIN_EVAL_NOOP_CHECKER"
DEFAULT_TESTS = ["tests/test_checkers_can_fail.py"]


def replace(name: str) -> None:
    """Put a stand-in that reports nothing in place of the checker `name`, everywhere it is bound."""
    module, attribute = resolve(name)
    original = getattr(module, attribute)
    stand_in = reports_nothing(original)
    for loaded in list(sys.modules.values()):
        namespace = getattr(loaded, "__dict__", {})
        for key, value in list(namespace.items()):
            if value is original:
                namespace[key] = stand_in


def pytest_configure(config):
    name = os.environ.get(VARIABLE)
    if name:
        replace(name)


def pytest_collection_modifyitems(session, config, items):
    """The replaced checker's own rows first, so a red run stops within seconds; every test still runs
    when none fails."""
    name = os.environ.get(VARIABLE)
    if name:
        short = name.rsplit(".", 1)[1]
        items.sort(key=lambda item: f"[{short}-" not in item.nodeid)


def pytest_report_header(config):
    name = os.environ.get(VARIABLE)
    return f"checker replaced by one that reports nothing: {name}" if name else None


def run(tests: list[str], name: str | None) -> tuple[int, float]:
    env = dict(os.environ)
    env.pop(VARIABLE, None)
    if name:
        env[VARIABLE] = name
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "tools.mutate_checkers"]
    start = time.perf_counter()
    result = subprocess.run([*command, *tests], cwd=ROOT, env=env, capture_output=True, text=True)
    return result.returncode, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tests", nargs="*", default=DEFAULT_TESTS, help="test files to run (default: %(default)s)")
    parser.add_argument("-k", dest="only", default="", help="only the checkers whose name contains this")
    args = parser.parse_args(argv)
    names = [name for name in discover() if args.only in name]
    code, seconds = run(args.tests, None)
    if code != 0:
        print(f"the tests fail with no checker replaced (exit {code}): fix them first: pytest {' '.join(args.tests)}")
        return 1
    print(f"no checker replaced: green ({seconds:.0f} s)")
    holes = []
    for name in names:
        code, seconds = run(args.tests, name)
        verdict = {0: "GREEN (a hole: no test notices)", 1: "red"}.get(code, f"error (pytest exit {code})")
        print(f"{name:55} {verdict} ({seconds:.0f} s)", flush=True)
        if code != 1:
            holes.append(name)
    print(f"{len(names) - len(holes)} of {len(names)} checkers turn the tests red when replaced by a no-op.")
    return 1 if holes else 0


if __name__ == "__main__":
    sys.exit(main())
