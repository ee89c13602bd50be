"""Who reads the training flag in the installed torch, and what the site's summary tables catalogue.

The analyser behind tests/test_catalogue.py, here so that other tools (the release
matrix) can ask the same questions of another torch:

- `readers(namespaces=("torch",), package_dir=None)`: shortest public name -> `Found`
  (`.where` it reads the flag, `.aliases`, its other public names, `.definition`),
  for every public reader; the excluded ones too.
- `uncovered(found, catalogued(), load_exclusions())`, `stale_exclusions(found, source,
  exclusions)`: the messages of the completeness test (empty when complete).
- `reads_flag(obj)`: why an object of the installed torch reads the flag, or None.
- `summary_table(page)`, `all_rows()`, `catalogued()`, `catalogue_pages()`: the tables.
- `exists(name)`, `resolve(name)`, `sections(page)`: whether a full name exists, its
  object, a page's sections by anchor.
- `Source(package_dir, exclusions)`, `Scan(source).found(namespaces)`: the same scan
  on any tree (another torch, a fake package in a test).

The scan needs only the standard library and packaging (Python 3.11 syntax; it imports no torch
module, so it runs on any release's tree); C++ functions are read from the imported
torch (nothing added after 2.4); reading the pages needs markdown-it-py, imported when
used. catalogue-exclusions.toml lists what is not catalogued, each entry with its
reason (and, for a name only some releases have, those releases); a module it names is not read at all.

What counts as reading the flag is found in the installed torch's source, not
from memory: every Python file that names `training` (outside the excluded
modules) is parsed with `ast`, and a function or method *reads the flag* when it
loads an attribute `.training` (`self.training`, `module.training`, ...) or takes
a parameter named `training`. Builtins (C++ functions, in `torch` and
`torch.nn.functional`) have no Python source: they read it when their docstring
signature has a `training` parameter (`F.rrelu_`) or the aten schema they bind a
`training` or `train` one (`torch.dropout`).

Reading spreads through code: a function or method in those files that *calls* a
reader (`spectral_norm` calls `SpectralNorm.apply`, `Transformer.__init__` builds
a `TransformerEncoderLayer`; names resolved through the files' imports) reads it
too. A class reads the flag when any method it resolves to (through its bases,
in C3 order, so `LazyBatchNorm1d` inherits `_BatchNorm.forward`) reads it,
wherever the class is defined. A reader is public when a module with no
`_`-prefixed part exports it (its `__all__`, or without one, a name not starting
with `_`), by definition or by import (`torch.func.stack_module_state`, defined
in `torch._functorch`). What the scan cannot see: a caller that never names the
flag in a file that never does, calls through attributes of objects (`self.x()`),
and code torch generates at run time.

What was read of each file is cached under .cache/catalogue (keyed by the file's
size and time and by this file's own text): a second run reads no torch source.
"""

from __future__ import annotations

import ast
import fnmatch
import hashlib
import importlib
import importlib.util
import inspect
import json
import os
import re
import tomllib
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tools import ROOT, layout

TABLE_HEADER = ["Layer or function", "From", "What the mode changes", "Section"]
TABLE_HEADER_LINE = f"| {' | '.join(TABLE_HEADER)} |"


def catalogue_pages() -> list[Path]:
    """The pages that catalogue readers: every page under docs/ that has the summary table."""
    return [page for page in layout.site_pages(ROOT) if TABLE_HEADER_LINE in page.read_text()]


FIX = (
    "add it to a summary table (docs/reference.md for a layer, docs/tools.md or docs/training-tools.md for a "
    "tool) with a section and a snippet that proves what the mode changes, or, if users never meet it, to "
    "catalogue-exclusions.toml with the reason"
)


# --- The source: who reads the flag ----------------------------------------------------------

EXCLUSIONS = ROOT / "catalogue-exclusions.toml"
CACHE_DIR = ROOT / ".cache" / "catalogue"
TORCH_MODULE = "torch.nn.modules.module.Module"  # sets the flag; every layer inherits it, so it is skipped
# The namespaces where torch binds C++ functions for users: their builtins have no source to parse.
BUILTIN_NAMESPACES = ("torch", "torch.nn.functional")


