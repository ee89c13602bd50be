"""The site's search finds the key terms; a catalogued API name typed with its module
(`jit.trace`, `nn.Dropout2d`) and a question from the FAQ each lead, as the first result,
to the section that answers it.

The queries are read at test time from the summary table of each catalogue page
(docs/reference.md, docs/tools.md) and from the FAQ's headings, so the pages and this
test cannot drift apart. Typing uses press_sequentially(): Material's search listens to key
events, and fill() leaves it with nothing to search for."""

import re

import pytest
from browser_support import ROOT, nav_pages
from markdown.extensions.toc import slugify
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


def catalogue_queries(page) -> list[tuple[str, str]]:
    """(query, section URL) per catalogued name: `jit.trace`, `nn.Dropout2d`, as people type them.
    The last part of the row's namespace, a dot, the name; the answer is the row's section."""
    tokens = MarkdownIt("commonmark").enable("table").parse(page.read_text())
    queries, cells = [], []
    for token in tokens:
        if token.type == "table_close":
            break
        if token.type == "tr_open":
            cells = []
        elif token.type == "inline":
            cells.append(token)
        elif token.type == "tr_close" and len(cells) == 4:
            names = [child.content for child in cells[0].children if child.type == "code_inline"]
            namespace = [child.content for child in cells[1].children if child.type == "code_inline"]
            links = [child.attrs["href"] for child in cells[3].children if child.type == "link_open"]
            if namespace and links:
                queries += [(f"{namespace[0].rsplit('.', 1)[-1]}.{name}", links[0]) for name in names]
    return queries


def faq_queries() -> list[tuple[str, str]]:
    """(query, anchor) per question in the FAQ: the question as a reader types it (no markup)."""
    found = []
    for line in (ROOT / "docs" / "faq.md").read_text().splitlines():
        if match := re.match(r"^###\s+(.*?)\s*(?:\{#(?P<id>[^}]+)\})?\s*$", line):
            title = match[1]
            anchor = match["id"] or slugify(title.replace("`", ""), "-")
            found.append((re.sub(r"[`\"]", "", title), "#" + anchor))
    return found


URLS = dict(nav_pages())


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


# The links of the first TOP results: one page each, its best-matching sections first, the rest
# under "more on this page".
TOP = 3
FIRST_RESULTS = f"""() => [...document.querySelectorAll(".md-search-result__item")].slice(0, {TOP}).flatMap(
    (item) => [...item.querySelectorAll("a.md-search-result__link")].map(
        (link) => link.href.replace(/\\?h=[^#]*/, "")))"""


def first_result(search_tab, site, term: str) -> list[str]:
    search_tab.box.press("Control+a")
    search_tab.box.press("Backspace")
    search_tab.box.press_sequentially(term)
    search_tab.page.wait_for_timeout(150)  # one answer per keystroke: let the last one arrive
    search_tab.page.locator(".md-search-result__item").first.wait_for(timeout=5_000)
    return search_tab.page.evaluate(FIRST_RESULTS)


@pytest.fixture(scope="module")
def search_tab(contexts, site):
    tab = contexts("light").new_page()
    tab.goto(site.url(""))
    box = tab.locator("input.md-search__input")
    box.click()

    class Tab:
        page, box = tab, None

    Tab.box = box
    yield Tab
    tab.close()


QUERIES = [
    (query, URLS[page.relative_to(ROOT / "docs").as_posix()] + anchor)
    for page in CATALOGUE_PAGES
    for query, anchor in catalogue_queries(page)
] + [(query, URLS["faq.md"] + anchor) for query, anchor in faq_queries()]


@pytest.mark.parametrize(("query", "answer"), QUERIES, ids=[query for query, _answer in QUERIES])
def test_search_leads_to_the_answer(search_tab, site, query, answer):
    """What a reader types (a dotted API name from the catalogue, a question from the FAQ):
    one of the first three results is the page that answers it, and links to the section."""
    links = first_result(search_tab, site, query)
    assert site.url(answer) in links, (
        f"searching {query!r}: the first {TOP} results link to {links[:6]}..., not to {site.url(answer)}"
    )
