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
elements; the page shows it unchanged), so the name finds its section.
"""

import re

# The markup pymdownx.highlight writes for every code block on a Markdown page.
CODE_BLOCK = re.compile(r"<pre><span></span><code>")
# What scrolls on a notebook page: the code of a cell, and plain <pre> (outputs, code in Markdown cells).
NOTEBOOK_SCROLLERS = re.compile(r'<div class="highlight-ipynb |<pre>')
# A catalogue's summary table: its first header cell (tests/test_catalogue.py checks the header).
SUMMARY_TABLE = re.compile(r"<table>(?=\s*<thead>\s*<tr>\s*<th[^>]*>Layer or function</th>)")


def _focusable(match: re.Match) -> str:
    return match[0].replace("<div ", '<div tabindex="0" ').replace("<pre>", '<pre tabindex="0">')


def on_page_content(html, page, config, files):
    # Runs before the search plugin reads the page (on_page_context).
    return SUMMARY_TABLE.sub("<table data-search-exclude>", html)


def on_post_page(output, page, config):
    if page.file.src_path.endswith(".ipynb"):
        return NOTEBOOK_SCROLLERS.sub(_focusable, output)
    return CODE_BLOCK.sub('<pre><span></span><code tabindex="0">', output)