def _dotted(node: ast.AST) -> str | None:
    """`a.b.c` for a chain of attributes on a name; None for anything else (`self().x`, `x[0].y`)."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    return None


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _imports(statements, module: str, is_package: bool, into: dict, stars: list | None = None) -> None:
    """Bind what `import` and `from ... import` statements bind: alias -> absolute dotted name."""
    for node in statements:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    into[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    into.setdefault(top, top)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, is_package, node)
            for alias in node.names:
                if alias.name == "*":
                    if stars is not None:
                        stars.append(source)
                else:
                    into[alias.asname or alias.name] = f"{source}.{alias.name}"


def _top_statements(body):
    """Module-level statements, through `if`, `try` and `with` blocks (imports guarded by a version test)."""
    for node in body:
        yield node
        if isinstance(node, (ast.If, ast.Try, ast.With)) or type(node).__name__ == "TryStar":
            for block in ("body", "orelse", "finalbody"):
                yield from _top_statements(getattr(node, block, []))
            for handler in getattr(node, "handlers", []):
                yield from _top_statements(handler.body)


_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _walk_calls(node, nested: dict):
    """ast.walk of a function's body that hands each nested function's subtree to `nested` (name -> its
    nodes) instead of yielding it: what a nested function calls runs only when something calls it."""
    todo = list(ast.iter_child_nodes(node))
    while todo:
        child = todo.pop()
        if isinstance(child, _DEFS):
            nested[child.name] = [*nested.get(child.name, []), *ast.walk(child)]
            continue
        yield child
        todo.extend(ast.iter_child_nodes(child))


def _bound(nodes) -> set[str]:
    """The names these nodes bind, as Python makes them local: parameters, assignment, loop, `with` and
    `except` targets (imports are left out: the scan resolves those), less what `global` declares."""
    bound, declared = set(), set()
    for n in nodes:
        kind = type(n)
        if kind is ast.arg:
            bound.add(n.arg)
        elif kind is ast.Name and type(n.ctx) is ast.Store:
            bound.add(n.id)
        elif kind is ast.ExceptHandler and n.name:
            bound.add(n.name)
        elif kind is ast.Global or kind is ast.Nonlocal:
            declared.update(n.names)
    return bound - declared


def _function(node, module: str, is_package: bool) -> dict:
    """Where a function reads the flag, what it calls, what it imports: one walk of its tree (the slow part).

    A `.training` load or a `training` parameter anywhere in it counts, nested functions included. A call
    in a nested function counts only when the function calls that nested function by name: a pattern
    function that torch.ao's pt2e passes to its graph matcher (`def dropout_train(x): return F.dropout(x,
    training=True)`) is traced on example inputs, and reads no model's flag."""
    reads, calls, imports = [], set(), []
    nested: dict[str, list] = {}
    own = list(_walk_calls(node, nested))
    for child in [*own, *(n for nodes in nested.values() for n in nodes)]:
        kind = type(child)
        if kind is ast.Attribute:
            if child.attr == "training" and type(child.ctx) is ast.Load:
                reads.append(child.lineno)
        elif kind is ast.arg:
            if child.arg == "training":
                reads.append(child.lineno)
        elif kind is ast.Import or kind is ast.ImportFrom:
            imports.append(child)

    # A call whose first name is local to the function (`graph = profile[0]; graph.SerializeToString()`)
    # names no module-level definition, even one of that name imported in the file.
    local_names = _bound(own) | set(nested)

    def called(nodes, local) -> set[str]:
        calls = {dotted for n in nodes if type(n) is ast.Call and (dotted := _dotted(n.func)) is not None}
        return {dotted for dotted in calls if dotted.split(".")[0] not in local}

    calls = called(own, local_names - set(nested))  # a nested function's name, kept to follow it below
    done: set[str] = set()
    while todo := [name for name in nested if name in calls and name not in done]:  # nested calling nested
        for name in todo:
            done.add(name)
            calls |= called(nested[name], (local_names | _bound(nested[name])) - set(nested))
    calls -= set(nested)
    local: dict = {}
    _imports(imports, module, is_package, local)
    return {"line": node.lineno, "reads": min(reads) if reads else None, "calls": sorted(calls), "imports": local}


def summarise(text: str, module: str, is_package: bool) -> dict:
    """What one file defines, imports and exports, in plain data (so that it can be cached as JSON)."""
    try:
        tree = ast.parse(text)
    except SyntaxError:  # a file written for a newer Python than this one; it cannot be imported here either
        return {"defs": {}, "imports": {}, "stars": [], "assigns": {}, "all": None, "unparsed": True}
    summary: dict = {"defs": {}, "imports": {}, "stars": [], "assigns": {}, "all": None}
    statements = list(_top_statements(tree.body))
    _imports(statements, module, is_package, summary["imports"], summary["stars"])
    for node in statements:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            summary["defs"][node.name] = {"kind": "function", **_function(node, module, is_package)}
        elif isinstance(node, ast.ClassDef):
            methods: dict = {}
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    info = _function(item, module, is_package)
                    earlier = methods.get(item.name)  # a property's getter and setter share a name
                    if earlier:
                        info = {
                            "line": earlier["line"],
                            "reads": earlier["reads"] or info["reads"],
                            "calls": sorted({*earlier["calls"], *info["calls"]}),
                            "imports": {**earlier["imports"], **info["imports"]},
                        }
                    methods[item.name] = info
            bases = [d for base in node.bases if (d := _dotted(base))]
            summary["defs"][node.name] = {"kind": "class", "line": node.lineno, "bases": bases, "methods": methods}
        elif (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)) or (
            isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None
        ):
            # `__all__: list[str] = []` too: torch.onnx.utils from 2.12 on, a shim that exports nothing
            name = node.targets[0].id if isinstance(node, ast.Assign) else node.target.id
            if name == "__all__":
                try:
                    summary["all"] = [str(item) for item in ast.literal_eval(node.value)]
                except ValueError:  # built by code: fall back to the underscore rule
                    summary["all"] = None
            elif (target := _dotted(node.value)) is not None:
                summary["assigns"][name] = target
    return summary


@dataclass(frozen=True)
class Exclusion:
    name: str  # a full name, a module (everything under it), or a pattern with * (fnmatch)
    why: str
    torch: str | None = None  # a PEP 440 specifier (`<2.12`): the releases the entry is about; None: every one

    def matches(self, name: str) -> bool:
        if "*" in self.name:
            return fnmatch.fnmatchcase(name, self.name)
        return name == self.name or name.startswith(self.name + ".")


class ExclusionError(ValueError):
    """An exclusion file that cannot be used; the message says which entry and what to write."""


def installed_torch() -> str:
    """The installed torch's version, without importing it (`2.13.0+cpu`)."""
    from importlib.metadata import version

    return version("torch")


def load_exclusions(path: Path = EXCLUSIONS, torch: str | None = None, every: bool = False) -> list[Exclusion]:
    """The entries of the exclusion file that apply to this torch (the installed one when None): `[[exclude]]`
    tables with a `name`, a `why` and, for a name only some releases have, `torch = "<2.12"`, the releases
    it is about. An entry for other releases is left out, so it hides no reader of this one, and is not
    stale here. `every`: all entries, whatever their releases."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet  # pytest's own dependency: in every environment

    with path.open("rb") as handle:
        data = tomllib.load(handle)
    version = None if every else (torch or installed_torch()).split("+")[0]
    entries = []
    for index, entry in enumerate(data.get("exclude", []), 1):
        name, why, releases = entry.get("name"), str(entry.get("why", "")).strip(), entry.get("torch")
        if not name:
            raise ExclusionError(f"{path.name}: entry {index} has no name")
        if not why:
            raise ExclusionError(
                f"{path.name}: entry {index} ({name}) has no why: say why it is not user-facing "
                "(private, testing, internal compiler pass, deprecated, ...)"
            )
        try:
            specifier = SpecifierSet(releases) if releases is not None else None
        except InvalidSpecifier:
            raise ExclusionError(
                f'{path.name}: entry {index} ({name}): torch = {releases!r} is no PEP 440 specifier; write e.g. "<2.12"'
            ) from None
        if specifier is None or version is None or specifier.contains(version, prereleases=True):
            entries.append(Exclusion(name, why, releases))
    return entries


@dataclass(frozen=True)
class Found:
    """A public reader: one definition, and every public name that reaches it."""

    name: str  # the shortest public name (torch.nn.Dropout, not torch.nn.modules.dropout.Dropout)
    aliases: tuple[str, ...]  # every public name found for it, the shortest first
    definition: str  # module.qualname where it is defined (a builtin: its public name)
    where: str  # torch/nn/modules/dropout.py:70 Dropout.forward reads it, or the reader it calls

    def __str__(self) -> str:
        return self.where


# Cheap facts about a file, read with regular expressions rather than parsed: whether it names the flag,
# the names it imports (a re-export), the bases its classes name (a subclass), a star import.
_FROM_IMPORT = re.compile(r"^[ \t]*from[ \t]+[\w.]+[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)", re.MULTILINE)
_CLASS_BASES = re.compile(r"^[ \t]*class[ \t]+\w+[ \t]*\(([^)]*)\)", re.MULTILINE)
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


def facts(text: str) -> dict:
    imported = {word for match in _FROM_IMPORT.finditer(text) for word in _IDENTIFIER.findall(match[1])}
    bases = {word for match in _CLASS_BASES.finditer(text) for word in _IDENTIFIER.findall(match[1])}
    return {
        "training": "training" in text,
        "imported": sorted(imported),
        "bases": sorted(bases),
        "star": bool(re.search(r"^[ \t]*from[ \t]+[\w.]+[ \t]+import[ \t]+\*", text, re.MULTILINE)),
    }


class Source:
    """One package's source (torch, or a fixture), parsed as needed; name resolution by its imports.

    Nothing is imported: the answers are those of the files, so the same code runs on another
    torch's tree, or on a fake package in a test. With a cache folder, what was read of each file
    is kept there (keyed by the file's size and time, and by this analyser's own source)."""

    def __init__(self, package_dir: Path, exclusions=(), cache_dir: Path | None = None, budget: int | None = None):
        self.package_dir = package_dir.resolve()
        self.budget = budget  # at most this many files parsed; past it a name is not found (not: absent)
        self._parsed = 0
        self.package = self.package_dir.name
        self.exclusions = list(exclusions)
        self.files: dict[str, Path] = {}
        for path in sorted(self.package_dir.rglob("*.py")):
            parts = path.relative_to(self.package_dir.parent).with_suffix("").parts
            if all(part.isidentifier() for part in parts):
                self.files[".".join(parts).removesuffix(".__init__")] = path
        self._summaries: dict[str, dict] = {}
        self._facts: dict[str, dict] = {}
        self._excluded: dict[str, Exclusion | None] = {}
        self._lookups: dict = {}
        self._looking: set = set()
        self._cycles = 0
        self._absolutes: dict = {}
        self._cache_path = None
        self._cached: dict = {}
        if cache_dir is not None:
            tree = hashlib.sha1(str(self.package_dir).encode()).hexdigest()[:12]
            analyser = hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:12]
            self._cache_path = cache_dir / f"{self.package}-{tree}-{analyser}.json"
            try:
                self._cached = json.loads(self._cache_path.read_text())
            except (OSError, ValueError):
                self._cached = {}
        self._dirty = False

    # Files

    def excluded(self, name: str) -> Exclusion | None:
        if name not in self._excluded:
            self._excluded[name] = next((e for e in self.exclusions if e.matches(name)), None)
        return self._excluded[name]

    def _read(self, module: str, kind: str, compute):
        path = self.files[module]
        stat = path.stat()
        stamp = [stat.st_size, stat.st_mtime_ns]
        key = f"{kind}:{path.relative_to(self.package_dir)}"
        cached = self._cached.get(key)
        if cached and cached[0] == stamp:
            return cached[1]
        value = compute(path.read_text(errors="replace"))
        self._cached[key] = [stamp, value]
        self._dirty = True
        return value

    def summary(self, module: str) -> dict | None:
        if module not in self._summaries:
            if self.budget is not None and self._parsed >= self.budget:
                return None
            self._parsed += 1
            if module not in self.files or self.excluded(module):
                self._summaries[module] = None
            else:
                is_package = self.files[module].name == "__init__.py"
                self._summaries[module] = self._read(module, "ast", lambda text: summarise(text, module, is_package))
        return self._summaries[module]

    def facts(self, module: str) -> dict:
        if module not in self._facts:
            self._facts[module] = self._read(module, "facts", facts)
        return self._facts[module]

    def modules(self) -> list[str]:
        """Every module of the tree the exclusion file leaves in."""
        return [module for module in self.files if not self.excluded(module)]

    def save(self) -> None:
        if self._cache_path is None or not self._dirty:
            return
        self._cache_path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._cache_path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(self._cached))
        os.replace(temporary, self._cache_path)  # atomic: a parallel run reads the old file or the new
        self._dirty = False
        tree = self._cache_path.name.rsplit("-", 1)[0]
        for old in self._cache_path.parent.glob(f"{tree}-*.json"):  # what older versions of this file read
            if old != self._cache_path:
                old.unlink(missing_ok=True)

    def where(self, module: str, qualname: str, line: int) -> str:
        return f"{self.files[module].relative_to(self.package_dir.parent)}:{line} {qualname}"

    # Names

    def lookup(self, module: str, name: str, depth: int = 0):
        """What `name` is in the namespace of `module`: ("def", module, name), ("module", module, ""), or None."""
        key = (module, name)
        if key in self._lookups:
            return self._lookups[key]
        if key in self._looking or depth > 40:  # an import cycle: no answer down this path
            self._cycles += 1
            return None
        self._looking.add(key)
        cycles = self._cycles
        found = None
        summary = self.summary(module)
        if summary is not None:
            if name in summary["defs"]:
                found = ("def", module, name)
            elif name in summary["imports"]:
                found = self.absolute(summary["imports"][name], depth + 1)
            elif name in summary["assigns"]:
                found = self.resolve(module, summary["assigns"][name], depth=depth + 1)
        if found is None and f"{module}.{name}" in self.files:
            found = ("module", f"{module}.{name}", "")
        for star in summary["stars"] if summary and found is None else []:
            exported = (self.summary(star) or {}).get("all")
            if (name in exported) if exported is not None else not name.startswith("_"):
                found = self.lookup(star, name, depth + 1)
                if found:
                    break
        self._looking.discard(key)
        if found is not None or self._cycles == cycles:  # a None met through a cycle may be wrong elsewhere
            self._lookups[key] = found
        return found

    def absolute(self, dotted: str, depth: int = 0):
        if dotted in self._absolutes:
            return self._absolutes[dotted]
        parts = dotted.split(".")
        found = None
        cycles = self._cycles
        for split in range(len(parts), 0, -1):
            module = ".".join(parts[:split])
            if module in self.files:
                found = self.walk(("module", module, ""), parts[split:], depth)
                break
        if found is not None or self._cycles == cycles:
            self._absolutes[dotted] = found
        return found

    def walk(self, target, parts, depth: int = 0):
        for part in parts:
            if target is None:
                return None
            kind, module, qualname = target
            if kind == "module":
                target = self.lookup(module, part, depth + 1)
            elif "." not in qualname and self.summary(module)["defs"][qualname]["kind"] == "class":
                methods = self.summary(module)["defs"][qualname]["methods"]
                target = ("def", module, f"{qualname}.{part}") if part in methods else None
            else:
                return None
        return target

    def resolve(self, module: str, dotted: str, local: dict | None = None, depth: int = 0):
        head, _, rest = dotted.partition(".")
        if local and head in local:
            return self.absolute(f"{local[head]}.{rest}" if rest else local[head], depth + 1)
        target = self.lookup(module, head, depth + 1)
        if target is None and head == self.package:
            target = ("module", self.package, "")
        return self.walk(target, rest.split(".") if rest else [], depth)

    def definition(self, module: str, qualname: str) -> dict | None:
        summary = self.summary(module)
        if summary is None:
            return None
        top, _, method = qualname.partition(".")
        found = summary["defs"].get(top)
        if found and method:
            return found["methods"].get(method) if found["kind"] == "class" else None
        return found


class Scan:
    """The readers of the flag in one source tree, and the public names that reach them."""

    def __init__(self, source: Source):
        self.source = source
        self.readers: dict[tuple[str, str], str] = {}  # (module, qualname) -> why
        self._mros: dict = {}
        self._class_reads: dict[tuple[str, str], str | None] = {}
        self._find_readers()

    def _functions(self, modules):
        for module in modules:
            summary = self.source.summary(module)
            for name, item in (summary or {}).get("defs", {}).items():
                if item["kind"] == "function":
                    yield module, name, item
                else:
                    for method, info in item["methods"].items():
                        yield module, f"{name}.{method}", info

    def _targets(self, module: str, qualname: str, info: dict) -> list[tuple[str, tuple[str, str]]]:
        """(call as written, definition it resolves to) for the calls of one function that resolve in the tree."""
        targets = []
        own = {(module, qualname), (module, qualname.split(".")[0])}  # recursion, or its own class
        for call in info["calls"]:
            candidates = [call]
            if "." in call:
                candidates.append(call.rsplit(".", 1)[0])  # Foo.apply(...): a method of a reading class
            for dotted in candidates:
                if dotted.rsplit(".", 1)[-1] not in self._defined:
                    continue  # names nothing defined in a file that names the flag: it cannot reach a reader
                target = self.source.resolve(module, dotted, info["imports"])
                if target and target[0] == "def" and (target[1], target[2]) not in own:
                    targets.append((call, (target[1], target[2])))
        return targets

    def _find_readers(self) -> None:
        source = self.source
        # A direct reader names the flag, and so does the file that defines it; callers are looked for
        # in those files too (a caller elsewhere, that never names the flag, is not found).
        modules = [module for module in source.modules() if source.facts(module)["training"]]
        functions = list(self._functions(modules))
        # A reader is defined in one of these files, or is a class there (a call names it, or its method).
        self._defined = {name for module in modules for name in (source.summary(module) or {}).get("defs", {})}
        for module, qualname, info in functions:
            if info["reads"]:
                self.readers[(module, qualname)] = f"reads it at {source.where(module, qualname, info['reads'])}"
        edges = [
            (module, qualname, info, self._targets(module, qualname, info)) for module, qualname, info in functions
        ]
        changed = True
        while changed:  # calling a reader makes a reader, until nothing new is found
            changed = False
            self._class_reads.clear()
            for module, qualname, info, targets in edges:
                if (module, qualname) in self.readers:
                    continue
                for call, key in targets:
                    why = self.key_reads(key)
                    if why:
                        where = source.where(module, qualname, info["line"])
                        self.readers[(module, qualname)] = f"calls {call} in {where}, which {why}"
                        changed = True
                        break
        self._class_reads.clear()
        source.save()

    def mro(self, key: tuple[str, str], depth: int = 0) -> list[tuple[str, str]]:
        """The classes (module, name) a class resolves its methods through, C3 order, those found in the tree."""
        if key in self._mros:
            return self._mros[key]
        item = self.source.definition(*key)
        if item is None or item.get("kind") != "class" or depth > 40:
            return [key]
        self._mros[key] = [key]  # a cycle ends here
        sequences = []
        for base in item["bases"]:
            target = self.source.resolve(key[0], base)
            if target and target[0] == "def" and "." not in target[2]:
                sequences.append(list(self.mro((target[1], target[2]), depth + 1)))
        sequences.append([s[0] for s in sequences if s])
        order = [key]
        while any(sequences):
            sequences = [s for s in sequences if s]
            head = next((s[0] for s in sequences if not any(s[0] in t[1:] for t in sequences)), sequences[0][0])
            order.append(head)
            sequences = [[c for c in s if c != head] for s in sequences]
        self._mros[key] = list(dict.fromkeys(order))
        return self._mros[key]

    def key_reads(self, key: tuple[str, str]) -> str | None:
        """Why the definition reads the flag: a function directly or through calls, a class through its methods."""
        if key in self.readers:
            return self.readers[key]
        if key in self._class_reads:
            return self._class_reads[key]
        item = self.source.definition(*key)
        if item is None or item.get("kind") != "class":
            return None
        why = None
        seen: set[str] = set()
        for klass in self.mro(key):
            if ".".join(klass) == TORCH_MODULE:
                continue
            for method in (self.source.definition(*klass) or {}).get("methods", {}):
                if method not in seen:
                    seen.add(method)
                    why = why or self.readers.get((klass[0], f"{klass[1]}.{method}"))
        self._class_reads[key] = why
        return why

    # Public names

    def public(self, module: str) -> bool:
        return not any(part.startswith("_") for part in module.split(".")) and not self.source.excluded(module)

    def exported(self, module: str, name: str) -> bool:
        exported = (self.source.summary(module) or {}).get("all")
        return name in exported if exported is not None else not name.startswith("_")

    def found(self, namespaces=("torch",)) -> dict[str, Found]:
        """Every public reader: its shortest public name -> Found. Public: a module path with no `_` part,
        a name in its `__all__` (or, without one, not starting with `_`), under one of the namespaces."""
        source = self.source
        modules = source.modules()
        functions = {key for key in self.readers if "." not in key[1]}
        classes = {(module, qualname.split(".")[0]) for module, qualname in self.readers if "." in qualname}
        # A subclass inherits the reading methods: look at the classes of every file that names one as a base.
        names = {name for _, name in classes}
        for module in modules:
            if names.intersection(source.facts(module)["bases"]):
                for name, item in (source.summary(module) or {}).get("defs", {}).items():
                    if item["kind"] == "class":
                        classes.add((module, name))
        found = functions | {key for key in classes if self.key_reads(key)}
        aliases: dict[tuple[str, str], set[str]] = {key: set() for key in found}
        for module, name in found:
            if self.public(module) and self.exported(module, name):
                aliases[(module, name)].add(f"{module}.{name}")
        names = {name for _, name in found}
        for module in modules:  # re-exports: `from torch.nn.modules.dropout import Dropout`, star imports
            if not self.public(module):
                continue
            module_facts = source.facts(module)
            for name in sorted(names.intersection(module_facts["imported"]) if not module_facts["star"] else names):
                if self.exported(module, name):
                    target = source.lookup(module, name)
                    if target and target[0] == "def" and (target[1], target[2]) in aliases:
                        aliases[(target[1], target[2])].add(f"{module}.{name}")
        result = {}
        for key, names_found in aliases.items():
            inside = [n for n in names_found if any(n == ns or n.startswith(ns + ".") for ns in namespaces)]
            if inside:
                ordered = tuple(sorted(inside, key=lambda n: (n.count("."), n)))
                result[ordered[0]] = Found(ordered[0], ordered, ".".join(key), self.key_reads(key))
        source.save()
        return dict(sorted(result.items()))


def _builtin_reads(function, name: str) -> str | None:
    """A C++ function has no source: it reads the flag when its signature has a training argument,
    in its docstring (`rrelu_(input, ..., training=False)`) or in the schema of the aten operator
    it binds (`dropout(Tensor input, float p, bool train)`)."""
    signature = (function.__doc__ or "").split("->")[0]
    if re.search(r"\btraining\b", signature):
        return "takes a training argument (its docstring signature)"
    import torch

    try:
        schemas = torch._C._jit_get_schemas_for_operator(f"aten::{name}")
    except RuntimeError:
        return None
    for schema in schemas:
        argument = next((a.name for a in schema.arguments if a.name in ("training", "train")), None)
        if argument:
            return f"takes a {argument} argument (its {schema.name} schema)"
    return None


def _builtins(found: dict[str, Found], namespaces) -> dict[str, Found]:
    import torch  # builtins exist only at run time

    extra = {}
    for namespace in BUILTIN_NAMESPACES:
        if not any(namespace == ns or namespace.startswith(ns + ".") for ns in namespaces):
            continue
        module = importlib.import_module(namespace)
        for name in sorted(getattr(module, "__all__", None) or dir(module)):
            obj = getattr(module, name, None)
            full = f"{namespace}.{name}"
            if name.startswith("_") or not inspect.isbuiltin(obj) or full in found:
                continue
            why = _builtin_reads(obj, name)
            if why:
                extra[full] = Found(full, (full,), full, why)
    del torch
    return extra


@cache
def torch_scan(package_dir: Path | None = None) -> Scan:
    """The scan of the installed torch (or of another torch tree), with the repository's exclusions."""
    if package_dir is None:
        spec = importlib.util.find_spec("torch")
        package_dir = Path(spec.origin).parent
    return Scan(Source(package_dir, load_exclusions(), CACHE_DIR))


def readers(namespaces=("torch",), package_dir: Path | None = None) -> dict[str, Found]:
    """Public name -> Found, for every public reader of the flag in the installed torch under these namespaces.

    Names the exclusion file lists are included (with the rest): `uncovered` decides what must be catalogued."""
    scan = torch_scan(package_dir)
    found = scan.found(tuple(namespaces))
    if package_dir is None:
        found.update(_builtins(found, tuple(namespaces)))
    return dict(sorted(found.items()))


def uncovered(found: dict[str, Found], catalogued_names: set[str], exclusions: list[Exclusion]) -> list[str]:
    """One message per reader that is neither catalogued (under any of its names) nor excluded."""
    messages = []
    for name, reader in found.items():
        names = (*reader.aliases, reader.definition)
        if any(n in catalogued_names for n in names) or any(e.matches(n) for e in exclusions for n in names):
            continue
        messages.append(f"{name} {reader.where}, but is neither catalogued nor excluded: {FIX}")
    return messages


def stale_exclusions(found: dict[str, Found], source: Source, exclusions: list[Exclusion]) -> list[str]:
    """Exclusions that no longer say anything: no reader matches them, and no module of that name (or
    pattern) exists, or the name is a function or class of the tree that no longer reads the flag."""
    names = {n for reader in found.values() for n in (*reader.aliases, reader.definition)}
    messages = []
    for exclusion in exclusions:
        if any(exclusion.matches(n) for n in names):
            continue
        if "*" in exclusion.name:
            if not any(exclusion.matches(module) for module in source.files):
                messages.append(f"{exclusion.name}: excluded, but no reader or module of {source.package} matches it")
        elif exclusion.name not in source.files:
            target = source.absolute(exclusion.name)
            if target is None:
                messages.append(f"{exclusion.name}: excluded, but no such module or name exists in {source.package}")
            elif target[0] == "def":
                messages.append(f"{exclusion.name}: excluded, but it no longer reads the flag")
    return messages


def reads_flag(obj) -> str | None:
    """Why an object of the installed torch reads the flag, or None: the scan's answer for its definition."""
    if inspect.isbuiltin(obj):
        return _builtin_reads(obj, getattr(obj, "__name__", ""))
    if not (inspect.isclass(obj) or inspect.isfunction(obj)):
        return None
    module, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", "")
    if not module or "<locals>" in qualname:
        return None
    scan = torch_scan()
    if inspect.isclass(obj):
        # The class's own definition, or for one torch builds at run time, the first of its bases in the source.
        for klass in obj.__mro__:
            if klass is object or f"{klass.__module__}.{klass.__qualname__}" == TORCH_MODULE:
                continue
            if scan.source.definition(klass.__module__, klass.__qualname__) is not None:
                return scan.key_reads((klass.__module__, klass.__qualname__))
        return None
    return scan.key_reads((module, qualname))


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


@cache
def _package_source(package: str) -> Source | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.origin or not spec.origin.endswith("__init__.py"):
        return None
    return Source(Path(spec.origin).parent, (), CACHE_DIR, budget=200)


def _in_source(source: Source, full_name: str, depth: int = 0) -> bool:
    """Whether the source defines `full_name`, a method inherited from a base class included."""
    if source.absolute(full_name) is not None:
        return True
    owner, _, attribute = full_name.rpartition(".")
    target = source.absolute(owner) if owner and depth < 10 else None
    if target is None or target[0] != "def":
        return False
    info = source.summary(target[1])["defs"].get(target[2])
    if not info or info["kind"] != "class":
        return False
    for base in info["bases"]:
        found = source.resolve(target[1], base)
        if found and found[0] == "def" and _in_source(source, f"{found[1]}.{found[2]}.{attribute}", depth + 1):
            return True
    return False


def exists(full_name: str) -> bool:
    """Whether a full name exists in the installed package its first part names.

    It is first looked up in the package's source (torch's is read for the scan anyway), since importing
    some modules takes seconds (transformers' Trainer, torch.distributed.fsdp, lightning.pytorch); only a
    name not found there is imported (a C++ function, a name set at run time)."""
    package = full_name.split(".")[0]
    source = torch_scan().source if package == "torch" else _package_source(package)
    if source is not None and _in_source(source, full_name):
        source.save()
        return True
    return resolve(full_name) is not None


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
        explicit = re.search(r"\{:?\s*#([\w-]+)\s*\}$", title)  # attr_list: `## Title {#anchor}`
        anchor = explicit[1] if explicit else slugify(re.sub(r"`", "", title), "-")
        sections[anchor] = "\n".join(lines[start:end])
    return sections
