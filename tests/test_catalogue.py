"""The site catalogues every public reader of the training flag in the installed torch, or says why not.

The analyser is tools/catalogue.py: it reads the source of every module of the
installed torch (nothing is imported for it) and finds each function or method
that loads an attribute `.training` or takes a parameter named `training`, each
one that calls such code, each class whose methods (inherited ones too) do, and
the C++ functions whose signature has a `training` or `train` argument. A reader
is public when some module path with no `_`-prefixed part exports it
(`torch.nn.Dropout`, `torch.func.stack_module_state`, defined in
`torch._functorch`).

Each public reader must be in the summary table of a page (the first two
columns, name and namespace, under any of its public names) or matched by an
entry of catalogue-exclusions.toml, which says why users do not meet it. The
tests below fail naming any reader that is neither; any name in a table that
no longer exists; any exclusion that matches nothing or gives no reason; any
row that says the mode changes "Nothing" for a reader; and any row whose
section shows no snippet. Fixtures run the same functions on a fake package, so
the test is seen to fail when a reader appears.
"""

from __future__ import annotations

import inspect
import json
import re
import textwrap
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

from tools import ROOT, environment, layout
from tools.catalogue import (
    EXCLUSIONS,
    Exclusion,
    ExclusionError,
    Row,
    Scan,
    Source,
    all_rows,
    catalogued,
    exists,
    load_exclusions,
    readers,
    reads_flag,
    resolve,
    sections,
    stale_exclusions,
    torch_scan,
    uncovered,
)
from tools.pages import INCLUDE


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def gone(rows: list[Row]) -> list[str]:
    """A message per name in a table that does not exist in the installed package its From cell names."""
    return [
        f"{_shown(row.page)}:{row.line}: {name} does not exist in the installed {name.split('.')[0]}: "
        "remove it from the page, or correct its name or namespace"
        for row in rows
        for name in row.names
        if not exists(name)
    ]


# --- The tests -------------------------------------------------------------------------------


def test_the_scan_finds_the_known_readers():
    """Guards the scanner itself: if it finds nothing, every other test here would pass vacuously."""
    found = readers()
    names = {name for reader in found.values() for name in reader.aliases}
    for name in (
        "torch.nn.Dropout",
        "torch.nn.BatchNorm2d",
        "torch.nn.LazyBatchNorm1d",  # through _BatchNorm.forward
        "torch.nn.functional.dropout",
        "torch.nn.functional.rrelu_",  # a C++ function
        "torch.nn.utils.spectral_norm",  # calls SpectralNorm.apply
        "torch.jit.freeze",
        "torch.func.stack_module_state",  # defined in torch._functorch
        "torch.ao.nn.intrinsic.qat.ConvBn2d",
    ):
        assert name in names, f"the scan of the installed torch no longer finds {name}: fix tools/catalogue.py"
    assert "torch.nn.Linear" not in names and "torch.nn.CrossEntropyLoss" not in names


def test_every_reader_is_catalogued_or_excluded():
    missing = uncovered(readers(), catalogued(), load_exclusions())
    assert not missing, "\n".join(missing)


def test_every_exclusion_names_something():
    """An entry of the exclusion file must still match a reader, a module or a name of torch."""
    stale = stale_exclusions(readers(), torch_scan().source, load_exclusions())
    assert not stale, "\n".join(f"{EXCLUSIONS.name}: {line}: remove the entry" for line in stale)


def test_every_listed_release_was_scanned_and_found_complete():
    """The release run (`python -m tools.releases`) scans each listed torch; its record must show every
    listed release, with no reader left uncatalogued and no exclusion that names nothing there."""

    scanned = json.loads((ROOT / layout.CATALOGUE_RECORD).read_text())["releases"]
    problems = []
    for item in environment.releases(ROOT):
        facts = scanned.get(item.release.torch)
        if facts is None or "stale" not in facts:
            problems.append(f"{item.release}: not scanned by this version of the release run")
            continue
        problems += [f"{item.release}: uncovered: {line}" for line in facts["uncovered"]]
        problems += [f"{item.release}: {EXCLUSIONS.name}: {line}" for line in facts["stale"]]
    assert not problems, (
        "\n".join(problems) + "\nCatalogue or exclude the reader (or narrow the exclusion with `torch = ...`), "
        "then `python -m tools.releases --catalogue -k catalogue-only` records every release again."
    )


