"""MkDocs hook: a keyboard user can scroll every code block from the first load.

Material makes a code block focusable from JavaScript, and with `content.lazy`
only once the block scrolls into view; mkdocs-jupyter's notebook cells are never
made focusable. Until then a block that scrolls sideways (at phone width, most
of them) cannot be reached by keyboard (axe-core: scrollable-region-focusable).
`tabindex="0"` in the HTML itself needs no script and holds at any width.
"""

import re

# The markup pymdownx.highlight writes for every code block on a Markdown page.
CODE_BLOCK = re.compile(r"<pre><span></span><code>")
# What scrolls on a notebook page: the code of a cell, and plain <pre> (outputs, code in Markdown cells).
NOTEBOOK_SCROLLERS = re.compile(r'<div class="highlight-ipynb |<pre>')


def _focusable(match: re.Match) -> str:
    return match[0].replace("<div ", '<div tabindex="0" ').replace("<pre>", '<pre tabindex="0">')


def on_post_page(output, page, config):
    if page.file.src_path.endswith(".ipynb"):
        return NOTEBOOK_SCROLLERS.sub(_focusable, output)
    return CODE_BLOCK.sub('<pre><span></span><code tabindex="0">', output)
