"""`python -m tools` is the one place the jobs are spelled out: the Makefile and the workflows call it."""

import re
import subprocess
import sys

from tools import ROOT


def test_make_and_the_pages_workflow_run_the_jobs_through_the_cli():
    makefile = (ROOT / "Makefile").read_text()
    workflow = (ROOT / ".github/workflows/pages.yml").read_text()
    expected = {
        "Makefile: test": (r"^test:.*\n\t\$\(VENV\)/bin/python -m tools check$", makefile),
        "Makefile: serve": (r"-- \$\(VENV\)/bin/python -m tools serve$", makefile),
        "pages.yml: Build the site": (r"run: \.venv/bin/python -m tools build --site-dir site$", workflow),
    }
    missing = [where for where, (pattern, text) in expected.items() if not re.search(pattern, text, re.M)]
    assert not missing, (
        f"{', '.join(missing)}: run the job with `python -m tools <job>` (tools/__main__.py), "
        "so that no job is spelled out twice."
    )


def test_a_job_refuses_arguments_it_does_not_take():
    result = subprocess.run(
        [sys.executable, "-m", "tools", "serve", "--no-such-option"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "unrecognized arguments: --no-such-option" in result.stderr
