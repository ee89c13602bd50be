"""Build the site the way CI and the browser tests see it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tools import ROOT


def source_date_epoch(root: Path = ROOT) -> str:
    """The last commit's time: dates in the build (sitemap) then depend on the commit, not the clock."""
    result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True)
    return result.stdout.strip() or "0"


def build_site(site_dir: Path, config: Path = ROOT / "mkdocs.yml") -> subprocess.CompletedProcess:
    """`mkdocs build --strict` (never -q, which hides the warnings strict turns into errors)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=source_date_epoch(config.parent))
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(config),
            "--site-dir",
            str(site_dir),
        ],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
    )
