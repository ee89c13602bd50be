"""Tooling behind the tests: where things live (layout), the one rule for snippets and notebooks (unit_check)
and its adapters (verify, notebooks), the snippet runner, page checks and the build hook."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
