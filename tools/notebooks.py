"""The notebook adapter: a notebook becomes the text of its code cells (tools/unit_check.py checks it).

The site renders the outputs stored in each notebook without running it
(mkdocs-jupyter `execute: false`), so, as with snippets, what a reader sees must
be what the code really printed. `check_notebook` executes a fresh copy in a new
kernel, cell by cell, and, through the core (tools/unit_check.py), the one rule
for snippets and notebooks,

- fails naming the notebook and the cell (`docs/notebooks/x.ipynb cell 3`) when
  a cell raises, times out or writes to stderr;
- compares each code cell's text output (printed text, `text/plain` results)
  with the stored one, as a unified diff;
- with `update`, runs it a second time (another hash seed) to make sure the
  output is deterministic, then stores the outputs in a normal form: execution
  counts 1, 2, 3, ..., no timing metadata, no Python patch version, so that a
  refresh with nothing changed rewrites the file byte for byte;
- records the releases it was verified on in verified/ (tools/environment.py),
  as for snippets: on a refresh that passed, and checked on every run.

"Cell N" is the N-th code cell, which is also the `[N]` shown beside it on the
page and in Jupyter after "Run All".
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbformat import NotebookNode

from tools import environment, layout, unit_check
from tools.checkers import checker
from tools.unit_check import UnitFailure

KERNEL_NAME = "python3"
LEGACY_KEY = "verified_with"  # metadata of an older record, now in verified/: dropped from the normal form
CELL_METADATA_CHURN = ("execution", "ExecuteTime")  # timings written by nbclient and Jupyter extensions
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
HREF = re.compile(r'href="([^"#]*)#([^"]+)"')
HTML_ID = re.compile(r'\bid="([^"]+)"')


class Notebook:
    """One notebook, as the core (tools/unit_check.py) sees a unit."""

    assert_place = "the cell"
    raised_early = "the cell raised"
    fix_where = "the notebook's code and the text around it"
    two_runs = "two fresh kernels, with different hash seeds"
    same_code = ""

    def __init__(self, path: Path, name: str | None = None):
        self.path = Path(path)
        self.name = self.stored_name = name or str(self.path)
        try:
            self.root, self.unit = layout.locate(self.path)
        except ValueError:
            self.root, self.unit = None, None  # a notebook outside docs/ (a throwaway one) has no record

    def run(self, timeout: float, *, refresh: bool = False) -> NotebookNode:
        fresh = execute(self.path, name=self.name, timeout=timeout, hash_seed=1, unit=self)
        if refresh:
            again = execute(self.path, name=self.name, timeout=timeout, hash_seed=2, unit=self)
            failure = unit_check.double_run_problem(self, fresh, again, ("first run", "second run"))
            if failure:
                raise failure
        return fresh

    def stored(self) -> NotebookNode:
        return read(self.path)  # a notebook is its own stored evidence; missing outputs differ cell by cell

    def store(self, fresh: NotebookNode) -> None:
        self.path.write_text(serialise(normalise(fresh)))

    def digest(self, evidence: NotebookNode) -> str:
        return output_digest(evidence)

    def text(self, evidence: NotebookNode) -> None:
        return None  # the page shows the notebook's own stored outputs; the record keeps no other text

    def diff(self, before: NotebookNode | None, after: NotebookNode, before_role: str, after_role: str) -> str:
        return differences(before or nbformat.v4.new_notebook(), after, self.name, before_role, after_role)


def read(path: Path) -> NotebookNode:
    return nbformat.read(str(path), as_version=4)


def code_cells(nb: NotebookNode) -> list[tuple[int, NotebookNode]]:
    """(N, cell) for each code cell that runs, numbered 1, 2, 3, ... as Jupyter's "Run All" numbers them."""
    runnable = [cell for cell in nb.cells if cell.cell_type == "code" and cell.source.strip()]
    return list(enumerate(runnable, start=1))


def _first_line(cell: NotebookNode) -> str:
    lines = [line for line in cell.source.splitlines() if line.strip()]
    return lines[0] if lines else ""


def _stream(cell: NotebookNode, name: str) -> str:
    return "".join(out.text for out in cell.outputs if out.output_type == "stream" and out.name == name)


