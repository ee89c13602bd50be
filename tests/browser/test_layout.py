"""Blocks fit the page: at desktop width no code or output block scrolls sideways, and at
phone width nothing but code blocks does (the page itself never scrolls sideways).

Every collapsed block ("What the tests check") is opened first, so its code is measured
too. A block is named by its caption (the claim) or, without one, its first line. What
scrolls is measured once per page and width, in the visit the accessibility checks read
too (the `tour` fixture, tests/browser/conftest.py)."""


def test_no_block_scrolls_sideways_at_desktop_width(tour, page_url):
    found = tour(page_url, "light", "desktop")
    assert not found.wide_blocks, f"{found.url} at desktop width: blocks that scroll sideways:\n  " + "\n  ".join(
        found.wide_blocks
    )


def test_only_code_blocks_scroll_sideways_at_phone_width(tour, page_url):
    found = tour(page_url, "light", "phone")
    assert not found.wide_others, f"{found.url} at phone width: scrolls sideways:\n  " + "\n  ".join(found.wide_others)
