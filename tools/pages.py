"""Read the Markdown pages: their snippet includes and their code fences.

Markdown is parsed with markdown-it-py, the parser pytest-markdown-docs uses,
so "would this fence be run?" gets the same answer here as in the runner.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from markdown.extensions.toc import slugify
from markdown_it import MarkdownIt
from pytest_markdown_docs.plugin import parse_superfences_block_info

from tools import layout
from tools.checkers import checker
from tools.snippet_sections import CHECKED, SHOWN, SnippetShapeError, shape_of

# `--8<-- "path"` or `--8<-- "path:section"`; a leading `;` escapes the line.
INCLUDE = re.compile(r"""^(?P<indent>\s*)(?P<escape>;?)--8<--\s+(?P<quote>["'])(?P<target>[^"']+)(?P=quote)\s*$""")
SECTION_START = "--8<-- [start:{}]"
PYTHON_LANGS = {"py", "python", "python3"}
FENCE_OPEN = re.compile(r"^(?P<indent>\s*)(?P<marks>`{3,}|~{3,})\s*(?P<info>.*)$")


def page_files(root: Path) -> list[Path]:
    """Every Markdown file whose code is shown to readers: the pages, README, CONTRIBUTING (tools/layout.py)."""
    return layout.page_files(root)


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


@checker
def unshown_snippet_files(root: Path) -> list[str]:
    """Snippets and stored outputs that no page includes."""
    shown = {include.file for page in page_files(root) for include in includes(page)}
    files = layout.snippet_files(root) + layout.output_files(root)
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
            if not layout.is_snippet_include(include.file):
                continue
            where = f"{page}:{fence.line}"
            output = layout.output_name(include.file)
            if include.section not in (SHOWN, CHECKED):
                problems.append(
                    f'{where}: --8<-- "{include.target}" shows the whole script; show its code with '
                    f'"{include.file}:{SHOWN}", its output with "{output}", and its asserts with '
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
            for needed in (output, f"{include.file}:{CHECKED}"):
                if needed not in targets:
                    problems.append(f'{where}: {include.file} is shown without --8<-- "{needed}": add it.')
    return problems


OUTPUT_TITLE = "Output"


def _included(fence: Fence) -> tuple[list[str], list[str]]:
    """(targets of the fence's --8<-- includes, its other non-blank lines)."""
    targets, other = [], []
    for text in fence.body.splitlines():
        match = INCLUDE.match(text)
        if match and not match["escape"]:
            targets.append(match["target"])
        elif text.strip():
            other.append(text)
    return targets, other


@checker
def output_block_problems(page: Path) -> list[str]:
    """Every output on a page is the stored output of the code shown right before it: none typed into
    the page, none borrowed from another snippet."""
    problems = []
    page_fences = fences(page)
    follows_its_code = set()  # lines of the fences that are the output block of the code before them
    for index, fence in enumerate(page_fences):
        shown = [target for target in _included(fence)[0] if target.endswith(f".py:{SHOWN}")]
        if not shown:
            continue
        file = shown[0].split(":", 1)[0]
        own = layout.output_name(file)
        after = page_fences[index + 1] if index + 1 < len(page_fences) else None
        targets, typed = _included(after) if after else ([], [])
        outputs = [target for target in targets if target.endswith(layout.OUTPUT_SUFFIX)]
        where = f"{page}:{after.line if after else fence.line}"
        if after is None or not outputs:
            problems.append(
                f'{where}: the block after the code of {file} must be its output, --8<-- "{own}" alone '
                "(see CONTRIBUTING.md, step 4)."
            )
            continue
        follows_its_code.add(after.line)
        for target in outputs:
            if target != own:
                problems.append(
                    f'{where}: the output shown after the code of {file} is --8<-- "{target}", another '
                    f'snippet\'s output. Show its own, --8<-- "{own}", written by `pytest --update-outputs -k '
                    f"{Path(file).stem}`."
                )
        if typed or len(targets) > 1:
            problems.append(
                f'{where}: the output block of {file} holds text besides --8<-- "{own}" '
                f"({(typed or targets)[0].strip()!r}): an output is never typed into a page. Leave the include "
                f"alone; the stored output is written by `pytest --update-outputs -k {Path(file).stem}`."
            )
    for fence in page_fences:
        targets, typed = _included(fence)
        if fence.line in follows_its_code:
            continue
        for target in targets:
            if layout.is_output_include(target):
                problems.append(
                    f'{page}:{fence.line}: --8<-- "{target}" is not right after the code that printed it: '
                    f'an output is shown only beside its code, --8<-- "{layout.unit_of_include(target)}:{SHOWN}".'
                )
        if fence.title == OUTPUT_TITLE and not targets and fence.lang not in PYTHON_LANGS:
            problems.append(
                f"{page}:{fence.line}: an output block with no stored output in it: an output is never typed "
                "into a page. Put the code in a snippet and include its .out (CONTRIBUTING.md, step 4)."
            )
    return problems


# References in Markdown: links, images, anchors -------------------------------------------------------

SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)  # https:, mailto:, ...
HTML_REFERENCE = re.compile(r"""\b(?:href|src)=["']([^"']*)["']""")
HEADING_ID = re.compile(r"\{[^}]*#(?P<id>[\w-]+)[^}]*\}\s*$")  # attr_list: ## Title {#id}
HTML_ID = re.compile(r"""\bid=["']([^"']+)["']""")


def _github_slug(text: str) -> str:
    """GitHub's heading anchors (README, CONTRIBUTING): lower case, punctuation dropped, spaces to -."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def _site_slug(text: str) -> str:
    """Python-Markdown's toc anchors, as MkDocs writes them for pages under docs/."""
    return slugify(unicodedata.normalize("NFKC", text), "-")


def _markdown_lines(path: Path, root: Path) -> list[tuple[str, Path, int]]:
    """The lines the reader sees, as (text, file, line): Markdown files it includes are inlined, as
    pymdownx.snippets does, so their references are checked where they end up too."""
    lines = []
    for number, text in enumerate(path.read_text().splitlines(), start=1):
        match = INCLUDE.match(text)
        target = root / match["target"] if match and not match["escape"] else None
        if target is not None and target.suffix == ".md" and target.is_file() and target != path:
            lines += [(line, target, n) for n, line in enumerate(target.read_text().splitlines(), start=1)]
        else:
            lines.append((text, path, number))
    return lines


CONTAINER = re.compile(r"^(?P<indent>\s*)(?:!!!|\?\?\?\+?|===)\s")  # admonition, details, tab


def _unindented(lines: list[tuple[str, Path, int]]) -> list[tuple[str, Path, int]]:
    """The lines with the bodies of admonitions, details and tabs moved out to the margin: indented
    by four spaces, CommonMark would read them as code, and their links would go unchecked."""
    out, stack = [], []  # stack: the indents of the open containers
    for text, file, number in lines:
        indent = len(text) - len(text.lstrip())
        while stack and text.strip() and indent <= stack[-1]:
            stack.pop()
        cut = 4 * len(stack)
        body = text if not cut else text[cut:] if text[:cut].isspace() else text.lstrip()
        out.append((body, file, number))
        match = CONTAINER.match(text)
        if match:
            stack.append(len(match["indent"]))
    return out


def _inline_text(token) -> str:
    return "".join(child.content for child in token.children or [] if child.type in ("text", "code_inline"))


def anchors_of(path: Path, root: Path) -> set[str]:
    """The anchors a link can name in a Markdown file: its headings' ids, and ids written in HTML."""
    on_site = layout.on_site(path, root)
    lines = _unindented(_markdown_lines(path, root))
    tokens = MarkdownIt("commonmark").parse("\n".join(text for text, _, _ in lines))
    found: set[str] = set()
    seen: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[index + 1]
            explicit = HEADING_ID.search(inline.content)
            if explicit and on_site:
                found.add(explicit["id"])
                continue
            slug = (_site_slug if on_site else _github_slug)(_inline_text(inline))
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            found.add(slug if count == 0 else f"{slug}_{count}" if on_site else f"{slug}-{count}")
        elif token.type in ("html_block", "html_inline", "inline"):
            found.update(HTML_ID.findall(token.content))
    return found


def _references(lines: list[tuple[str, Path, int]]) -> list[tuple[str, Path, int]]:
    """(target, file, line) of every link and image, in Markdown or in HTML."""
    tokens = MarkdownIt("commonmark").enable("table").parse("\n".join(text for text, _, _ in lines))
    found = []

    def where(block, target: str) -> tuple[Path, int]:
        start, end = block.map or (0, 1)
        for text, file, number in lines[start:end]:
            if target in text:
                return file, number
        return lines[start][1], lines[start][2]

    for block in tokens:
        targets = []
        if block.type == "inline":
            for child in block.children or []:
                if child.type == "link_open":
                    targets.append(child.attrs.get("href", ""))
                elif child.type == "image":
                    targets.append(child.attrs.get("src", ""))
                elif child.type == "html_inline":
                    targets += HTML_REFERENCE.findall(child.content)
        elif block.type == "html_block":
            targets += HTML_REFERENCE.findall(block.content)
        found += [(target, *where(block, target)) for target in targets]
    return found


@checker
def reference_problems(page: Path, root: Path) -> list[str]:
    """Every link, anchor and image in a Markdown file a reader sees resolves, whatever mkdocs.yml says.

    A page under docs/ is read on the site: its links resolve from its own folder
    and must stay inside docs/. README and CONTRIBUTING are read on GitHub: their
    links resolve from the repository root. Links to other sites are not fetched.
    Anchors into a notebook are checked on the built site (broken_links_into_notebooks).
    """
    docs = layout.docs_dir(root).resolve()
    on_site = layout.on_site(page, root)
    problems = []
    for target, file, line in _references(_unindented(_markdown_lines(page, root))):
        if not target or SCHEME.match(target) or target.startswith("//"):
            continue
        where = f"{file}:{line}" + (f" (included in {page})" if file != page else "")
        path_part, _, anchor = target.partition("#")
        if path_part.startswith("/"):
            problems.append(f"{where}: the link {target!r} is absolute; write it relative to {page.name}.")
            continue
        resolved = (page.parent / path_part).resolve() if path_part else page.resolve()
        if on_site and docs not in resolved.parents and resolved != docs:
            problems.append(
                f"{where}: the link {target!r} leaves docs/, so it is broken on the site. Link a page under docs/, "
                "or the file on GitHub (repo_url)."
            )
            continue
        if not resolved.exists():
            problems.append(f"{where}: the link {target!r} points to {path_part}, which does not exist. Fix the path.")
            continue
        if anchor and resolved.suffix == ".md" and anchor not in anchors_of(resolved, root):
            problems.append(
                f"{where}: the link {target!r} names the anchor #{anchor}, which "
                f"{resolved.relative_to(root.resolve())} has no heading for. Fix the anchor, or the heading."
            )
    return problems