def execute(
    path: Path,
    *,
    name: str | None = None,
    timeout: float = 30.0,
    hash_seed: int = 0,
    unit: Notebook | None = None,
) -> NotebookNode:
    """Run a copy of the notebook at `path` in a new kernel, in its own folder; the file is not touched.

    `timeout` is per cell. A cell that raises, runs too long or writes to stderr raises UnitFailure
    naming `name` (default: the path as given) and the cell.
    """
    path = Path(path)
    unit = unit or Notebook(path, name)
    nb = read(path)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    client = NotebookClient(
        nb,
        timeout=timeout,
        startup_timeout=60,
        kernel_name=KERNEL_NAME,
        allow_errors=False,
        record_timing=False,
        shutdown_kernel="immediate",  # the kernel holds nothing worth a graceful goodbye; saves about a second
        coalesce_streams=True,  # one stdout output per cell, however the kernel chunked it
        resources={"metadata": {"path": str(path.resolve().parent)}},
        extra_arguments=["--IPKernelApp.log_level=ERROR"],  # not the kernel's "TCP without encryption" notice
    )
    env = dict(os.environ, PYTHONHASHSEED=str(hash_seed), PYDEVD_DISABLE_FILE_VALIDATION="1")
    wrote = None  # the first cell that wrote to stderr: reported after the others ran, as a snippet's is
    with client.setup_kernel(env=env):
        index_of = {id(cell): index for index, cell in enumerate(nb.cells)}
        for number, cell in code_cells(nb):
            where = f"{unit.name} cell {number}"
            failure = None
            try:
                client.execute_cell(cell, index_of[id(cell)], execution_count=number)
            except CellExecutionError as error:
                trace = ANSI.sub("", str(error)).strip()
                raised = f"{error.ename}: {error.evalue}"
                failure = unit_check.exit_problem(unit, where, raised, _stream(cell, "stdout"), f"\n{trace}\n")
            except CellTimeoutError:
                failure = unit_check.timeout_problem(
                    unit, True, timeout, where, f"  the cell starts: {_first_line(cell)}\n"
                )
            except DeadKernelError as error:
                failure = UnitFailure(f"{where}: the kernel died ({error}).", unit=unit.unit)
            if failure:
                raise failure from None
            if not wrote and _stream(cell, "stderr"):
                wrote = (_stream(cell, "stderr"), where)
    if wrote:
        raise unit_check.stderr_problem(unit, *wrote, printed=output_text(nb))
    return nb


def cell_text(cell: NotebookNode) -> str:
    """What a code cell shows as text: printed output and `text/plain` results, in order."""
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text if output.name == "stdout" else f"[{output.name}]\n{output.text}")
        elif output.output_type in ("execute_result", "display_data"):
            if "text/plain" in output.data:
                parts.append(output.data["text/plain"] + "\n")
            # Other kinds (an image, HTML) are not compared byte for byte, but one that appears or
            # disappears is a difference.
            parts.extend(f"[{kind} output]\n" for kind in sorted(output.data) if kind != "text/plain")
        elif output.output_type == "error":
            parts.append(f"{output.ename}: {output.evalue}\n")
    return "".join(parts)


@checker
def differences(
    stored: NotebookNode, fresh: NotebookNode, name: str, before: str = "stored", after: str = "now"
) -> str:
    """Unified diffs, one per code cell whose text output changed; empty when all match."""
    diffs = []
    stored_cells = dict(code_cells(stored))
    for number, cell in code_cells(fresh):
        old, new = cell_text(stored_cells[number]) if number in stored_cells else "", cell_text(cell)
        if old != new:
            diffs.append(
                "".join(
                    difflib.unified_diff(
                        old.splitlines(keepends=True),
                        new.splitlines(keepends=True),
                        fromfile=f"{name} cell {number} ({before})",
                        tofile=f"{name} cell {number} ({after})",
                    )
                )
            )
    return "".join(diffs)


CELL_MARK = "[cell {number}]\n"
CELL_MARK_LINE = re.compile(r"^\[cell (\d+)\]\n", re.M)


def output_text(nb: NotebookNode) -> str:
    """Every code cell's text output, numbered: the notebook's output as one text."""
    return "".join(CELL_MARK.format(number=number) + cell_text(cell) for number, cell in code_cells(nb))


def cell_texts(text: str) -> dict[int, str]:
    """output_text taken apart again: cell number -> what it showed (a cell that prints a line like
    `[cell 3]` itself would be split there too: none does, and the page would only show it split)."""
    parts = CELL_MARK_LINE.split(text)
    return {int(number): shown for number, shown in zip(parts[1::2], parts[2::2], strict=True)}


def output_digest(nb: NotebookNode) -> str:
    """The hash of output_text: what the record stores for a notebook."""
    return environment.digest(output_text(nb))


