"""The site's search finds the key terms; a catalogued API name typed with its module
(`jit.trace`, `nn.Dropout2d`) and a question from the FAQ each lead, as the first result,
to the section that answers it.

The queries are read at test time from the summary table of each catalogue page
(docs/reference.md, docs/tools.md) and from the FAQ's headings, so the pages and this
test cannot drift apart. Typing uses press_sequentially(): Material's search listens to key
events, and fill() leaves it with nothing to search for."""

import re

import pytest
from markdown.extensions.toc import slugify
from markdown_it import MarkdownIt
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tools import layout
from tools.browser import ROOT, nav_pages
from tools.catalogue import catalogue_pages

KEY_TERMS = ["dropout", "BatchNorm", "no_grad", "inference_mode"]
CATALOGUE_PAGES = catalogue_pages()


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
    for line in (layout.docs_dir(ROOT) / "faq.md").read_text().splitlines():
        if match := re.match(r"^###\s+(.*?)\s*(?:\{#(?P<id>[^}]+)\})?\s*$", line):
            title = match[1]
            anchor = match["id"] or slugify(title.replace("`", ""), "-")
            found.append((re.sub(r"[`\"]", "", title), "#" + anchor))
    return found


URLS = dict(nav_pages())

HEADING = re.compile(r'<h([1-6]) id="([^"]+)"')


def section_and_subsections(root, answer: str) -> set[str]:
    """The answer (`page/#anchor`, relative to the site) and the headings nested under it on
    the built page: a search that lands on `### What do momentum=None ...` inside `## BatchNorm`
    has opened the BatchNorm section."""
    page, _, anchor = answer.partition("#")
    if not anchor:
        return {page}
    headings = [(int(level), name) for level, name in HEADING.findall((root / page / "index.html").read_text())]
    found, level = set(), None
    for depth, name in headings:
        if level is not None and depth <= level:
            break
        if name == anchor:
            level = depth
        if level is not None:
            found.add(f"{page}#{name}")
    return found


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


# Each link of the first result (one page: its article, its best-matching sections, the rest
# under "more on this page") with the score Material ranked it by.
FIRST_RESULT = """() => [...(document.querySelector(".md-search-result__item")?.querySelectorAll(
    "a.md-search-result__link") ?? [])].map((link) => [
        link.href.replace(/\\?h=[^#]*/, ""), +link.querySelector("article").dataset.mdScore])"""
ANSWERED = """() => document.querySelector(".md-search-result__item")
    || /No matching/.test(document.querySelector(".md-search-result__meta").innerText)"""


def first_result(search_tab, term: str) -> list[tuple[str, float]]:
    """Search once for `term`: clear the box and wait until the list is empty, then fill it
    and release a key (Material searches on keyup). Only one query is then in flight, so the
    list that appears answers it, not an earlier keystroke."""
    search_tab.box.fill("")
    search_tab.box.press("End")
    search_tab.page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
    search_tab.box.fill(term)
    search_tab.box.press("End")
    search_tab.page.wait_for_function(ANSWERED)
    return [tuple(link) for link in search_tab.page.evaluate(FIRST_RESULT)]


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


def all_queries() -> dict[str, set[str]]:
    """Query -> the sections that answer it (relative URLs). Two catalogue rows may name the
    same API (`nn.SyncBatchNorm` on the reference and on the distributed page): either answers."""
    found: dict[str, set[str]] = {}
    for page in CATALOGUE_PAGES:
        for query, anchor in catalogue_queries(page):
            found.setdefault(query, set()).add(URLS[page.relative_to(layout.docs_dir(ROOT)).as_posix()] + anchor)
    for query, anchor in faq_queries():
        found.setdefault(query, set()).add(URLS["faq.md"] + anchor)
    return found


QUERIES = all_queries()


@pytest.mark.parametrize("query", list(QUERIES))
def test_search_leads_to_the_answer(search_tab, site, query):
    """What a reader types (a dotted API name from the catalogue, a question from the FAQ):
    the best-scored link of the first result is the section that answers it, or a heading
    nested inside that section."""
    links = first_result(search_tab, query)
    best = max((score for _url, score in links), default=None)
    top = [url for url, score in links if score == best]
    right = {site.url(url) for answer in QUERIES[query] for url in section_and_subsections(site.root, answer)}
    assert right.intersection(top), (
        f"searching {query!r}: the first result opens {top}, not "
        f"{sorted(site.url(answer) for answer in QUERIES[query])} (or a section inside it); "
        f"the first result's links: {[(url.removeprefix(site.base), score) for url, score in links][:6]}"
    )
