"""MkDocs hook: code blocks a keyboard can reach, and a search that lands on sections.

Focusable blocks. Material makes a code block focusable from JavaScript, and with
`content.lazy` only once the block scrolls into view; mkdocs-jupyter's notebook
cells are never made focusable. Until then a block that scrolls sideways (at
phone width, most of them) cannot be reached by keyboard (axe-core:
scrollable-region-focusable). `tabindex="0"` in the HTML itself needs no script
and holds at any width.

Search. A catalogue page opens with a summary table that names every layer and
links each row to the section about it. In the search index that table belongs
to the page's opening, so a search for a layer name found the page's top (which
Material also ranks above any section) instead of the section that answers it.
The table is marked `data-search-exclude` (Material's search plugin skips such
elements; the page shows it unchanged), so the name finds its section. So is each
collapsed "What the tests check" block: its asserts repeat what the shown code
prints, and they were a third of the index every page downloads. So are the notes
about other releases below an Output block ("Verified since ...", with what a
failing release printed): they say where the evidence holds, they answer no
question, and their words (a library's banner) outranked the sections that do.

Plain tokens. Pygments wraps every token of a code block in a span, but Material
draws names and keyword constants (`True`, `None`) in the code's own colour
(`.highlight .n, .highlight .kc` take --md-code-hl-name-color, which is
--md-code-fg-color in both schemes) and gives whitespace, f-string prefixes and
dunder names no rule at all, and this site's stylesheet draws punctuation and
operators (`.p`, `.o`) in the code's colour too. Those spans change nothing a
reader sees, yet they were two thirds of a long page's elements (reference:
16.8k elements before, 5.5k after); unwrapped, the text stays and a long page
is parsed, laid out, indexed and checked by axe-core in less time.
tests/browser/test_browser_pages.py checks that each such class renders exactly
as the code around it, in both schemes. Notebook pages keep theirs: their cells
are styled by mkdocs-jupyter's own stylesheet.

Where a block comes from. A titled block that shows a snippet (``` {.python
title="claim"} around `--8<-- "snippets/....py:show"`) gets its title turned into
a link to the file in the repository, at the lines it shows. The HTML no longer
says which file a block included, so the page's source is read first
(tools/pages.fences, the parser the page checks use): its titled snippet blocks,
in order, each with its title. After rendering, each `<span class="filename">`
whose text is the next expected title is linked; any other title (Output blocks,
whatever their title says) is left alone.
"""

import html
import re
import sys
from pathlib import Path

# `mkdocs serve` runs from .venv/bin, where the repository is not on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools import layout  # noqa: E402
from tools.mkdocs_hooks import RELEASE_NOTE_TITLES  # noqa: E402
from tools.pages import INCLUDE, SECTION_START, fences  # noqa: E402

# The markup pymdownx.highlight writes for every code block on a Markdown page.
CODE_BLOCK = re.compile(r"<pre><span></span><code>")
# What scrolls on a notebook page: the code of a cell, and plain <pre> (outputs, code in Markdown cells).
NOTEBOOK_SCROLLERS = re.compile(r'<div class="highlight-ipynb |<pre>')
# A catalogue's summary table: its first header cell (tests/test_catalogue.py checks the header).
SUMMARY_TABLE = re.compile(r"<table>(?=\s*<thead>\s*<tr>\s*<th[^>]*>Layer or function</th>)")
# A snippet's collapsed checks (CONTRIBUTING.md step 4; tests/test_pages.py checks the form).
CHECKS_BLOCK = re.compile(r'<details class="success">(?=\s*<summary>What the tests check)')
# A note below an Output block about the snippet on other releases (tools/mkdocs_hooks.py).
RELEASE_NOTE = re.compile(
    r'<div class="admonition (?P<kind>[a-z]+)">(?=\s*<p class="admonition-title">(?:'
    + "|".join(re.escape(title) for title in RELEASE_NOTE_TITLES)
    + "))"
)


# Token classes the stylesheets (Material's and docs/stylesheets/extra.css) draw as plain code text.
PLAIN_TOKEN_CLASSES = ("n", "kc", "w", "sa", "vm", "fm", "p", "o")
PLAIN_TOKEN = re.compile(r'<span class="(?:' + "|".join(PLAIN_TOKEN_CLASSES) + r')">([^<]*)</span>')


