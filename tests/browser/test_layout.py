"""Blocks fit the page: at desktop width no code or output block scrolls sideways, and at
phone width nothing but code blocks does (the page itself never scrolls sideways).

Every collapsed block ("What the tests check") is opened first, so its code is measured
too. A block is named by its caption (the claim) or, without one, its first line."""

import pytest

DESKTOP, PHONE = 1280, 390

# Every block that scrolls sideways: code (Material scrolls the <code> inside <pre>) and
# notebook cells, named by the caption of its block, else its first line.
WIDE_BLOCKS = """() => [...document.querySelectorAll(
        "article pre > code, .jupyter-wrapper .highlight > pre, .jupyter-wrapper .jp-OutputArea-output pre")]
    .filter((block) => block.scrollWidth > block.clientWidth + 1)
    .map((block) => {
        const caption = block.closest(".highlight")?.querySelector(".filename");
        const first = block.innerText.trim().split("\\n")[0];
        return `${caption ? caption.innerText : first.slice(0, 70)} (${block.scrollWidth} px in ${block.clientWidth} px)`;
    })"""

# Anything else that scrolls sideways at phone width: the page itself, or any element
# that is not a code block.
WIDE_OTHERS = """() => {
    const found = [];
    if (document.documentElement.scrollWidth > innerWidth + 1) {
        found.push(`the page itself (${document.documentElement.scrollWidth} px in ${innerWidth} px)`);
    }
    for (const element of document.querySelectorAll("body *")) {
        if (element.closest("pre, .highlight, .highlight-ipynb, .jp-OutputArea-output")) continue;
        const style = getComputedStyle(element);
        const scrolls = ["auto", "scroll"].includes(style.overflowX) && element.scrollWidth > element.clientWidth + 1;
        if (scrolls && element.clientWidth > 0 && element.checkVisibility()) {
            found.push(`${element.tagName.toLowerCase()}.${[...element.classList].join(".")} `
                + `(${element.scrollWidth} px in ${element.clientWidth} px): `
                + element.innerText.trim().slice(0, 60));
        }
    }
    return found;
}"""


def opened(visit, page_url, width):
    tab = visit("light")
    tab.page.set_viewport_size({"width": width, "height": 900})
    tab.open(page_url)
    tab.reveal_all()
    tab.page.evaluate("document.querySelectorAll('article details').forEach((d) => { d.open = true; })")
    return tab


def test_no_block_scrolls_sideways_at_desktop_width(visit, page_url):
    tab = opened(visit, page_url, DESKTOP)
    wide = tab.page.evaluate(WIDE_BLOCKS)
    assert not wide, f"{tab.site.url(page_url)} at {DESKTOP} px: blocks that scroll sideways:\n  " + "\n  ".join(wide)


@pytest.mark.parametrize("width", [PHONE])
def test_only_code_blocks_scroll_sideways_at_phone_width(visit, page_url, width):
    tab = opened(visit, page_url, width)
    wide = tab.page.evaluate(WIDE_OTHERS)
    assert not wide, f"{tab.site.url(page_url)} at {width} px: scrolls sideways:\n  " + "\n  ".join(wide)
