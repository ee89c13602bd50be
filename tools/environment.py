"""The environment the stored outputs were produced with (snippets/environment.json)."""

from __future__ import annotations

import json
import platform
from importlib.metadata import version
from pathlib import Path

FILE_NAME = "environment.json"


def current() -> dict[str, str]:
    # Read from the package metadata: the same string as torch.__version__, without importing torch.
    return {"torch": version("torch"), "python": platform.python_version()}


def recorded(snippets_dir: Path) -> dict[str, str] | None:
    path = snippets_dir / FILE_NAME
    return json.loads(path.read_text()) if path.exists() else None


def record(snippets_dir: Path) -> None:
    path = snippets_dir / FILE_NAME
    path.write_text(json.dumps(current(), indent=2, sort_keys=True) + "\n")


def mismatch(snippets_dir: Path) -> str | None:
    """How the running versions differ from those recorded for the snippets, if they do."""
    return differs_from(recorded(snippets_dir), f"{snippets_dir / FILE_NAME} is missing")


def differs_from(then: dict[str, str] | None, missing: str) -> str | None:
    """A sentence saying how the running torch/Python differ from `then`; None when they match."""
    now = current()
    if not then:
        return f"No recorded environment ({missing})."
    # Patch releases of Python do not change what torch prints; torch's own version must match.
    same_python = then.get("python", "").rsplit(".", 1)[0] == now["python"].rsplit(".", 1)[0]
    if then.get("torch") == now["torch"] and same_python:
        return None
    return (
        f"The stored outputs were recorded with torch {then.get('torch')} on Python {then.get('python')}; "
        f"this run uses torch {now['torch']} on Python {now['python']}. "
        "Differences below may come from that upgrade."
    )
