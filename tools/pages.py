"""Read the Markdown pages: their snippet includes and their code fences.

Markdown is parsed with markdown-it-py, the parser pytest-markdown-docs uses,
so "would this fence be run?" gets the same answer here as in the runner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from pytest_markdown_docs.plugin import parse_superfences_block_info

from tools.snippet_sections import CHECKED, SHOWN, SnippetShapeError, shape_of

# `--8<-- "path"` or `--8<-- "path:section"`; a leading `;` escapes the line.
INCLUDE = re.compile(r"""^(?P<indent>\s*)(?P<escape>;?)--8<--\s+(?P<quote>["'])(?P<target>[^"']+)(?P=quote)\s*$""")
SECTION_START = "--8<-- [start:{}]"
PYTHON_LANGS = {"py", "python", "python3"}
FENCE_OPEN = re.compile(r"^(?P<indent>\s*)(?P<marks>`{3,}|~{3,})\s*(?P<info>.*)$")


def page_files(root: Path) -> list[Path]:
    """Every Markdown file whose code is shown to readers: the pages, README, CONTRIBUTING."""
    pages = sorted((root / "docs").rglob("*.md"))
    return pages + [path for path in (root / "README.md", root / "CONTRIBUTING.md") if path.exists()]


@dataclass(frozen=True)
class Include:
    page: Path
    line: int  # 1-based
    target: str  # as written: path, path:section, or path:start:end

    @property
    def file(self) -> str:
        return self.target.split(":", 1)[0]

    @property
    def section(self) -> str | None:
        parts = self.target.split(":")
        return parts[1] if len(parts) == 2 and not parts[1].isdigit() else None


def includes(page: Path) -> list[Include]:
    found = []
    for number, text in enumerate(page.read_text().splitlines(), start=1):
        match = INCLUDE.match(text)
        if match and not match["escape"]:
            found.append(Include(page, number, match["target"]))
    return found


def include_problem(include: Include, base: Path) -> str | None:
    """Why an include would not resolve (pymdownx.snippets base_path is the repository root)."""
    where = f"{include.page}:{include.line}"
    target = base / include.file
    if not target.is_file():
        return f'{where}: --8<-- "{include.target}": no file {include.file}. Fix the path (relative to the repository root).'
    if include.section and SECTION_START.format(include.section) not in target.read_text():
        return (
            f'{where}: --8<-- "{include.target}": {include.file} has no section "{include.section}". '
            f"Mark it in the file with `# {SECTION_START.format(include.section)}` ... `# --8<-- [end:{include.section}]`."
        )
    return None


@dataclass(frozen=True)
class Fence:
    page: Path
    line: int  # 1-based line of the opening marks
    lang: str | None
    options: frozenset[str]
    body: str
    collected: bool  # True when pytest-markdown-docs sees it as a fence
    title: str | None = None  # the `title="..."` of a superfences info string


TITLE = re.compile(r'\btitle="(?P<title>[^"]*)"')


def _title(info: str) -> str | None:
    match = TITLE.search(info)
    return match["title"] if match else None


def _lang_and_options(info: str) -> tuple[str | None, frozenset[str]]:
    parts = parse_superfences_block_info(info)
    return (parts[0] if parts else None), frozenset(parts[1:])


def fences(page: Path) -> list[Fence]:
    """Every fenced block with its language, including fences nested in admonitions or tabs.

    markdown-it turns a fence indented under `!!!` or `===` into an indented code
    block: such fences are reported with collected=False.
    """
    text = page.read_text()
    tokens = MarkdownIt("commonmark").parse(text)
    found: list[Fence] = []
    inside_fence: set[int] = set()  # 0-based lines that are the body of a collected fence
    for token in tokens:
        if token.type == "fence" and token.map:
            start, end = token.map
            inside_fence.update(range(start + 1, end))
            lang, options = _lang_and_options(token.info)
            found.append(Fence(page, start + 1, lang, options, token.content, True, _title(token.info)))
    collected_lines = {fence.line for fence in found}
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        match = FENCE_OPEN.match(lines[index])
        if match and index not in inside_fence and index + 1 not in collected_lines and match["indent"]:
            # A nested fence: find its closing marks at the same indent.
            closing = match["indent"] + match["marks"]
            end = next((j for j in range(index + 1, len(lines)) if lines[j].rstrip() == closing), len(lines))
            body = "\n".join(line[len(match["indent"]) :] for line in lines[index + 1 : end])
            lang, options = _lang_and_options(match["info"])
            found.append(Fence(page, index + 1, lang, options, body, False, _title(match["info"])))
            index = end
        index += 1
    return sorted(found, key=lambda fence: fence.line)


def fence_problem(fence: Fence) -> str | None:
    """A python fence that would be silently skipped, or a `notest` fence hiding untested code."""
    if fence.lang not in PYTHON_LANGS:
        return None
    where = f"{fence.page}:{fence.line}"
    if "notest" in fence.options:
        code_lines = [line for line in fence.body.splitlines() if line.strip()]
        if not code_lines or not all(INCLUDE.match(line) for line in code_lines):
            return (
                f'{where}: a `notest` python fence may only include snippet files (`--8<-- "snippets/..."`), '
                "which the snippet tests run. Move the code into a snippet, or drop `notest` so the fence runs."
            )
        return None
    if not fence.collected:
        return (
            f"{where}: this python fence is inside an admonition or tab, where pytest-markdown-docs "
            "does not collect it, so it would never run. Move it to the top level of the page, "
            "or put the code in a snippet and include it with a `{.python notest}` fence."
        )
    if any(INCLUDE.match(line) for line in fence.body.splitlines()):
        return f"{where}: a python fence with a --8<-- include would run the include line as Python. Mark it `{{.python notest}}`."
    return None


def unshown_snippet_files(root: Path) -> list[str]:
    """Snippets and stored outputs that no page includes."""
    shown = {include.file for page in page_files(root) for include in includes(page)}
    files = sorted(root.glob("snippets/*/*.py")) + sorted(root.glob("snippets/*/*.out"))
    return [
        f'{path.relative_to(root)}: no page includes it. Show it on a page with `--8<-- "{path.relative_to(root)}"`, '
        "or delete it."
        for path in files
        if str(path.relative_to(root)) not in shown
    ]


def snippet_block_problems(page: Path, root: Path) -> list[str]:
    """Every snippet is shown as one block: its [show] code captioned with its claim, its output,
    and its [check] section (see tools/snippet_sections.py)."""
    problems = []
    targets = {include.target for include in includes(page)}
    for fence in fences(page):
        for text in fence.body.splitlines():
            match = INCLUDE.match(text)
            if not match or match["escape"]:
                continue
            include = Include(page, fence.line + 1, match["target"])
            if not (include.file.startswith("snippets/") and include.file.endswith(".py")):
                continue
            where = f"{page}:{fence.line}"
            stem = include.file.removesuffix(".py")
            if include.section not in (SHOWN, CHECKED):
                problems.append(
                    f'{where}: --8<-- "{include.target}" shows the whole script; show its code with '
                    f'"{include.file}:{SHOWN}", its output with "{stem}.out", and its asserts with '
                    f'"{include.file}:{CHECKED}" (see CONTRIBUTING.md, step 4).'
                )
                continue
            if include.section != SHOWN:
                continue
            try:
                claim = shape_of(root / include.file).claim
            except (SnippetShapeError, FileNotFoundError):
                continue  # the snippet's own test names that problem
            if fence.title != claim:
                problems.append(
                    f"{where}: the block showing {include.file} must be captioned with its claim: "
                    f'title="{claim}" (found {fence.title!r}). The claim lives in the docstring; copy it.'
                )
            for needed in (f"{stem}.out", f"{include.file}:{CHECKED}"):
                if needed not in targets:
                    problems.append(f'{where}: {include.file} is shown without --8<-- "{needed}": add it.')
    return problems
