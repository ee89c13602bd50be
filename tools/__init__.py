"""Tooling behind the tests: the snippet runner, page checks and the build hook."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
