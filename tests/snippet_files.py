"""Files for the harness tests' throwaway trees: a text file, and a snippet of the standard shape."""

import textwrap
from pathlib import Path

CLAIM = "A claim that this fixture states plainly."


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip())
    return path


def snippet(
    tree: Path, name: str, shown: str, check: str = 'assert __name__ == "__main__"  # fixtures test the harness\n'
) -> Path:
    """A snippet of the standard shape: claim, [show] section, [check] section."""
    return write(
        tree / "snippets" / "page" / f"{name}.py",
        f'"""{CLAIM}"""\n# --8<-- [start:show]\n{shown}# --8<-- [end:show]\n'
        f"# --8<-- [start:check]\n{check}# --8<-- [end:check]\n",
    )
