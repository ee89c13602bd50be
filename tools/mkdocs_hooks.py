"""MkDocs hook: what the record (verified/) says about each output, on the page.

Computed from the record (written only by the output refresh and the release
run, see tools/environment.py), never typed; a release counts for an output
when the record has it passing with the snippet's current source:

- each Output block's title names the releases that printed exactly the
  stored output; where another release printed something else, the block
  becomes tabs, one per distinct output, each titled with its releases;
- below it, a note for each release on which the snippet fails ("verified since
  torch 2.8.0" when only older releases fail), saying what happened there by kind
  (an assert fails, it raises before its checks end, its output changes between two
  runs), the failing line, and, folded, what it printed up to the failure; a note for
  the releases it does not apply to (its `# Applies to:` line), and for those that
  have not run this version of it. A release where every check passed but it wrote
  to stderr (a deprecation warning of that torch) counts as verified for what it
  printed, with a note of what else it wrote;
- a notebook page (HTML from mkdocs-jupyter) ends with the cells another release
  printed otherwise, and the releases where it failed;
- each page's footer names the releases of every output on it, and counts the
  others' units apart by why: skipped by `# Applies to:`, failing, not yet run
  (overrides/main.html renders it).
"""

from __future__ import annotations

import html
import json
import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

# `mkdocs serve` runs from .venv/bin, where the repository is not on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools import environment, layout  # noqa: E402
from tools.catalogue import TABLE_HEADER_LINE  # noqa: E402
from tools.pages import includes  # noqa: E402


def page_units(root: Path, source: Path) -> tuple[list[str], list[str]]:
    """The units whose outputs a page shows, and the other files it shows as output (not Markdown)."""
    if layout.is_notebook(source):
        return [source.relative_to(root).as_posix()], []
    known, found, unchecked = set(layout.units(root)), [], []
    for include in includes(source):
        unit = layout.unit_of_include(include.file)
        if unit in known:
            if unit not in found:
                found.append(unit)
        elif not include.file.endswith(".md") and include.file not in unchecked:
            unchecked.append(include.file)
    return found, unchecked


def verified_sentence(root: Path, units: list[str], unchecked: list[str]) -> str:
    """What the footer says: the releases on which every output shown was printed, and the exceptions."""
    listed = [item.release for item in environment.releases(root)]
    pin = environment.pinned(root)
    unchecked_note = "".join(f" {name} is shown as measured; no test checks it." for name in unchecked)
    if not units:
        return "This page shows no snippet or notebook output." + unchecked_note
    notebooks = sum(layout.is_notebook(unit) for unit in units)
    snippets = len(units) - notebooks
    parts = [f"the {snippets} snippet outputs" if snippets > 1 else "the snippet output" if snippets else ""]
    parts.append("the notebook's outputs" if notebooks else "")
    what = " and ".join(part for part in parts if part)
    them, were = ("them", "were") if snippets > 1 or notebooks else ("it", "was")
    they = "it" if them == "it" else "they"
    stored = {unit: environment.stored_digest(root, unit) for unit in units}
    recorded = {unit: environment.printed(root, unit) for unit in units}
    verified, exceptions = [], {}  # exception sentence -> the releases it is true of
    many = len(units) > 1

    def count(number: int, one: str, more: str) -> str:
        if not many:
            return f"{they} {one if they == 'it' else more}"
        return f"{number} {one if number == 1 else more}"

    specifiers = {unit: environment.applies_to(root, unit) for unit in units}
    current = {unit: environment.current(root, unit) for unit in units}
    for release in listed:
        differ = sum(release in recorded[unit] and recorded[unit][release] != stored[unit] for unit in units)
        missing = [unit for unit in units if release not in recorded[unit]]
        wrote = sum(unit_entry.only_wrote_to_stderr for unit in units if (unit_entry := current[unit].get(release)))
        also = count(
            wrote,
            "also writes to stderr there (its note says what)",
            "also write to stderr there (their notes say what)",
        )
        if not differ and not missing:
            verified.append(release)
            if wrote:
                exceptions.setdefault(also, []).append(release)
            continue
        # Why each unit is missing: its `# Applies to:` line leaves the release out, it fails there, or it
        # has not run there; each is counted on its own.
        needs: dict[str, int] = {}
        failing = unrun = 0
        for unit in missing:
            if not environment.applies(specifiers[unit], release):
                needs[f"torch{specifiers[unit]}"] = needs.get(f"torch{specifiers[unit]}", 0) + 1
            elif release in current[unit]:
                failing += 1
            else:
                unrun += 1
        found = []
        if differ:
            where = " (the end of the page shows it)" if notebooks and not snippets else ""
            found.append(
                f"{differ} of them printed something else" if many else f"{they} printed something else{where}"
            )
        found += [count(number, f"needs {spec}", f"need {spec}") for spec, number in needs.items()]
        if failing:
            found.append(count(failing, "fails there (its note says how)", "fail there (their notes say how)"))
        if unrun:
            found.append(count(unrun, "has not run", "have not run") + " in this version")
        if wrote:
            found.append(also)
        text = ", ".join(found[:-1]) + " and " + found[-1] if len(found) > 1 else found[0]
        exceptions.setdefault(text, []).append(release)
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


