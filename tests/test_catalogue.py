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

import inspect
import re
from pathlib import Path

from tools import ROOT
from tools.catalogue import (
    FIX,
    NAMESPACES,
    NOT_CATALOGUED,
    _torch,
    _torch_dir,
    all_rows,
    catalogued,
    flag_readers,
    public_names,
    readers,
    reads_flag,
    resolve,
    sections,
)
from tools.pages import INCLUDE

# --- The tests -------------------------------------------------------------------------------


def test_the_scan_finds_the_known_readers():
    """Guards the scanner itself: if it finds nothing, every other test here would pass vacuously."""
    found = readers()
    for name in ("torch.nn.Dropout", "torch.nn.BatchNorm2d", "torch.nn.LazyBatchNorm1d", "torch.nn.functional.dropout"):
        assert name in found, (
            f"the scan of {_torch_dir() / 'nn'} no longer finds {name}: fix the scanner in {Path(__file__).name}"
        )
    assert "torch.nn.Linear" not in found and "torch.nn.CrossEntropyLoss" not in found


def test_every_reader_is_catalogued():
    missing = sorted(set(readers()) - catalogued())
    assert not missing, "\n".join(f"{name} {readers()[name]}, but is not catalogued: {FIX}." for name in missing)


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
    gone = [(row, name) for row in all_rows() for name in row.names if resolve(name) is None]
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