def test_catalogued_names_exist():
    problems = gone(all_rows())
    assert not problems, "\n".join(problems)


def test_nothing_rows_list_no_reader():
    wrong = [
        (row, name, why)
        for row in all_rows()
        if row.changes.startswith("Nothing")
        for name in row.names
        if name.split(".")[0] == "torch"  # the scan reads torch only: another package's rows are not checked
        if (why := reads_flag(resolve(name)))
    ]
    assert not wrong, "\n".join(
        f"{row.page.relative_to(ROOT)}:{row.line}: {name} {why}, yet the page says the mode changes nothing for it: "
        "give it its own row and section"
        for row, name, why in wrong
    )


def test_each_row_links_to_a_section_with_a_snippet():
    problems = []
    for row in all_rows():
        by_anchor = sections(row.page)
        where = f"{row.page.relative_to(ROOT)}:{row.line}"
        if row.section not in by_anchor:
            problems.append(f"{where}: #{row.section} is no heading on the page")
            continue
        included = [m["target"] for line in by_anchor[row.section].splitlines() if (m := INCLUDE.match(line))]
        if not any(target.split(":")[0].endswith(".py") for target in included):
            problems.append(f"{where}: section #{row.section} shows no snippet")
    assert not problems, "\n".join(problems)


# --- Fixtures: the same checks on a fake package, to see them fail ---------------------------

FAKE_PACKAGE = {
    "__init__.py": "from .layers import Calm, Wobble, jitter\nfrom . import testing\n",
    "layers.py": """
        class Calm:
            def forward(self, x):
                return x


        class Wobble(Calm):
            def forward(self, x):
                return x if self.training else -x


        class Wobblier(Wobble):  # inherits the reading forward
            pass


        def jitter(module):
            return module.training


        def shake(module):  # reads through jitter
            return jitter(module)
    """,
    "_private.py": "def hidden(module):\n    return module.training\n",
    "testing/__init__.py": "def helper(module):\n    return module.training\n",
}


def fake_package(tmp_path: Path) -> Path:
    for relative, text in FAKE_PACKAGE.items():
        path = tmp_path / "fakepkg" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return tmp_path / "fakepkg"


def test_a_new_public_reader_fails_naming_it(tmp_path):
    exclusions = [Exclusion("fakepkg.testing", "testing: helpers for the package's own tests")]
    found = Scan(Source(fake_package(tmp_path), exclusions)).found(("fakepkg",))
    messages = uncovered(found, set(), exclusions)
    named = sorted(message.split()[0] for message in messages)
    assert named == ["fakepkg.Wobble", "fakepkg.jitter", "fakepkg.layers.Wobblier", "fakepkg.layers.shake"], messages
    assert any("fakepkg/layers.py:9 Wobble.forward" in message for message in messages), messages
    assert not any("hidden" in m or "helper" in m or "Calm" in m for m in messages), messages
    # Catalogued under any of its public names (fakepkg.layers.Wobble is fakepkg.Wobble), it passes.
    covered = {"fakepkg.layers.Wobble", "fakepkg.jitter", "fakepkg.layers.Wobblier", "fakepkg.layers.shake"}
    assert uncovered(found, covered, exclusions) == []


def test_an_exclusion_that_names_nothing_fails(tmp_path):
    exclusions = [
        Exclusion("fakepkg.testing", "testing"),
        Exclusion("fakepkg.jitter", "still reads: not stale"),
        Exclusion("fakepkg.gone", "it was removed"),
        Exclusion("fakepkg.Calm", "it used to read the flag"),
        Exclusion("fakepkg.old_*", "modules that were removed"),
    ]
    source = Source(fake_package(tmp_path), exclusions)
    found = Scan(source).found(("fakepkg",))
    assert stale_exclusions(found, source, exclusions) == [
        "fakepkg.gone: excluded, but no such module or name exists in fakepkg",
        "fakepkg.Calm: excluded, but it no longer reads the flag",
        "fakepkg.old_*: excluded, but no reader or module of fakepkg matches it",
    ]


def test_an_exclusion_without_a_reason_fails(tmp_path):
    path = tmp_path / "exclusions.toml"
    path.write_text('[[exclude]]\nname = "torch.testing"\nwhy = "testing"\n\n[[exclude]]\nname = "torch.foo"\n')
    with pytest.raises(ExclusionError, match=r"entry 2 \(torch.foo\) has no why"):
        load_exclusions(path)


