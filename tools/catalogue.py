"""Who reads the training flag in the installed torch, and what the site's summary tables catalogue.

The analyser behind tests/test_catalogue.py, here so that other tools (the release
matrix) can ask the same questions of another torch:

- `readers(namespaces=NAMESPACES)`: full public name -> where it reads the flag.
- `reads_flag(obj)`: why an object reads the flag, or None.
- `summary_table(page)`, `all_rows()`, `catalogued()`, `catalogue_pages()`: the tables.
- `resolve(name)`, `sections(page)`: a full name's object; a page's sections by anchor.

The analysis needs only the standard library and torch (Python 3.11 syntax, nothing
torch added after 2.4); reading the pages needs markdown-it-py, imported when used.

What counts as reading the flag is found in the installed torch's source, not
from memory: every Python file is parsed with `ast`, and a function or method
*reads the flag* when it loads an attribute `.training` (`self.training`,
`module.training`, ...) or takes a parameter named `training`. Builtins (C++
functions) have no Python source: they read it when the signature in their
docstring has a `training` parameter (`F.rrelu_`).

Reading spreads through code: a function or method that *calls* a reader
(`spectral_norm` calls `SpectralNorm.apply`, `Transformer.__init__` builds a
`TransformerEncoderLayer`) reads it too. A public class reads the flag when any
method it resolves to (through its bases, so `LazyBatchNorm1d` inherits
`_BatchNorm.forward`) reads it.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import sys
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tools import ROOT

TABLE_HEADER = ["Layer or function", "From", "What the mode changes", "Section"]
TABLE_HEADER_LINE = f"| {' | '.join(TABLE_HEADER)} |"


def catalogue_pages() -> list[Path]:
    """The pages that catalogue readers: every page under docs/ that has the summary table."""
    return [page for page in sorted((ROOT / "docs").glob("*.md")) if TABLE_HEADER_LINE in page.read_text()]


# Where a reader of the page finds torch.nn's public names, in order of preference:
# a name found in two places is reported with the first (torch.nn.Dropout, not torch.nn.modules.Dropout).
NAMESPACES = [
    "torch.nn",
    "torch.nn.functional",
    "torch.nn.init",
    "torch.nn.utils",
    "torch.nn.utils.parametrize",
    "torch.nn.utils.parametrizations",
    "torch.nn.utils.rnn",
    "torch.nn.utils.stateless",
    "torch.nn.attention",
    "torch.nn.parallel",
]

# Readers that change no computation a user can select, with the reason; each must still exist.
NOT_CATALOGUED = {
    ("torch.nn.cpp", "ModuleWrapper.training"): "a property that passes the flag through to a wrapped C++ module",
}

FIX = (
    "add it to the summary table of docs/reference.md (a layer) or docs/tools.md (a tool), "
    "with a section and a snippet that proves what the mode changes"
)


# --- The installed torch: who reads the flag -------------------------------------------------


@cache
def _torch():
    """torch, imported on first use: collecting this file must not cost every test run a torch import."""
    return importlib.import_module("torch")


def _torch_dir() -> Path:
    return Path(_torch().__file__).resolve().parent


def _reads_flag(function: ast.AST) -> bool:
    for node in ast.walk(function):
        if isinstance(node, ast.Attribute) and node.attr == "training" and isinstance(node.ctx, ast.Load):
            return True
        if isinstance(node, ast.arg) and node.arg == "training":
            return True
    return False


def _called_names(function: ast.AST) -> set[str]:
    """Names this code calls, or calls a method of: `Foo(...)`, `foo(...)`, `Foo.apply(...)`."""
    names = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            target = node.func.value if isinstance(node.func, ast.Attribute) else node.func
            if isinstance(target, ast.Name):
                names.add(target.id)
    return names


@dataclass(frozen=True)
class Definition:
    module: str  # torch.nn.modules.dropout
    qualname: str  # Dropout.forward, or dropout
    path: Path
    line: int

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(_torch_dir().parent)}:{self.line} {self.qualname}"


@cache
def _definitions() -> dict[Definition, ast.AST]:
    """Every top-level function and every method of a top-level class under torch/nn."""
    found = {}
    for path in sorted((_torch_dir() / "nn").rglob("*.py")):
        module = ".".join(path.relative_to(_torch_dir().parent).with_suffix("").parts).removesuffix(".__init__")
        for top in ast.parse(path.read_text(), filename=str(path)).body:
            if isinstance(top, ast.ClassDef):
                for item in top.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        found[Definition(module, f"{top.name}.{item.name}", path, item.lineno)] = item
            elif isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found[Definition(module, top.name, path, top.lineno)] = top
    return found


def _owner(definition: Definition):
    """The module-level object a definition belongs to: the function, or the class of a method."""
    module = sys.modules.get(definition.module)
    return getattr(module, definition.qualname.split(".")[0], None) if module else None


@dataclass(frozen=True)
class Reader:
    why: str  # where it reads the flag, or what reader it calls
    via: tuple[str, str] | None  # the reader it calls, when it does not read the flag itself


@cache
def flag_readers() -> dict[tuple[str, str], Reader]:
    """(module, qualname) of every function or method that reads the flag, or calls code that does."""
    definitions = _definitions()
    readers = {
        (d.module, d.qualname): Reader(f"reads it at {d.where}", None) for d, n in definitions.items() if _reads_flag(n)
    }
    for module, _ in list(readers):
        importlib.import_module(module)  # so that calls can be resolved to these objects
    owners = {definition: _owner(definition) for definition in definitions}
    calls = {definition: sorted(_called_names(node)) for definition, node in definitions.items()}
    changed = True
    while changed:  # calling a reader makes a reader, until nothing new is found
        reading_objects = {
            id(owners[d]): (d.module, d.qualname) for d in definitions if (d.module, d.qualname) in readers
        }
        changed = False
        for definition in definitions:
            key = (definition.module, definition.qualname)
            module = sys.modules.get(definition.module)
            if key in readers or module is None:
                continue
            for name in calls[definition]:
                target = vars(module).get(name)
                if target is not None and target is not owners[definition] and id(target) in reading_objects:
                    callee = reading_objects[id(target)]
                    readers[key] = Reader(f"calls {name} at {definition.where}, which {readers[callee].why}", callee)
                    changed = True
                    break
    return readers


def _class_reads(cls: type) -> str | None:
    """Why the class reads the flag: the first method it resolves to that reads it."""
    readers = flag_readers()
    seen = set()
    for klass in cls.__mro__:
        if klass in (_torch().nn.Module, object):
            continue
        for name in vars(klass):
            if name in seen:
                continue
            seen.add(name)
            reader = readers.get((klass.__module__, f"{klass.__qualname__}.{name}"))
            if reader:
                return reader.why
    return None


def _builtin_reads(function) -> str | None:
    signature = (function.__doc__ or "").split("->")[0]
    return "takes a training argument (its docstring signature)" if re.search(r"\btraining\b", signature) else None


def reads_flag(obj) -> str | None:
    if inspect.isclass(obj):
        return _class_reads(obj)
    if inspect.isfunction(obj):
        reader = flag_readers().get((obj.__module__, obj.__qualname__))
        return reader.why if reader else None
    if inspect.isbuiltin(obj):
        return _builtin_reads(obj)
    return None


@cache
def public_names(namespaces=tuple(NAMESPACES)) -> dict[str, object]:
    """Full public name -> object, each object under its first namespace."""
    named, seen = {}, set()
    for namespace in namespaces:
        module = importlib.import_module(namespace)
        names = getattr(module, "__all__", None) or [name for name in dir(module) if not name.startswith("_")]
        for name in sorted(names):
            obj = getattr(module, name, None)
            if not (inspect.isclass(obj) or inspect.isfunction(obj) or inspect.isbuiltin(obj)) or id(obj) in seen:
                continue
            seen.add(id(obj))
            named[f"{namespace}.{name}"] = obj
    return named


def readers(namespaces=tuple(NAMESPACES)) -> dict[str, str]:
    """Full public name -> why (and where) it reads the flag, for the public names of these namespaces."""
    return {name: why for name, obj in public_names(tuple(namespaces)).items() if (why := reads_flag(obj))}


# --- The page: what it catalogues ------------------------------------------------------------


class TableError(ValueError):
    """A summary table that cannot be read; the message names the page and line and what to write."""


@dataclass(frozen=True)
class Row:
    page: Path
    line: int
    names: tuple[str, ...]  # full names
    changes: str
    section: str  # anchor, without '#'


def _cell_text(inline) -> str:
    return "".join(child.content for child in inline.children if child.type in ("text", "code_inline")).strip()


@cache
def summary_table(page: Path) -> list[Row]:
    from markdown_it import MarkdownIt  # only the page side needs it

    tokens = MarkdownIt("commonmark").enable("table").parse(page.read_text())
    start = next((i for i, token in enumerate(tokens) if token.type == "table_open"), None)
    if start is None:
        raise TableError(f"{page.relative_to(ROOT)}: no summary table. Start the page with one: {TABLE_HEADER_LINE}")
    cells: list[list] = []  # one list of inline tokens per table row
    for token in tokens[start:]:
        if token.type == "table_close":
            break
        if token.type == "tr_open":
            cells.append([])
            cells[-1].append(token.map[0] + 1 if token.map else 0)
        elif token.type == "inline":
            cells[-1].append(token)
    header = [_cell_text(cell) for cell in cells[0][1:]]
    if header != TABLE_HEADER:
        raise TableError(
            f"{page.relative_to(ROOT)}: the first table must be the summary table, with the header "
            f"{TABLE_HEADER_LINE}; found | {' | '.join(header)} |"
        )
    rows = []
    for line, names_cell, from_cell, changes_cell, section_cell in cells[1:]:
        namespace = [c.content for c in from_cell.children if c.type == "code_inline"]
        names = [c.content for c in names_cell.children if c.type == "code_inline"]
        links = [c.attrs["href"] for c in section_cell.children if c.type == "link_open"]
        where = f"{page.relative_to(ROOT)}:{line}"
        if len(namespace) != 1:
            raise TableError(f"{where}: the From cell must hold one namespace in backticks, e.g. `torch.nn`")
        if not names:
            raise TableError(f"{where}: the first cell must list names in backticks, e.g. `Dropout2d`")
        if len(links) != 1 or not links[0].startswith("#"):
            raise TableError(f"{where}: the Section cell must link to one section: [..](#anchor)")
        rows.append(
            Row(page, line, tuple(f"{namespace[0]}.{name}" for name in names), _cell_text(changes_cell), links[0][1:])
        )
    return rows


def all_rows() -> list[Row]:
    return [row for page in catalogue_pages() for row in summary_table(page)]


def catalogued() -> set[str]:
    return {name for row in all_rows() for name in row.names}


def resolve(full_name: str):
    """The object a full name denotes in the installed torch, or None."""
    parts = full_name.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            with warnings.catch_warnings():
                # Some modules warn on import (torch.utils.mkldnn: TorchScript is deprecated); that is not our test.
                warnings.simplefilter("ignore", DeprecationWarning)
                obj = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for part in parts[split:]:
            obj = getattr(obj, part, None)
        return obj
    return None


def sections(page: Path) -> dict[str, str]:
    """Anchor -> the Markdown of that section, down to the next heading of the same or a higher level."""
    from markdown.extensions.toc import slugify  # the anchors MkDocs gives headings

    lines = page.read_text().splitlines()
    headings = [(i, len(m[1]), m[2]) for i, line in enumerate(lines) if (m := re.match(r"^(#{1,6})\s+(.*?)\s*$", line))]
    sections = {}
    for index, (start, level, title) in enumerate(headings):
        end = next((s for s, lvl, _ in headings[index + 1 :] if lvl <= level), len(lines))
        sections[slugify(re.sub(r"`", "", title), "-")] = "\n".join(lines[start:end])
    return sections
