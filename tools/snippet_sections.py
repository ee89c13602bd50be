"""The shape of a snippet: what a page shows of it, and what only the tests see.

A snippet is one script in three parts, marked with pymdownx.snippets sections:

    \"\"\"The claim, one sentence: the caption of the block on the page.\"\"\"

    # --8<-- [start:show]
    ...the code a reader sees; it prints the evidence...
    # --8<-- [end:show]

    # --8<-- [start:check]
    ...asserts that fail when the claim stops being true (no prints)...
    # --8<-- [end:check]

The page shows `file.py:show` captioned with the claim, then the stored output,
then `file.py:check` in a collapsed block. The rules below keep the shown part
honest: it must run on its own and print everything the output holds (the
runner checks that by running it alone), fit the page, and leave the proof to
the asserts that follow it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

SHOWN, CHECKED = "show", "check"
MAX_COLUMNS = 80  # what a code block holds at 1280 px without scrolling sideways
MAX_SHOWN_LINES = 30  # a block a reader takes in at a glance
MAX_CLAIM_CHARS = 110  # the claim is a caption: one or two lines at phone width
MARKER = re.compile(r"^#\s*--8<--\s*\[(?P<edge>start|end):(?P<name>[\w-]+)\]\s*$")


class SnippetShapeError(AssertionError):
    """A snippet does not have the shape pages and tests rely on; the message names file and line."""


@dataclass(frozen=True)
class Section:
    first: int  # 1-based line numbers of the code inside the markers
    last: int

    def lines(self) -> range:
        return range(self.first, self.last + 1)


@dataclass(frozen=True)
class SnippetShape:
    path: Path
    claim: str
    shown: Section
    checked: Section


def _fail(path: Path, line: int, message: str) -> SnippetShapeError:
    return SnippetShapeError(f"{path}:{line}: {message}\nThe shape of a snippet: snippets/contributing/template.py.")


def _sections(path: Path, lines: list[str]) -> dict[str, Section]:
    opened: dict[str, int] = {}
    found: dict[str, Section] = {}
    for number, text in enumerate(lines, start=1):
        match = MARKER.match(text.strip())
        if not match:
            continue
        name = match["name"]
        if match["edge"] == "start":
            if name in opened or name in found:
                raise _fail(path, number, f"a second [start:{name}]: each section appears once.")
            opened[name] = number
        else:
            if name not in opened:
                raise _fail(path, number, f"[end:{name}] with no [start:{name}] before it.")
            found[name] = Section(opened.pop(name) + 1, number - 1)
    for name, number in opened.items():
        raise _fail(path, number, f"[start:{name}] is never closed: add `# --8<-- [end:{name}]`.")
    return found


def _claim(path: Path, tree: ast.Module) -> str:
    docstring = ast.get_docstring(tree)
    first_line = docstring.strip().splitlines()[0].strip() if docstring and docstring.strip() else ""
    if not first_line.endswith(".") or len(first_line.split()) < 4:
        raise _fail(
            path,
            1,
            "the snippet does not state its claim. Start the file with a docstring whose first line is "
            'the claim as one sentence, e.g. """Dropout is the identity function in eval mode."""',
        )
    if '"' in first_line:
        raise _fail(path, 1, "the claim contains a double quote, which cannot appear in a block title: use ' instead.")
    if len(first_line) > MAX_CLAIM_CHARS:
        raise _fail(
            path, 1, f"the claim is {len(first_line)} characters; it is a caption, keep it to {MAX_CLAIM_CHARS}."
        )
    return first_line


def _calls_print(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"


def shape_of(path: Path) -> SnippetShape:
    """Parse `path` and check its shape; raise SnippetShapeError naming the first problem."""
    source = path.read_text()
    try:
        tree = ast.parse(source, filename=str(path))
    except SyntaxError as error:
        raise _fail(path, error.lineno or 1, f"syntax error: {error.msg}") from None
    claim = _claim(path, tree)
    lines = source.splitlines()
    sections = _sections(path, lines)
    for name in (SHOWN, CHECKED):
        if name not in sections:
            raise _fail(
                path,
                1,
                f"no [{name}] section: mark it with `# --8<-- [start:{name}]` ... `# --8<-- [end:{name}]`.",
            )
    shown, checked = sections[SHOWN], sections[CHECKED]
    if checked.first < shown.last:
        raise _fail(path, checked.first - 1, "the [check] section must come after the [show] section.")
    docstring_end = tree.body[0].end_lineno or 1
    outside = [
        number
        for number, text in enumerate(lines, start=1)
        if text.strip()
        and not text.strip().startswith("#")
        and number > docstring_end
        and number not in shown.lines()
        and number not in checked.lines()
        and not MARKER.match(text.strip())
    ]
    if outside:
        raise _fail(
            path,
            outside[0],
            "code outside the [show] and [check] sections: the shown code must run on its own, "
            "and the checks hold everything else.",
        )
    shown_text = [lines[number - 1] for number in shown.lines()]
    for number, text in zip(shown.lines(), shown_text, strict=True):
        if len(text) > MAX_COLUMNS:
            raise _fail(
                path,
                number,
                f"a shown line of {len(text)} columns; the page fits {MAX_COLUMNS}. "
                "Wrap it (`ruff format snippets` wraps code), or shorten the name.",
            )
    if len(shown_text) > MAX_SHOWN_LINES:
        raise _fail(
            path,
            shown.first,
            f"the [show] section has {len(shown_text)} lines; keep it to {MAX_SHOWN_LINES} "
            "(move setup the reader does not need into a helper, or split the claim).",
        )
    statements = [node for node in ast.walk(tree) if isinstance(node, ast.stmt | ast.expr)]
    for node in statements:
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Assert) and line in shown.lines():
            raise _fail(path, line, "an assert in the [show] section: print the evidence there, assert it in [check].")
        if _calls_print(node) and line in checked.lines():
            raise _fail(
                path, line, "a print in the [check] section: everything the reader sees is printed by shown code."
            )
    if not any(isinstance(node, ast.Assert) and node.lineno in checked.lines() for node in statements):
        raise _fail(
            path,
            checked.first,
            "the [check] section asserts nothing: assert the claim, so a change in torch fails the tests.",
        )
    return SnippetShape(path, claim, shown, checked)


def output_problems(output: Path, text: str) -> list[str]:
    """Lines of an output (to be stored at `output`) too wide for the page."""
    return [
        f"{output}:{number}: an output line of {len(line)} columns; the page fits {MAX_COLUMNS}. "
        "Print less per line (torch.set_printoptions(linewidth=...), or one value a line)."
        for number, line in enumerate(text.splitlines(), start=1)
        if len(line) > MAX_COLUMNS
    ]