PATTERN_PACKAGE = {
    "__init__.py": "from .passes import fold, fold_now, save, show, trace\nfrom . import shim\n",
    "functional.py": "def batch_norm(x, training=False):\n    return x\n\n\ndef graph(model):\n    return model.training\n",
    "passes.py": """
        from .functional import batch_norm, graph


        def fold(graph):  # builds a pattern for a graph matcher; never calls it
            def pattern(x):
                return batch_norm(x, training=True)

            return graph.replace(pattern)


        def fold_now(x):  # calls its nested function: reads through batch_norm
            def step(x):
                return batch_norm(x, training=True)

            return step(x)


        def trace(model):  # calls the imported reader
            return graph(model)


        def save(profile):  # a local variable named like the import (tensorboard's FileWriter.add_graph)
            graph = profile[0]
            return graph.SerializeToString()


        def show(graph):  # a parameter, the same
            return graph.render()
    """,
    "_impl.py": "__all__ = ['export']\n\n\ndef export(module):\n    return module.training\n",
    "shim.py": "__all__: list[str] = []\n\nfrom ._impl import *\n",  # torch.onnx.utils from 2.12 on
}


def test_a_pattern_function_and_a_shim_that_exports_nothing_read_no_flag(tmp_path):
    """A nested function's calls count only when its function calls it (pt2e's pattern functions, which
    torch 2.4 and 2.8 trace on example inputs, read no model's flag); a call through a local name (a
    variable or parameter named like an imported reader) calls no reader; `__all__: list[str] = []`
    exports nothing, as `__all__ = []` does."""
    for relative, text in PATTERN_PACKAGE.items():
        path = tmp_path / "patternpkg" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    found = Scan(Source(tmp_path / "patternpkg")).found(("patternpkg",))
    assert sorted(found) == [
        "patternpkg.fold_now",
        "patternpkg.functional.batch_norm",
        "patternpkg.functional.graph",
        "patternpkg.trace",
    ], found
    assert "passes.py:12 fold_now" in found["patternpkg.fold_now"].where


def test_an_exclusion_for_some_releases_applies_to_those_only(tmp_path):
    path = tmp_path / "exclusions.toml"
    path.write_text(
        '[[exclude]]\nname = "torch.testing"\nwhy = "testing"\n\n'
        '[[exclude]]\nname = "torch.onnx.old"\ntorch = "<2.12"\nwhy = "gone in 2.12"\n'
    )
    assert [e.name for e in load_exclusions(path, torch="2.8.0+cu128")] == ["torch.testing", "torch.onnx.old"]
    assert [e.name for e in load_exclusions(path, torch="2.13.0+cpu")] == ["torch.testing"]
    assert len(load_exclusions(path, every=True)) == 2
    path.write_text('[[exclude]]\nname = "torch.onnx.old"\ntorch = "before 2.12"\nwhy = "gone"\n')
    with pytest.raises(ExclusionError, match="no PEP 440 specifier"):
        load_exclusions(path, torch="2.13.0")


def test_every_release_specific_exclusion_names_a_listed_release():
    """An entry for some releases only is checked there, not on the pinned one: it must name one at least."""
    listed = [item.release.torch for item in environment.releases(ROOT)]
    unused = [
        f"{EXCLUSIONS.name}: {entry.name}: torch = {entry.torch!r} names none of {', '.join(listed)}"
        for entry in load_exclusions(every=True)
        if entry.torch is not None
        and not any(SpecifierSet(entry.torch).contains(t.split("+")[0], prereleases=True) for t in listed)
    ]
    assert not unused, "\n".join(unused)


def test_a_catalogued_name_that_does_not_exist_fails(tmp_path):
    row = Row(tmp_path / "page.md", 3, ("torch.nn.Dropout", "torch.nn.NoSuchLayer"), "Train: ...", "dropout")
    assert gone([row]) == [
        f"{tmp_path / 'page.md'}:3: torch.nn.NoSuchLayer does not exist in the installed torch: "
        "remove it from the page, or correct its name or namespace"
    ]


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
            if name.count(".") == 2 and name.startswith("torch.nn.") and inspect.isclass(resolve(name))
        }
    )


def sweep_snippets() -> list[Path]:
    return [path for path in layout.snippet_files(ROOT) if SWEEP_MARKER in path.read_text()]


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