# Each Output block -----------------------------------------------------------------------

OUTPUT_BLOCK = re.compile(
    r'^(?P<indent>[ \t]*)``` \{\.text title="Output"\}\n'
    rf'(?P=indent)--8<-- "(?P<file>{layout.SNIPPETS}/[^"]+{re.escape(layout.OUTPUT_SUFFIX)})"\n'
    r"(?P=indent)```[ \t]*$",
    re.M,
)


def short_names(releases: list, listed: list) -> str:
    """'torch 2.4.1, 2.13.0': the build tag only where two listed releases share a version number."""
    public = [item.torch.split("+")[0] for item in listed]

    def name(release):
        version = release.torch.split("+")[0]
        return version if public.count(version) == 1 else release.torch

    ordered = sorted(releases, key=environment.Release.sort_key)
    return "torch " + ", ".join(name(release) for release in ordered)


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    return "`" * max(3, longest + 1)


def _code(text: str, limit: int = 160) -> str:
    """Inline code that survives backticks in the text, cut to a line or two (the record has it whole)."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def _indented(text: str, indent: str) -> str:
    return "".join(f"{indent}{line}\n" if line.strip() else "\n" for line in text.splitlines())


# The titles of the notes below an Output block about other releases (written by output_block):
# tools/code_block_hooks.py keeps them out of the search index, where they would outrank answers.
STDERR_NOTE_TITLE = "Writes to stderr on"
RELEASE_NOTE_TITLES = ("Verified since ", "Not verified on ", "Needs torch", "Not yet verified on ", STDERR_NOTE_TITLE)

# What a failing release's note says happened there, by the kind of failure (tools/unit_check.py).
FAILURE_PHRASES = {
    "claim": "an assert fails there",
    "error": "it raises before its checks end",
    "stderr": "its checks pass but it writes to stderr there",  # a record that kept no output
    "unstable": "its output changes between two runs there",
    "timeout": "it does not finish in time there",
    "other": "its output fails a check there",
}
PRINTED_UNTIL = {
    "claim": " before the assert failed",
    "error": " before it raised",
    "timeout": " before it was stopped",
}
EXCEPTION_LINE = re.compile(r"[\w.]+(Error|Exception|Iteration|Exit|Interrupt)\b")


def failure_kind(entry: environment.Entry) -> str:
    """The key of FAILURE_PHRASES for a recorded failure. Entries recorded before the core told these
    kinds apart have kind "error" for all of them: their one line still says which it was."""
    kind, reason = entry.kind, entry.failure or ""
    if kind in FAILURE_PHRASES and kind != "error":
        return kind
    if "wrote to stderr" in reason:
        return "stderr"
    if "prints different output on two runs" in reason:
        return "unstable"
    if "did not finish within" in reason:
        return "timeout"
    if kind == "error" and EXCEPTION_LINE.match(reason):
        return "error"
    return "other"


def output_block(root: Path, unit: str, include: str, indent: str = "") -> str:
    """The Markdown for one Output block: titled with its releases, tabs where releases differ, and notes."""
    listed = [item.release for item in environment.releases(root)]
    stored = environment.stored_digest(root, unit)
    current = environment.current(root, unit)
    specifier = environment.applies_to(root, unit)
    same, others, failing, outside, unrun, wrote = [], {}, [], [], [], {}
    for release in listed:
        entry = current.get(release)
        if not environment.applies(specifier, release):
            outside.append(release)
        elif entry is None:
            unrun.append(release)
        elif entry.printed_sha256 is None:
            failing.append((release, entry))
        else:
            if entry.only_wrote_to_stderr:
                wrote.setdefault(entry.failure, []).append(release)
            if entry.printed_sha256 == stored:
                same.append(release)
            else:
                others.setdefault(entry.printed_sha256, []).append((release, entry.output))

    def title(releases):
        return "Output · verified on " + (short_names(releases, listed) if releases else "no listed release")

    stored_block = f'``` {{.text title="{title(same)}"}}\n--8<-- "{include}"\n```\n'
    if not others:
        text = stored_block
    else:
        tabs = [(same, stored_block)]  # the stored output first: the one the tests check
        for found in others.values():
            releases = [release for release, _ in found]
            printed = next((output for _, output in found if output is not None), None)
            if printed is None:  # recorded before outputs were kept: only the hash is known
                printed = "(not stored: run `python -m tools.releases -k NAME` there again)\n".replace(
                    "NAME", Path(unit).stem
                )
            fence = _fence(printed)
            tabs.append((releases, f'{fence} {{.text title="{title(releases)}"}}\n{printed}{fence}\n'))
        text = "".join(
            f'=== "{short_names(releases, listed) if releases else "Not verified"}"\n\n{_indented(block, "    ")}\n'
            for releases, block in tabs
        )
    notes = []
    passing = same + [release for found in others.values() for release, _ in found]
    if failing:
        failed = [release for release, _ in failing]
        kinds = {failure_kind(entry) for _, entry in failing}
        why = FAILURE_PHRASES[next(iter(kinds))] if len(kinds) == 1 else "it does not pass there"
        key = environment.Release.sort_key
        # Verified since: every release that fails is older than every one that passes, none between unknown.
        # Not 'holds since': a check can fail on an old release for a reason beside the claim (a count of classes).
        newest_failing = max(failed, key=key).sort_key()
        oldest_passing = min(passing, key=key).sort_key() if passing else None
        between = [r for r in unrun if oldest_passing and newest_failing < r.sort_key() < oldest_passing]
        if passing and not between and newest_failing < oldest_passing:
            first = min(passing, key=key)
            heading = f"Verified since {short_names([first], listed)}: on {short_names(failed, listed)}, {why}"
        else:
            heading = f"Not verified on {short_names(failed, listed)}: {why}"
        groups: dict[tuple, list] = {}
        for release, entry in failing:
            group = (failure_kind(entry), entry.failure or "(no message)", entry.output)
            groups.setdefault(group, []).append(release)
        body = ""
        for (kind, failure, printed), releases in groups.items():
            names = short_names(releases, listed)
            what = "" if len(kinds) == 1 else f"{FAILURE_PHRASES[kind]}: "
            body += f"{names}: {what}{_code(failure)}\n\n"
            if printed is None:
                continue
            if environment.digest(printed) == stored:
                body += f"What it printed there is the stored output{' (the first tab)' if others else ''}.\n\n"
                continue
            fence = _fence(printed)
            body += f'??? note "What {names} printed{PRINTED_UNTIL.get(kind, "")}"\n\n'
            body += _indented(f"{fence} text\n{printed}{fence}\n", "    ") + "\n"
        notes.append(f'!!! warning "{heading}"\n\n{_indented(body, "    ")}')
    for line, releases in wrote.items():
        notes.append(
            f'!!! info "{STDERR_NOTE_TITLE} {short_names(releases, listed)}: its checks pass there"\n\n'
            f"    What it printed there is verified; it also wrote to stderr: "
            f"{_code(line.removeprefix('wrote to stderr: '))}\n"
        )
    if outside:
        notes.append(f'!!! info "Needs torch{specifier}: not run on {short_names(outside, listed)}"\n')
    if unrun:
        notes.append(
            f'!!! info "Not yet verified on {short_names(unrun, listed)}: this version of the snippet has not '
            'run there"\n'
        )
    text += "".join(f"\n{note}" for note in notes)
    return _indented(text, indent).rstrip("\n")


def rewrite_outputs(root: Path, markdown: str) -> str:
    known = set(layout.units(root))

    def replace(match):
        unit = layout.unit_of_include(match["file"])
        if unit not in known:
            return match[0]
        return output_block(root, unit, match["file"], match["indent"])

    return OUTPUT_BLOCK.sub(replace, markdown)


# The catalogue's tables: since when a reader reads the flag ----------------------------------

CATALOGUE_RECORD = Path(layout.CATALOGUE_RECORD)  # written by tools/releases.py


def torch_requirement(distribution: str) -> tuple[str, SpecifierSet] | None:
    """('transformers 5.24.0', >=2.6): the installed library's own floor on torch, read from its metadata
    (any extra's, as transformers puts torch in its "torch" extra), or None."""
    try:
        version, requires = metadata.version(distribution), metadata.requires(distribution) or []
    except metadata.PackageNotFoundError:
        return None
    specifiers = [Requirement(line).specifier for line in requires if Requirement(line).name == "torch"]
    floors = [spec for spec in specifiers if str(spec)]
    return (f"{distribution} {version}", floors[0]) if floors else None


def since(root: Path, full_name: str) -> str | None:
    """'since torch 2.8.0' (or 'reads the flag since ...') when the catalogue record has the name reading
    the flag, or existing, only from a listed release on; None when it does on every listed release or the
    record does not know the name."""
    path = root / CATALOGUE_RECORD
    if not path.exists():
        return None
    facts = json.loads(path.read_text())["names"].get(full_name)
    if facts is None:
        return None
    listed = [item.release for item in environment.releases(root)]
    scanned = set(json.loads(path.read_text())["releases"])
    order = [release for release in listed if release.torch in scanned]

    def first_of_a_run(key):
        """The first release from which every later scanned release has it, or None if they all do."""
        having = [release.torch in facts[key] for release in order]
        if all(having) or not having[-1]:
            return None
        index = len(having) - having[::-1].index(False)
        return order[index] if all(having[index:]) else None

    exists, reads = first_of_a_run("exists"), first_of_a_run("reads")

    def since(release):
        # Only the listed releases were scanned: name the one before too, so 'since' claims no more.
        before = order[order.index(release) - 1]
        if not full_name.startswith("torch."):  # another library's name: torch did not add it
            needed = torch_requirement(full_name.split(".")[0])
            if needed and environment.applies(needed[1], release) and not environment.applies(needed[1], before):
                return f"needs torch{needed[1]}, which {needed[0]} requires"
            return f"with torch {release.torch.split('+')[0]} on, not {before.torch.split('+')[0]}"
        return f"since torch {release.torch.split('+')[0]}, not in {before.torch.split('+')[0]}"

    if facts["reads"] and reads is not None and (exists is None or exists != reads):
        return f"reads the flag {since(reads)}"
    if exists is not None:
        return since(exists)
    return None


def annotate_tables(root: Path, markdown: str) -> str:
    if TABLE_HEADER_LINE not in markdown:
        return markdown
    lines = markdown.split("\n")
    start = lines.index(TABLE_HEADER_LINE) + 2  # the header, then its --- row
    for number in range(start, len(lines)):
        line = lines[number]
        if not line.startswith("| "):
            break
        cells = line.split(" | ")
        namespace = re.findall(r"`([^`]+)`", cells[1]) if len(cells) > 1 else []
        if len(namespace) != 1:
            continue

        def note(match, namespace=namespace[0]):
            found = since(root, f"{namespace}.{match[1]}")
            return f"{match[0]} ({found})" if found else match[0]

        cells[0] = re.sub(r"`([^`]+)`", note, cells[0])
        lines[number] = " | ".join(cells)
    return "\n".join(lines)


# Below a notebook's cells: what other releases printed ---------------------------------------

NOTEBOOK_NOTE = "What {names} printed"


def notebook_release_notes(root: Path, unit: str) -> str:
    """HTML for the end of a notebook page: for each other output the record has for this version, the
    cells that printed otherwise, as they printed there; for each release it fails on, what failed. (A
    notebook page is HTML from mkdocs-jupyter, not Markdown: the snippets' Markdown notes cannot go in.)"""
    from tools import notebooks

    listed = [item.release for item in environment.releases(root)]
    stored_text = notebooks.output_text(notebooks.read(root / unit))
    stored = notebooks.cell_texts(stored_text)
    specifier = environment.applies_to(root, unit)
    others: dict[str, list] = {}
    notes = []
    for release, entry in sorted(environment.current(root, unit).items(), key=lambda item: item[0].sort_key()):
        if release not in listed or not environment.applies(specifier, release):
            continue  # the footer counts these
        names = short_names([release], listed)
        if entry.printed_sha256 is None:
            why = FAILURE_PHRASES[failure_kind(entry)]
            notes.append(
                f'<div class="admonition warning" data-search-exclude><p class="admonition-title">'
                f"Not verified on {names}: {why}</p><p><code>{html.escape(entry.failure or '')}</code></p></div>"
            )
            continue
        if entry.only_wrote_to_stderr:
            notes.append(
                f'<div class="admonition info" data-search-exclude><p class="admonition-title">'
                f"{STDERR_NOTE_TITLE} {names}: its checks pass there</p><p>What it printed there is verified; "
                f"it also wrote to stderr: <code>{html.escape(entry.failure.removeprefix('wrote to stderr: '))}"
                "</code></p></div>"
            )
        if entry.printed_sha256 != environment.digest(stored_text) and entry.output is not None:
            others.setdefault(entry.output, []).append(release)
    for text, releases in others.items():
        theirs = notebooks.cell_texts(text)
        differ = [number for number in sorted(set(stored) | set(theirs)) if stored.get(number) != theirs.get(number)]
        cells = ", ".join(map(str, differ[:-1])) + " and " + str(differ[-1]) if len(differ) > 1 else str(differ[0])
        title = NOTEBOOK_NOTE.format(names=short_names(releases, listed))
        body = "".join(
            f"<p>Cell {number}:</p><pre><code>{html.escape(theirs.get(number, '(no output)'))}</code></pre>"
            for number in differ
        )
        notes.append(
            f'<details class="info" data-search-exclude><summary>{title}: cell{"s" if len(differ) > 1 else ""} '
            f"{cells} printed otherwise, and the checks in its cells pass there</summary>{body}</details>"
        )
    return "".join(notes)


def on_page_content(html_text, page, config, files):
    root = Path(config.config_file_path).parent
    source = Path(page.file.abs_src_path)
    if not layout.is_notebook(source):
        return html_text
    return html_text + notebook_release_notes(root, source.relative_to(root).as_posix())


def on_page_markdown(markdown, page, config, files):
    root = Path(config.config_file_path).parent
    return rewrite_outputs(root, annotate_tables(root, markdown))
