"""MkDocs hook: each page's footer says on which torch releases its outputs were verified.

Computed from the record (verified/, written only by the output refresh and the
release run, see tools/environment.py) for the snippets and notebook the page
shows, never typed: a release counts for an output when the record has that
release printing exactly the stored output. overrides/main.html renders it.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `mkdocs serve` runs from .venv/bin, where the repository is not on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools import environment  # noqa: E402
from tools.pages import includes  # noqa: E402


def page_units(root: Path, source: Path) -> tuple[list[str], list[str]]:
    """The units whose outputs a page shows, and the other files it shows as output (not Markdown)."""
    if source.suffix == ".ipynb":
        return [source.relative_to(root).as_posix()], []
    known, found, unchecked = set(environment.units(root)), [], []
    for include in includes(source):
        unit = include.file.removesuffix(".out") + ".py" if include.file.endswith(".out") else include.file
        if unit in known:
            if unit not in found:
                found.append(unit)
        elif not include.file.endswith(".md") and include.file not in unchecked:
            unchecked.append(include.file)
    return found, unchecked


def stored_digest(root: Path, unit: str) -> str | None:
    if unit.endswith(".ipynb"):
        from tools import notebooks  # only notebook pages pay for nbformat

        return notebooks.output_digest(notebooks.read(root / unit))
    stored = (root / unit).with_suffix(".out")
    return environment.digest(stored.read_text()) if stored.exists() else None


def verified_sentence(root: Path, units: list[str], unchecked: list[str]) -> str:
    """What the footer says: the releases on which every output shown was printed, and the exceptions."""
    listed = [item.release for item in environment.releases(root)]
    pin = environment.pinned(root)
    unchecked_note = "".join(f" {name} is shown as measured; no test checks it." for name in unchecked)
    if not units:
        return "This page shows no snippet or notebook output." + unchecked_note
    notebooks = sum(unit.endswith(".ipynb") for unit in units)
    snippets = len(units) - notebooks
    parts = [f"the {snippets} snippet outputs" if snippets > 1 else "the snippet output" if snippets else ""]
    parts.append("the notebook's outputs" if notebooks else "")
    what = " and ".join(part for part in parts if part)
    them, were = ("them", "were") if snippets > 1 or notebooks else ("it", "was")
    they = "it" if them == "it" else "they"
    stored = {unit: stored_digest(root, unit) for unit in units}
    recorded = {unit: environment.entries(root, unit) for unit in units}
    verified, exceptions = [], {}  # exception sentence -> the releases it is true of
    for release in listed:
        differ = sum(release in recorded[unit] and recorded[unit][release] != stored[unit] for unit in units)
        missing = sum(release not in recorded[unit] for unit in units)
        if not differ and not missing:
            verified.append(release)
            continue
        found = []
        if differ:
            found.append(
                f"{differ} of them printed something else" if len(units) > 1 else f"{they} printed something else"
            )
        if missing:
            count = (
                f"{missing} {'is' if missing == 1 else 'are'}"
                if len(units) > 1
                else f"{they} {'is' if they == 'it' else 'are'}"
            )
            found.append(f"{count} not verified (a claim fails there, or it was not run)")
        exceptions.setdefault(" and ".join(found), []).append(release)
    sentence = what[0].upper() + what[1:] + " on this page "
    if verified:
        sentence += f"{were} printed by the code beside {them} on {environment.names(verified)}."
    else:
        sentence += f"{were} verified on no release that {environment.RELEASES_FILE} lists."
    if pin in verified:
        sentence += f" Every test run checks {them} again on torch {pin.torch}"
        sentence += "; the release run, on the others." if len(verified) > 1 else "."
    for text, releases in exceptions.items():
        sentence += f" On {environment.names(releases)}, {text}."
    return sentence + unchecked_note


def on_page_context(context, page, config, nav):
    root = Path(config.config_file_path).parent
    source = Path(page.file.abs_src_path)
    units, unchecked = page_units(root, source)
    context["verified_sentence"] = verified_sentence(root, units, unchecked)
    return context
