"""The site's search finds the key terms, and every name the catalogue pages list.

The names are read at test time from the first column of the summary table of each
catalogue page (docs/reference.md, docs/tools.md: its code spans, e.g. `Dropout2d`), so the catalogue and this test
cannot drift apart. Typing uses press_sequentially(): Material's search listens to key
events, and fill() leaves it with nothing to search for."""

import pytest
from browser_support import ROOT, nav_pages
from markdown_it import MarkdownIt
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

KEY_TERMS = ["dropout", "BatchNorm", "no_grad", "inference_mode"]
TABLE_HEADER_LINE = "| Layer or function | From | What the mode changes | Section |"
CATALOGUE_PAGES = [page for page in sorted((ROOT / "docs").glob("*.md")) if TABLE_HEADER_LINE in page.read_text()]


def catalogued_layers(page) -> list[str]:
    """The code spans in the first column of the page's first table (header row excluded)."""
    tokens = MarkdownIt("commonmark").enable("table").parse(page.read_text())
    names, in_body, first_cell, cell = [], False, False, False
    for token in tokens:
        if token.type == "table_close":
            break
        if token.type in ("tbody_open", "tbody_close"):
            in_body = token.type == "tbody_open"
        elif token.type == "tr_open":
            first_cell = True
        elif token.type == "td_open":
            cell, first_cell = first_cell, False
        elif token.type == "inline" and in_body and cell:
            names += [child.content for child in token.children if child.type == "code_inline"]
    return list(dict.fromkeys(names))


URLS = dict(nav_pages())
LAYERS = [
    (name, URLS[page.relative_to(ROOT / "docs").as_posix()])
    for page in CATALOGUE_PAGES
    for name in catalogued_layers(page)
]


RESULTS = """() => [...document.querySelectorAll(".md-search-result__item")].map((item) => ({
    text: item.innerText,
    hrefs: [...item.querySelectorAll("a.md-search-result__link")].map((link) => link.href.split(/[?#]/)[0]),
}))"""


@pytest.fixture(scope="module")
def search(contexts, site):
    """One tab with the search open. `search(term, page_url)` types the term and waits until a
    result shows the term (and, given page_url, links to that page); else it fails, listing
    what the search shows. Results come from a worker, one answer per keystroke: waiting for
    the expected state, not for "some results", keeps an earlier answer from passing for it."""
    tab = contexts("light").new_page()
    tab.goto(site.url(""))
    box = tab.locator("input.md-search__input")
    box.click()

    def run(term: str, page_url: str | None = None) -> None:
        box.press("Control+a")
        box.press("Backspace")
        box.press_sequentially(term)
        expected = site.url(page_url) if page_url is not None else None
        try:
            tab.wait_for_function(
                f"""([term, expected]) => ({RESULTS})().some((result) =>
                    result.text.toLowerCase().includes(term.toLowerCase())
                    && (expected === null || result.hrefs.includes(expected)))""",
                arg=[term, expected],
                timeout=5_000,
            )
            return
        except PlaywrightTimeoutError:
            pass
        meta = tab.locator(".md-search-result__meta").inner_text()
        shown = "\n".join(f"  {result['hrefs'][:1]} {result['text'][:70]!r}" for result in tab.evaluate(RESULTS))
        wanted = f"result that shows {term!r}" + (f" and links to {expected}" if expected else "")
        pytest.fail(f"searching for {term!r} found no {wanted}; search says {meta!r}\n{shown}", pytrace=False)

    yield run
    tab.close()


@pytest.mark.parametrize("page", CATALOGUE_PAGES, ids=lambda page: page.name)
def test_catalogue_page_lists_names(page):
    assert catalogued_layers(page), (
        f"no names found: {page.relative_to(ROOT)} needs a summary table whose first column "
        "names each layer in a code span, e.g. | `Dropout2d` | ... |"
    )


@pytest.mark.parametrize("term", KEY_TERMS)
def test_search_finds_key_term(search, term):
    search(term)


@pytest.mark.parametrize(("layer", "page_url"), LAYERS, ids=[f"{url}{name}" for name, url in LAYERS])
def test_search_finds_catalogued_name_on_its_page(search, layer, page_url):
    search(layer, page_url)