def normalise(nb: NotebookNode) -> NotebookNode:
    """The notebook in the form it is stored: stable counts, no timings, no versions (verified/ has them)."""
    nb = nbformat.from_dict(nb)  # a deep copy
    numbers = {id(cell): number for number, cell in code_cells(nb)}
    for cell in nb.cells:
        for key in CELL_METADATA_CHURN:
            cell.metadata.pop(key, None)
        if cell.cell_type != "code":
            continue
        cell.execution_count = numbers.get(id(cell))
        for output in cell.outputs:
            if output.output_type == "execute_result":
                output.execution_count = cell.execution_count
    nb.metadata.get("language_info", {}).pop("version", None)  # Python's patch version: churn
    nb.metadata.pop("widgets", None)
    nb.metadata.pop(LEGACY_KEY, None)
    nbformat.validate(nb)
    return nb


def serialise(nb: NotebookNode) -> str:
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"  # as nbformat.write does


@checker
def check_normal_form(path: Path, *, name: str | None = None) -> None:
    """The stored file is exactly what a refresh would write (no execution counts or timings churn)."""
    path = Path(path)
    name = name or str(path)
    stored = read(path)
    expected = serialise(normalise(stored))
    actual = path.read_text()
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                actual.splitlines(keepends=True),
                expected.splitlines(keepends=True),
                fromfile=f"{name} (stored)",
                tofile=f"{name} (normal form)",
                n=1,
            )
        )
        raise UnitFailure(
            f"{name}: not stored in its normal form (saved from Jupyter?); these lines would change:\n"
            f"{diff[:4000]}"
            f"Store it with `{environment.refresh_command(str(path))}`, which runs it and writes outputs, counts "
            "and metadata."
        )


def check_notebook(path: Path, *, name: str | None = None, update: bool = False, timeout: float = 30.0) -> NotebookNode:
    """Run the notebook afresh and compare its text outputs with the stored ones and with its record, or
    refresh both (tools/unit_check.check)."""
    return unit_check.check(Notebook(path, name), update=update, timeout=timeout)


def broken_links_into_notebooks(site_dir: Path, notebooks: list[Path], docs_dir: Path) -> list[str]:
    """Links in the built site to a heading of a notebook page that has no such heading.

    MkDocs checks anchors of Markdown pages (`validation: anchors`), but not of
    notebook pages, whose HTML mkdocs-jupyter writes: a link like
    `notebooks/x.ipynb#no-such-heading` builds without a warning, even under --strict.
    """
    pages = {(site_dir / nb.relative_to(docs_dir).with_suffix("")).resolve(): nb for nb in notebooks}
    anchors: dict[Path, set[str]] = {}
    problems = []
    for html in sorted(site_dir.rglob("*.html")):
        for path, anchor in HREF.findall(html.read_text()):
            if not path or "://" in path:
                continue  # a link within the same page, or to another site
            target = (html.parent / path).resolve()
            target = target.parent if target.name == "index.html" else target
            if target not in pages:
                continue
            if target not in anchors:
                anchors[target] = set(HTML_ID.findall((target / "index.html").read_text()))
            if anchor not in anchors[target]:
                notebook = pages[target].relative_to(docs_dir.parent)
                problems.append(
                    f"{html.relative_to(site_dir)}: links to {notebook}#{anchor}, but no heading of the notebook "
                    f"has that anchor. Fix the link in the page's source, or the heading in {notebook}."
                )
    return sorted(set(problems))


LINK = re.compile(r'<a\b[^>]*\bhref="([^"]*)"')
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def broken_links_from_notebooks(site_dir: Path, notebooks: list[Path], docs_dir: Path) -> list[str]:
    """Links in a notebook's Markdown cells, as built, to a page or heading of the site that does not exist.

    MkDocs validates the links of Markdown pages, not those of notebook pages
    (mkdocs-jupyter writes their HTML), whatever mkdocs.yml's validation says.
    The notebook's cells are read as built, where a link is a URL of the site.
    """
    problems = []
    for notebook in notebooks:
        page = site_dir / notebook.relative_to(docs_dir).with_suffix("") / "index.html"
        name = notebook.relative_to(docs_dir.parent)
        cells = "\n".join(cell.source for cell in read(notebook).cells if cell.cell_type == "markdown")
        for href in sorted(set(LINK.findall(page.read_text()))):
            if not href or SCHEME.match(href) or href.startswith("//") or href.startswith("#") or href not in cells:
                continue  # another site, the page itself, or the theme's own links (not in the cells)
            path, _, anchor = href.partition("#")
            target = (page.parent / path).resolve()
            target = target / "index.html" if target.is_dir() else target
            if not target.is_file():
                problems.append(f"{name}: links to {href}, which is no page of the site. Fix the link in {name}.")
            elif anchor and anchor not in set(HTML_ID.findall(target.read_text())):
                problems.append(
                    f"{name}: links to {href}, but {target.relative_to(site_dir)} has no heading #{anchor}. "
                    f"Fix the link in {name}, or the heading it names."
                )
    return problems
