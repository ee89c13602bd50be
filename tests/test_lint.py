"""Lint: ruff (format and check) on all Python, codespell on the pages."""

import subprocess
import sys

import pytest

from tools import ROOT, layout

CHECKS = {
    "ruff format": ([sys.executable, "-m", "ruff", "format", "--check", "--diff", "."], "ruff format ."),
    "ruff check": ([sys.executable, "-m", "ruff", "check", "--output-format=concise", "."], "ruff check --fix ."),
    "codespell": (
        [sys.executable, "-m", "codespell_lib", layout.DOCS, *layout.GITHUB_PAGES, layout.SNIPPETS, "tools", "tests"],
        "codespell --write-changes <file> (or fix the word by hand)",
    ),
}


@pytest.mark.parametrize("name", CHECKS)
def test_lint(name):
    command, fix = CHECKS[name]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, (
        f"{name} found problems (file:line below):\n{result.stdout}{result.stderr}\nFix: `.venv/bin/{fix}`"
    )
