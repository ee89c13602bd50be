"""Where things live: the one module that knows the project's layout.

    snippets/<page>/<claim>.py       a snippet: one claim, proven (a *unit*)
    snippets/<page>/<claim>.out      its stored output, written by the refresh command
    docs/**/*.ipynb                  a notebook (a *unit*); Jupyter's checkpoint copies are not
    docs/**/*.md                     the pages of the site
    README.md, CONTRIBUTING.md       Markdown read on GitHub, checked like pages
    verified/<unit>.json             the record of the releases a unit was verified on

Every other module and test asks this one (`snippet_files`, `output_path`,
`units`, `locate`, ...) instead of spelling a glob or a suffix, so moving a
folder is a change here. Every function takes the project root, so the tests
can point it at a throwaway tree.
"""

from __future__ import annotations

from pathlib import Path

SNIPPETS = "snippets"
DOCS = "docs"
RECORD_DIR = "verified"
SNIPPET_SUFFIX = ".py"
OUTPUT_SUFFIX = ".out"
NOTEBOOK_SUFFIX = ".ipynb"
SNIPPET_GLOB = f"{SNIPPETS}/*/*{SNIPPET_SUFFIX}"
OUTPUT_GLOB = f"{SNIPPETS}/*/*{OUTPUT_SUFFIX}"
NOTEBOOK_GLOB = f"{DOCS}/**/*{NOTEBOOK_SUFFIX}"
PAGE_GLOB = f"{DOCS}/**/*.md"
CHECKPOINTS = ".ipynb_checkpoints"  # Jupyter's autosave copies: not units
GITHUB_PAGES = ("README.md", "CONTRIBUTING.md")  # Markdown read on GitHub, not built into the site
CATALOGUE_RECORD = f"{RECORD_DIR}/catalogue.json"  # the catalogue's record (tools/releases.py), not a unit's


# Snippets and their stored outputs ------------------------------------------------------------


def snippet_files(root: Path) -> list[Path]:
    """Every snippet, `snippets/<page>/<claim>.py`."""
    return sorted(Path(root).glob(SNIPPET_GLOB))


def stray_snippet_files(root: Path) -> list[Path]:
    """Python files under snippets/ that are not one folder deep, so no test would run them."""
    folder = Path(root) / SNIPPETS
    return sorted(folder.glob(f"*{SNIPPET_SUFFIX}")) + sorted(folder.glob(f"*/*/**/*{SNIPPET_SUFFIX}"))


def output_files(root: Path) -> list[Path]:
    """Every stored output, `snippets/<page>/<claim>.out`, whether or not its snippet exists."""
    return sorted(Path(root).glob(OUTPUT_GLOB))


def output_path(snippet: Path) -> Path:
    """The stored output of a snippet (a path, relative or absolute)."""
    return Path(snippet).with_suffix(OUTPUT_SUFFIX)


def snippet_of_output(output: Path) -> Path:
    return Path(output).with_suffix(SNIPPET_SUFFIX)


def output_name(unit: str) -> str:
    """`snippets/p/c.py` -> `snippets/p/c.out`: the name a page includes the stored output by."""
    return unit.removesuffix(SNIPPET_SUFFIX) + OUTPUT_SUFFIX


def unit_of_include(file: str) -> str:
    """The unit a page's include shows: a stored output stands for its snippet."""
    return file.removesuffix(OUTPUT_SUFFIX) + SNIPPET_SUFFIX if file.endswith(OUTPUT_SUFFIX) else file


def shown_files(unit: str) -> set[str]:
    """The files of a unit a page can include: a snippet and its stored output; a notebook itself."""
    return {unit, output_name(unit)} if is_snippet(unit) else {unit}


def is_snippet_include(file: str) -> bool:
    """An include of a snippet's code (`snippets/....py`), as a page writes it."""
    return file.startswith(f"{SNIPPETS}/") and file.endswith(SNIPPET_SUFFIX)


def is_output_include(file: str) -> bool:
    """An include of a stored output (`snippets/....out`), as a page writes it."""
    return file.startswith(f"{SNIPPETS}/") and file.endswith(OUTPUT_SUFFIX)


# Notebooks and pages --------------------------------------------------------------------------


def notebook_files(root: Path) -> list[Path]:
    """Every notebook under docs/ (Jupyter's checkpoint copies excluded)."""
    return sorted(path for path in Path(root).glob(NOTEBOOK_GLOB) if CHECKPOINTS not in path.parts)


def docs_dir(root: Path) -> Path:
    return Path(root) / DOCS


def site_pages(root: Path) -> list[Path]:
    """Every Markdown page of the site, docs/**/*.md."""
    return sorted(Path(root).glob(PAGE_GLOB))


def site_sources(root: Path) -> list[Path]:
    """Every file MkDocs turns into a page: the Markdown pages, then the notebooks."""
    return site_pages(root) + notebook_files(root)


def page_files(root: Path) -> list[Path]:
    """Every Markdown file whose code is shown to readers: the site's pages, README, CONTRIBUTING."""
    return site_pages(root) + [path for name in GITHUB_PAGES if (path := Path(root) / name).exists()]


def on_site(path: Path, root: Path) -> bool:
    """Whether a Markdown file is read on the site (under docs/), not on GitHub."""
    return docs_dir(root).resolve() in Path(path).resolve().parents


# Units and their records ----------------------------------------------------------------------


def is_notebook(unit: str | Path) -> bool:
    return str(unit).endswith(NOTEBOOK_SUFFIX)


def is_snippet(unit: str | Path) -> bool:
    return str(unit).endswith(SNIPPET_SUFFIX)


def units(root: Path) -> list[str]:
    """Every unit, as a path relative to the root: snippets, then notebooks."""
    return [path.relative_to(root).as_posix() for path in snippet_files(root) + notebook_files(root)]


def locate(path: Path) -> tuple[Path, str]:
    """(project root, unit name) of a snippet or notebook path, relative or absolute."""
    parts = Path(path).parts
    for top in (SNIPPETS, DOCS):
        if top in parts:
            index = len(parts) - 1 - parts[::-1].index(top)
            return Path(*parts[:index]), "/".join(parts[index:])
    raise ValueError(f"{path} is neither under {SNIPPETS}/ nor under {DOCS}/")


def record_dir(root: Path) -> Path:
    return Path(root) / RECORD_DIR


def record_path(root: Path, unit: str) -> Path:
    return record_dir(root) / f"{unit}.json"


def record_files(root: Path) -> list[Path]:
    """Every unit's record file (the catalogue's record is not a unit's)."""
    catalogue = Path(root) / CATALOGUE_RECORD
    return [path for path in sorted(record_dir(root).rglob("*.json")) if path != catalogue]


def unit_of_record(root: Path, record: Path) -> str:
    return record.relative_to(record_dir(root)).as_posix().removesuffix(".json")
