"""The reference page catalogues every public name in torch.nn whose code reads the training flag.

What counts as reading the flag is found in the installed torch's source, not
from memory: every Python file under torch/nn is parsed with `ast`, and a
function or method *reads the flag* when it loads an attribute `.training`
(`self.training`, `module.training`, ...) or takes a parameter named
`training`. Builtins (C++ functions) have no Python source: they read it when
the signature in their docstring has a `training` parameter (`F.rrelu_`).

Reading spreads through code: a function or method that *calls* a reader
(`spectral_norm` calls `SpectralNorm.apply`, `Transformer.__init__` builds a
`TransformerEncoderLayer`) reads it too. A public class reads the flag when any
method it resolves to (through its bases, so `LazyBatchNorm1d` inherits
`_BatchNorm.forward`) reads it.

The public names are those of the documented torch.nn namespaces below. The
covered names come from the page itself: the first column of its summary table,
joined to the namespace in the second. Every reader must be there; every name
there must exist in the installed torch; rows that say the mode changes
"Nothing" must list no reader; and every row links to a section that shows a
snippet.

Rows for tools outside torch.nn (torch.jit.trace, torch.onnx.export,
torch.utils.mkldnn.to_mkldnn, ...) get the same checks, but no scan looks for
readers outside torch.nn: such tools are catalogued by hand.
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

from markdown.extensions.toc import slugify
from markdown_it import MarkdownIt

from tools import ROOT
from tools.pages import INCLUDE

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
def public_names() -> dict[str, object]:
    """Full public name -> object, each object under its first namespace."""
    named, seen = {}, set()
    for namespace in NAMESPACES:
        module = importlib.import_module(namespace)
        names = getattr(module, "__all__", None) or [name for name in dir(module) if not name.startswith("_")]
        for name in sorted(names):
            obj = getattr(module, name, None)
            if not (inspect.isclass(obj) or inspect.isfunction(obj) or inspect.isbuiltin(obj)) or id(obj) in seen:
                continue
            seen.add(id(obj))
            named[f"{namespace}.{name}"] = obj
    return named


@cache
def public_readers() -> dict[str, str]:
    """Full public name -> why it reads the flag."""
    return {name: why for name, obj in public_names().items() if (why := reads_flag(obj))}


# --- The page: what it catalogues ------------------------------------------------------------


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
    tokens = MarkdownIt("commonmark").enable("table").parse(page.read_text())
    start = next((i for i, token in enumerate(tokens) if token.type == "table_open"), None)
    assert start is not None, (
        f"{page.relative_to(ROOT)}: no summary table. Start the page with one: | {' | '.join(TABLE_HEADER)} |"
    )
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
    assert header == TABLE_HEADER, (
        f"{page.relative_to(ROOT)}: the first table must be the summary table, with the header "
        f"| {' | '.join(TABLE_HEADER)} |; found | {' | '.join(header)} |"
    )
    rows = []
    for line, names_cell, from_cell, changes_cell, section_cell in cells[1:]:
        namespace = [c.content for c in from_cell.children if c.type == "code_inline"]
        names = [c.content for c in names_cell.children if c.type == "code_inline"]
        links = [c.attrs["href"] for c in section_cell.children if c.type == "link_open"]
        where = f"{page.relative_to(ROOT)}:{line}"
        assert len(namespace) == 1, f"{where}: the From cell must hold one namespace in backticks, e.g. `torch.nn`"
        assert names, f"{where}: the first cell must list names in backticks, e.g. `Dropout2d`"
        assert len(links) == 1 and links[0].startswith("#"), (
            f"{where}: the Section cell must link to one section: [..](#anchor)"
        )
        rows.append(
            Row(page, line, tuple(f"{namespace[0]}.{name}" for name in names), _cell_text(changes_cell), links[0][1:])
        )
    return rows


def all_rows() -> list[Row]:
    return [row for page in catalogue_pages() for row in summary_table(page)]


def catalogued() -> set[str]:
    return {name for row in all_rows() for name in row.names}


def _resolve(full_name: str):
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


def _sections(page: Path) -> dict[str, str]:
    """Anchor -> the Markdown of that section, down to the next heading of the same or a higher level."""
    lines = page.read_text().splitlines()
    headings = [(i, len(m[1]), m[2]) for i, line in enumerate(lines) if (m := re.match(r"^(#{1,6})\s+(.*?)\s*$", line))]
    sections = {}
    for index, (start, level, title) in enumerate(headings):
        end = next((s for s, lvl, _ in headings[index + 1 :] if lvl <= level), len(lines))
        sections[slugify(re.sub(r"`", "", title), "-")] = "\n".join(lines[start:end])
    return sections


# --- The tests -------------------------------------------------------------------------------


def test_the_scan_finds_the_known_readers():
    """Guards the scanner itself: if it finds nothing, every other test here would pass vacuously."""
    found = public_readers()
    for name in ("torch.nn.Dropout", "torch.nn.BatchNorm2d", "torch.nn.LazyBatchNorm1d", "torch.nn.functional.dropout"):
        assert name in found, (
            f"the scan of {_torch_dir() / 'nn'} no longer finds {name}: fix the scanner in {Path(__file__).name}"
        )
    assert "torch.nn.Linear" not in found and "torch.nn.CrossEntropyLoss" not in found


def test_every_reader_is_catalogued():
    missing = sorted(set(public_readers()) - catalogued())
    assert not missing, "\n".join(f"{name} {public_readers()[name]}, but is not catalogued: {FIX}." for name in missing)


def test_every_reader_in_torch_nn_is_reached_by_a_public_name():
    """A private reader no public name reaches would slip past the catalogue: name who reaches it, or list it."""
    readers = flag_readers()
    reached = set()
    for obj in public_names().values():
        if inspect.isclass(obj):
            for klass in obj.__mro__:
                reached.update((klass.__module__, f"{klass.__qualname__}.{name}") for name in vars(klass))
        elif inspect.isfunction(obj):
            reached.add((obj.__module__, obj.__qualname__))
    for key in list(reached):  # and the readers they call, down the chain
        while key in readers and readers[key].via:
            key = readers[key].via
            reached.add(key)
    unreached = [
        f"{module}.{qualname} {reader.why}"
        for (module, qualname), reader in sorted(readers.items())
        if (module, qualname) not in reached and (module, qualname) not in NOT_CATALOGUED
    ]
    assert not unreached, "\n".join(
        f"{line}; no public name in {', '.join(NAMESPACES)} reaches it. If users reach it another way, add that "
        f"namespace to NAMESPACES in {Path(__file__).name} and catalogue it; otherwise add it to NOT_CATALOGUED "
        "with the reason."
        for line in unreached
    )
    stale = [".".join(key) for key in NOT_CATALOGUED if key not in flag_readers()]
    assert not stale, f"NOT_CATALOGUED in {Path(__file__).name} lists readers that are gone: {stale}; remove them."


def test_catalogued_names_exist():
    gone = [(row, name) for row in all_rows() for name in row.names if _resolve(name) is None]
    assert not gone, "\n".join(
        f"{row.page.relative_to(ROOT)}:{row.line}: {name} does not exist in torch {_torch().__version__}: "
        "remove it from the page, or correct its name or namespace"
        for row, name in gone
    )


def test_nothing_rows_list_no_reader():
    wrong = [
        (row, name, why)
        for row in all_rows()
        if row.changes.startswith("Nothing")
        for name in row.names
        if (why := reads_flag(_resolve(name)))
    ]
    assert not wrong, "\n".join(
        f"{row.page.relative_to(ROOT)}:{row.line}: {name} {why}, yet the page says the mode changes nothing for it: "
        "give it its own row and section"
        for row, name, why in wrong
    )


def test_each_row_links_to_a_section_with_a_snippet():
    problems = []
    for row in all_rows():
        sections = _sections(row.page)
        where = f"{row.page.relative_to(ROOT)}:{row.line}"
        if row.section not in sections:
            problems.append(f"{where}: #{row.section} is no heading on the page")
            continue
        included = [m["target"] for line in sections[row.section].splitlines() if (m := INCLUDE.match(line))]
        if not any(target.split(":")[0].endswith(".py") for target in included):
            problems.append(f"{where}: section #{row.section} shows no snippet")
    assert not problems, "\n".join(problems)


# --- Sweeps: snippets that prove a rule for every catalogued layer ----------------------------

SWEEP_MARKER = "# Sweep: every catalogued torch.nn layer"


def catalogued_layers() -> list[str]:
    """Class names of the torch.nn layers the catalogue says the mode changes."""
    return sorted(
        {
            name.removeprefix("torch.nn.")
            for row in all_rows()
            if not row.changes.startswith("Nothing")
            for name in row.names
            if name.count(".") == 2 and name.startswith("torch.nn.") and inspect.isclass(_resolve(name))
        }
    )


def sweep_snippets() -> list[Path]:
    return [path for path in sorted((ROOT / "snippets").glob("*/*.py")) if SWEEP_MARKER in path.read_text()]


def test_sweeps_cover_every_catalogued_layer():
    """A snippet marked as a sweep must name every catalogued layer: run it, or say in the file why not.

    The sweep's list is its own, but this test holds it to the catalogue, so a layer
    added to the catalogue fails every sweep that leaves it out."""
    sweeps = sweep_snippets()
    assert sweeps, f"no snippet carries the line {SWEEP_MARKER!r}: the general rules on the pages have no sweep"
    layers = catalogued_layers()
    assert "Dropout" in layers and "BatchNorm2d" in layers, f"the catalogue's layer list looks wrong: {layers}"
    problems = []
    for sweep in sweeps:
        source = sweep.read_text()
        missing = [name for name in layers if not re.search(rf"\b{name}\b", source)]
        if missing:
            problems.append(
                f"{sweep.relative_to(ROOT)}: a sweep that leaves out catalogued layers: {', '.join(missing)}. "
                "Run each one, or name it in the file with the reason it cannot be run."
            )
    assert not problems, "\n".join(problems)