def _focusable(match: re.Match) -> str:
    return match[0].replace("<div ", '<div tabindex="0" ').replace("<pre>", '<pre tabindex="0">')


def on_page_content(html, page, config, files):
    # Runs before the search plugin reads the page (on_page_context).
    if not layout.is_notebook(page.file.src_path):
        html = PLAIN_TOKEN.sub(r"\1", html)
    html = SUMMARY_TABLE.sub("<table data-search-exclude>", html)
    html = RELEASE_NOTE.sub(r'<div class="admonition \g<kind>" data-search-exclude>', html)
    return CHECKS_BLOCK.sub('<details class="success" data-search-exclude>', html)


FILENAME = re.compile(r'<span class="filename">(?P<title>.*?)</span>', re.S)
SOURCES: dict[str, list[tuple[str, str]]] = {}  # page source path -> [(title, link)] in page order


def _branch(config) -> str:
    """The branch edit links point at (edit_uri: edit/<branch>/docs/), else main."""
    parts = (config.get("edit_uri") or "").strip("/").split("/")
    return parts[1] if len(parts) > 1 and parts[0] in ("edit", "blob") else "main"


def _shown_lines(path: Path, section: str | None) -> str:
    """`#L12-L30`: the lines of the shown section (between its markers), or nothing for a whole file."""
    if section is None:
        return ""
    lines = path.read_text().splitlines()
    start = next(number for number, line in enumerate(lines, 1) if SECTION_START.format(section) in line)
    end = next(number for number, line in enumerate(lines, 1) if f"--8<-- [end:{section}]" in line)
    return f"#L{start + 1}-L{end - 1}"


def snippet_sources(source: Path, root: Path, repo: str, branch: str) -> list[tuple[str, str]]:
    """(title, link) of each titled block of the page that shows one Python file from snippets/."""
    found = []
    for fence in fences(source):
        included = [INCLUDE.match(line) for line in fence.body.splitlines() if line.strip()]
        if fence.title is None or len(included) != 1 or included[0] is None:
            continue
        target = included[0]["target"]
        file, _, section = target.partition(":")
        if layout.is_snippet_include(file) and (root / file).is_file():
            lines = _shown_lines(root / file, section if section and not section.isdigit() else None)
            found.append((fence.title, f"{repo}/blob/{branch}/{file}{lines}"))
    return found


def on_page_markdown(markdown, page, config, files):
    source, repo = page.file.abs_src_path, (config.get("repo_url") or "").rstrip("/")
    if repo and source and source.endswith(".md"):
        root = Path(config.config_file_path).parent
        SOURCES[page.file.src_path] = snippet_sources(Path(source), root, repo, _branch(config))
    return markdown


def _link_titles(output: str, expected: list[tuple[str, str]]) -> str:
    pending = list(expected)

    def link(match: re.Match) -> str:
        if pending and html.unescape(match["title"]) == pending[0][0]:
            _title, href = pending.pop(0)
            return (
                f'<span class="filename"><a class="snippet-source" href="{html.escape(href)}">'
                f"{match['title']}</a></span>"
            )
        return match[0]

    return FILENAME.sub(link, output)


# The command in a "What the tests check" summary: `python snippets/<page>/<claim>.py`.
SUMMARY_COMMAND = re.compile(r"(<summary>[^<]*<code>)([^<]*)(</code>)")


def _breakable_paths(match: re.Match) -> str:
    """At phone width the path wraps; `<wbr>` after each slash lets it wrap there, not
    mid-name (`checkpoint_dropout_ma` / `sk.py`). A copied command is unchanged."""
    return match[1] + match[2].replace("/", "/<wbr>") + match[3]


def on_post_page(output, page, config):
    if layout.is_notebook(page.file.src_path):
        return NOTEBOOK_SCROLLERS.sub(_focusable, output)
    output = _link_titles(output, SOURCES.pop(page.file.src_path, []))
    output = SUMMARY_COMMAND.sub(_breakable_paths, output)
    return CODE_BLOCK.sub('<pre><span></span><code tabindex="0">', output)
