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

from tools.checkers import checker

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


@dataclass(frozen=True)
class Parsed:
    """A snippet as the shape rules read it."""

    path: Path
    tree: ast.Module
    lines: list[str]
    shown: Section
    checked: Section

    def nodes(self) -> list[ast.AST]:
        return [node for node in ast.walk(self.tree) if isinstance(node, ast.stmt | ast.expr)]


# Each rule below is a checker (tools/checkers.py): it returns (line, what is wrong and how to fix it),
# or None; shape_of raises the first problem, naming the file.
Problem = tuple[int, str]


def _first_line(tree: ast.Module) -> str:
    docstring = ast.get_docstring(tree)
    return docstring.strip().splitlines()[0].strip() if docstring and docstring.strip() else ""


@checker
def claim_problem(tree: ast.Module) -> Problem | None:
    """The docstring states one claim, as a caption can show it."""
    first_line = _first_line(tree)
    if not first_line.endswith(".") or len(first_line.split()) < 4:
        return (
            1,
            "the snippet does not state its claim. Start the file with a docstring whose first line is "
            'the claim as one sentence, e.g. """Dropout is the identity function in eval mode."""',
        )
    if '"' in first_line:
        return 1, "the claim contains a double quote, which cannot appear in a block title: use ' instead."
    if len(first_line) > MAX_CLAIM_CHARS:
        return 1, f"the claim is {len(first_line)} characters; it is a caption, keep it to {MAX_CLAIM_CHARS}."
    return None


def _calls_print(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"


@checker
def order_problem(snippet: Parsed) -> Problem | None:
    if snippet.checked.first < snippet.shown.last:
        return snippet.checked.first - 1, "the [check] section must come after the [show] section."
    return None


@checker
def outside_code_problem(snippet: Parsed) -> Problem | None:
    """Code outside both sections would run in the whole script but not with [show] alone."""
    docstring_end = snippet.tree.body[0].end_lineno or 1
    outside = [
        number
        for number, text in enumerate(snippet.lines, start=1)
        if text.strip()
        and not text.strip().startswith("#")
        and number > docstring_end
        and number not in snippet.shown.lines()
        and number not in snippet.checked.lines()
        and not MARKER.match(text.strip())
    ]
    if outside:
        return (
            outside[0],
            "code outside the [show] and [check] sections: the shown code must run on its own, "
            "and the checks hold everything else.",
        )
    return None


@checker
def shown_width_problem(snippet: Parsed) -> Problem | None:
    for number in snippet.shown.lines():
        text = snippet.lines[number - 1]
        if len(text) > MAX_COLUMNS:
            return (
                number,
                f"a shown line of {len(text)} columns; the page fits {MAX_COLUMNS}. "
                "Wrap it (`ruff format snippets` wraps code), or shorten the name.",
            )
    return None


@checker
def shown_length_problem(snippet: Parsed) -> Problem | None:
    count = len(snippet.shown.lines())
    if count > MAX_SHOWN_LINES:
        return (
            snippet.shown.first,
            f"the [show] section has {count} lines; keep it to {MAX_SHOWN_LINES} "
            "(move setup the reader does not need into a helper, or split the claim).",
        )
    return None


@checker
def shown_assert_problem(snippet: Parsed) -> Problem | None:
    for node in snippet.nodes():
        if isinstance(node, ast.Assert) and node.lineno in snippet.shown.lines():
            return node.lineno, "an assert in the [show] section: print the evidence there, assert it in [check]."
    return None


@checker
def checked_print_problem(snippet: Parsed) -> Problem | None:
    for node in snippet.nodes():
        if _calls_print(node) and node.lineno in snippet.checked.lines():
            return node.lineno, "a print in the [check] section: everything the reader sees is printed by shown code."
    return None


# What ends a script: `sys.exit(...)`, `exit()`, `quit()`, `os._exit(...)`, and a bare `raise`.
EXITS = {"exit", "quit", "_exit"}
CATCH_ALL = {"AssertionError", "Exception", "BaseException"}


def _ends_the_script(node: ast.stmt) -> bool:
    if isinstance(node, ast.Raise):
        return True
    call = node.value if isinstance(node, ast.Expr) else None
    if not isinstance(call, ast.Call):
        return False
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    return name in EXITS


def _always_false(test: ast.expr) -> bool:
    try:
        return not ast.literal_eval(test)
    except ValueError:
        return False


def _always_true(test: ast.expr) -> bool:
    """A constant that is true, or a non-empty tuple or list (`assert (x == 1, "why")` is always true)."""
    if isinstance(test, ast.Tuple | ast.List | ast.Set | ast.Dict):
        return bool(test.elts if not isinstance(test, ast.Dict) else test.keys)
    try:
        return bool(ast.literal_eval(test))
    except ValueError:
        return False


def _catches_assertions(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(kind, ast.Name) and kind.id in CATCH_ALL for kind in types)


def _is_main_guard(test: ast.expr) -> bool:
    """`if __name__ == "__main__":`, which is true when the script runs (the runner runs it as __main__)."""
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and len(test.comparators) == 1
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == "__main__"
    )


