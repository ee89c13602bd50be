"""The jobs a person runs, in one place: `python -m tools <job>`.

    check [PYTEST ARGS]   every test (what `make test` and CI run)
    refresh [-k NAME]     rewrite stored snippet and notebook outputs from what the code prints now
    build [--site-dir D]  the site, as CI publishes it (mkdocs build --strict)
    serve                 the site at http://127.0.0.1:8000/train-eval/, rebuilt on every edit
    bench                 the harness's speed figures (benchmarks/suite_speed.py)
    releases [ARGS]       every snippet on every release in releases.toml (python -m tools.releases)

The Makefile, .ci/run and the workflows call these, so no job is spelled out twice.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from tools import ROOT

# The units a refresh rewrites: every snippet and the notebook.
UNIT_TESTS = ["tests/test_snippets.py", "tests/test_notebooks.py"]


def run(command: list[str]) -> int:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")  # MkDocs 1.6 prints a banner about 2.0 otherwise
    return subprocess.run(command, cwd=ROOT, env=env).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools", description=__doc__.split("\n\n")[0])
    jobs = parser.add_subparsers(dest="job", required=True)
    jobs.add_parser("check", help="every test", add_help=False)
    refresh = jobs.add_parser("refresh", help="rewrite stored outputs")
    refresh.add_argument("-k", dest="expression", help="only the units whose name matches (pytest -k)")
    build = jobs.add_parser("build", help="build the site")
    build.add_argument("--site-dir", default="site")
    jobs.add_parser("serve", help="serve the site, rebuilt on edits")
    jobs.add_parser("bench", help="print the harness's speed figures", add_help=False)
    jobs.add_parser("releases", help="run the release matrix", add_help=False)
    args, rest = parser.parse_known_args(argv)
    python = sys.executable
    passed_on = {  # jobs whose extra arguments go to the command they run
        "check": [python, "-m", "pytest"],
        "bench": [python, "benchmarks/suite_speed.py"],
        "releases": [python, "-m", "tools.releases"],
    }
    if args.job in passed_on:
        return run(passed_on[args.job] + rest)
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if args.job == "refresh":
        selection = ["-k", args.expression] if args.expression else []
        return run([python, "-m", "pytest", "--update-outputs", *UNIT_TESTS, *selection])
    if args.job == "build":
        from tools.build import build_site

        result = build_site(ROOT / args.site_dir)
        sys.stdout.write(result.stdout + result.stderr)
        return result.returncode
    return run([python, "-m", "mkdocs", "serve"])


if __name__ == "__main__":
    sys.exit(main())
