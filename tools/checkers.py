"""The registry of checkers: the functions that find what is wrong with a snippet, a page or a notebook.

A checker looks at one thing and reports what is wrong with it, in a message
that names the file (and line) and says how to fix it. It reports either by
returning its problems (a list of messages, a message, a failure object; empty
or None when all is well) or by raising an AssertionError subclass.

Every checker can fail, and the tests show it: each has broken fixtures, with
the message each must give, in tests/test_checkers_can_fail.py, and a test there
fails when a checker has none. `python -m tools.mutate_checkers` replaces each
checker in turn with one that reports nothing and runs the tests, which must
then fail.

Checkers are found by rule, not from a list kept by hand: every function
decorated with `@checker` in a tools module, and every public function in tools/
whose name says it reports problems (`*_problem`, `*_problems`, `problems`,
`broken_*`), decorated or not. The functions that run a unit and call the
checkers (`check_snippet`, `check_notebook`) are drivers, not checkers.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import tools

NAMED_LIKE_A_CHECKER = re.compile(r"^(?:problems|\w+_problems?|broken_\w+)$")


def checker(function: Callable) -> Callable:
    """Mark `function` as a checker (see the module docstring). `discover` finds the mark in the source."""
    function.is_checker = True
    return function


def discover() -> list[str]:
    """The qualified names of every checker in tools/ (see the module docstring).

    Read from the source with ast, so that finding them imports nothing (tools/fork_server.py imports torch).
    """
    found = set()
    for path in sorted(Path(tools.__file__).parent.glob("*.py")):
        module = f"tools.{path.stem}"
        for node in ast.parse(path.read_text()).body:
            if not isinstance(node, ast.FunctionDef):
                continue
            decorated = any(_names(decorator, "checker") for decorator in node.decorator_list)
            named = not node.name.startswith("_") and NAMED_LIKE_A_CHECKER.match(node.name)
            if decorated or named:
                found.add(f"{module}.{node.name}")
    return sorted(found)


def _names(node: ast.expr, name: str) -> bool:
    """`@checker` or `@checkers.checker`."""
    return (isinstance(node, ast.Name) and node.id == name) or (isinstance(node, ast.Attribute) and node.attr == name)


def resolve(name: str) -> tuple[ModuleType, str]:
    """(module, attribute) of a checker's qualified name."""
    module, attribute = name.rsplit(".", 1)
    return importlib.import_module(module), attribute


def reports_nothing(function: Callable) -> Callable:
    """A stand-in for `function` with the same signature that reports no problem: it returns an empty
    list, an empty string or None, as the checker does when all is well (read from its annotation)."""
    annotation = str(inspect.signature(function).return_annotation)
    if annotation.startswith("list"):
        empty: object = []
    elif annotation == "str":
        empty = ""
    else:
        empty = None

    def nothing(*args, **kwargs):
        return [] if isinstance(empty, list) else empty

    nothing.__name__, nothing.__qualname__, nothing.__module__ = function.__name__, function.__qualname__, "noop"
    return nothing