def _running_asserts(body: list[ast.stmt]) -> list[ast.Assert]:
    """The asserts in `body` that run whenever the body runs, and can fail.

    A statement runs when no earlier statement of its block ends the script; an
    assert in a function, a class or an `if` (other than the __main__ guard) may
    never run; one whose test is a constant (`assert True`, `assert (x, "why")`)
    cannot fail, nor can one of a non-empty tuple; one in a `try` that catches AssertionError fails silently. Loop
    bodies count (a sweep asserts in a loop): that the loop runs at least once
    is not proven here, only that nothing in the source stops it.
    """
    found: list[ast.Assert] = []
    for node in body:
        if isinstance(node, ast.Assert) and not _always_true(node.test):
            found.append(node)
        elif isinstance(node, ast.If) and _is_main_guard(node.test):
            found += _running_asserts(node.body)
        elif isinstance(node, ast.For | ast.While) and not (
            isinstance(node, ast.While)
            and _always_false(node.test)
            or isinstance(node, ast.For)
            and isinstance(node.iter, ast.List | ast.Tuple)
            and not node.iter.elts
        ):
            found += _running_asserts(node.body)
        elif isinstance(node, ast.With):
            found += _running_asserts(node.body)
        elif isinstance(node, ast.Try) and not any(_catches_assertions(handler) for handler in node.handlers):
            found += _running_asserts(node.body) + _running_asserts(node.finalbody)
        if _ends_the_script(node):
            break
    return found


@checker
def running_assert_problem(snippet: Parsed) -> Problem | None:
    """Every snippet guards its claim with at least one assert in [check] that runs and can fail."""
    asserts = [node for node in snippet.nodes() if isinstance(node, ast.Assert)]
    if not any(node.lineno in snippet.checked.lines() for node in asserts):
        return (
            snippet.checked.first,
            "the [check] section asserts nothing: assert the claim, so a change in torch fails the tests.",
        )
    if not any(node.lineno in snippet.checked.lines() for node in _running_asserts(snippet.tree.body)):
        return (
            snippet.checked.first,
            "no assert in the [check] section both runs and can fail: each is in a function, a class or an "
            "`if`, after a statement that ends the script (sys.exit, raise), in a `try` that catches "
            "AssertionError, or asserts a constant. Put at least one assert of the claim at the top level of "
            '[check] (a loop or the `if __name__ == "__main__":` guard may hold it).',
        )
    return None


def shape_of(path: Path) -> SnippetShape:
    """Parse `path` and check its shape; raise SnippetShapeError naming the first problem."""
    source = path.read_text()
    try:
        tree = ast.parse(source, filename=str(path))
    except SyntaxError as error:
        raise _fail(path, error.lineno or 1, f"syntax error: {error.msg}") from None
    problem = claim_problem(tree)
    if problem:
        raise _fail(path, *problem)
    lines = source.splitlines()
    sections = _sections(path, lines)
    for name in (SHOWN, CHECKED):
        if name not in sections:
            raise _fail(
                path,
                1,
                f"no [{name}] section: mark it with `# --8<-- [start:{name}]` ... `# --8<-- [end:{name}]`.",
            )
    parsed = Parsed(path, tree, lines, sections[SHOWN], sections[CHECKED])
    # By name, not from a tuple, so that tools/mutate_checkers.py can replace any one of them.
    problem = (
        order_problem(parsed)
        or outside_code_problem(parsed)
        or shown_width_problem(parsed)
        or shown_length_problem(parsed)
        or shown_assert_problem(parsed)
        or checked_print_problem(parsed)
        or running_assert_problem(parsed)
    )
    if problem:
        raise _fail(path, *problem)
    return SnippetShape(path, _first_line(tree), parsed.shown, parsed.checked)


@checker
def output_problems(output: Path, text: str) -> list[str]:
    """Lines of an output (to be stored at `output`) too wide for the page."""
    return [
        f"{output}:{number}: an output line of {len(line)} columns; the page fits {MAX_COLUMNS}. "
        "Print less per line (torch.set_printoptions(linewidth=...), or one value a line)."
        for number, line in enumerate(text.splitlines(), start=1)
        if len(line) > MAX_COLUMNS
    ]
