"""Every page in the nav, in a real browser: loads clean, stays on its own origin,
shows its code and outputs, copies code; the palette toggle switches colour schemes.
The notebook page shows its outputs and offers the .ipynb; a missing page gets a helpful 404."""

import json
import re

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tools import layout
from tools.browser import ROOT, SCHEMES, nav_pages, site_prefix
from tools.code_block_hooks import PLAIN_TOKEN_CLASSES

# textContent, not innerText: innerText is empty for a block off screen that the browser has not
# rendered yet (docs/stylesheets/extra.css: content-visibility: auto), which a reader who scrolls sees.
VISIBLE_CODE = """() => [...document.querySelectorAll("article pre")].map(
    (pre) => pre.checkVisibility({opacityProperty: true, visibilityProperty: true})
        && pre.getBoundingClientRect().height > 0 && pre.textContent.trim().length > 0)"""


# A span of each class, put in a real code block: its computed style, where it differs from that of
# a span with no class (the block's own text, as the unwrapped tokens are).
TOKEN_STYLES = """(classes) => {
    const code = document.querySelector("article .highlight pre > code");
    const drawn = (element) => {
        const style = getComputedStyle(element);
        return ["color", "background-color", "font-style", "font-weight", "text-decoration-line"]
            .map((name) => `${name}: ${style.getPropertyValue(name)}`).join("; ");
    };
    const span = (name) => {
        const made = code.appendChild(document.createElement("span"));
        made.className = name;
        made.textContent = "x";
        return made;
    };
    const plain = span("");
    const differ = {};
    for (const name of classes) {
        const token = span(name);
        if (drawn(token) !== drawn(plain)) differ[name] = `${drawn(token)} (plain: ${drawn(plain)})`;
        token.remove();
    }
    plain.remove();
    return differ;
}"""


def test_token_spans_the_build_unwraps_look_like_plain_code(visit, scheme):
    """tools/code_block_hooks.py drops the spans of tokens the stylesheet draws as plain code text:
    in each scheme such a span must look exactly like the code around it, while a keyword does not."""
    tab = visit(scheme)
    tab.open("")
    differ = tab.page.evaluate(TOKEN_STYLES, [*PLAIN_TOKEN_CLASSES, "k"])
    assert list(differ) == ["k"], f"{scheme} scheme: unwrapped token classes that the theme styles: {differ}"


def test_nav_pages_are_the_built_pages(site):
    """The nav (which the other tests walk) and the sitemap (what was built) name the same pages."""
    sitemap = (site.root / "sitemap.xml").read_text()
    built = {loc.split(site_prefix(), 1)[1] for loc in re.findall(r"<loc>([^<]*)</loc>", sitemap)}
    assert built == {url for _src, url in nav_pages()}


def test_page_loads_clean(visit, page_url):
    """No console error, no failed request, nothing fetched from another origin."""
    tab = visit("light")
    response = tab.open(page_url, wait_until="networkidle")  # search index and worker included
    assert response.status == 200, f"{tab.site.url(page_url)}: HTTP {response.status}"
    assert tab.page.title(), f"{tab.site.url(page_url)}: no <title>"
    problems = tab.problems()
    assert not problems, f"{tab.site.url(page_url)}:\n  " + "\n  ".join(problems)


def test_code_blocks_and_outputs_are_visible(visit, page_url):
    """Every <pre> in the article (code, printed output, notebook cells) can be seen, tabs and
    collapsed blocks included: each tab is opened in turn, every <details> is opened."""
    tab = visit("light")
    tab.open(page_url)
    tab.reveal_all()
    page = tab.page
    page.evaluate("document.querySelectorAll('article details').forEach((d) => { d.open = true; })")
    seen = page.evaluate(VISIBLE_CODE)
    labels = page.locator("article .tabbed-labels > label")
    for index in range(labels.count()):
        labels.nth(index).click()
        seen = [before or now for before, now in zip(seen, page.evaluate(VISIBLE_CODE), strict=True)]
    hidden = [index for index, shown in enumerate(seen) if not shown]
    snippets = page.evaluate("() => [...document.querySelectorAll('article pre')].map((pre) => pre.textContent)")
    assert not hidden, f"{tab.site.url(page_url)}: code blocks never visible (or empty):\n" + "\n".join(
        f"  block {index + 1}: {snippets[index].strip()[:80]!r}" for index in hidden
    )


def _clipboard_after(page, click) -> str:
    page.evaluate("navigator.clipboard.writeText('(clipboard untouched)')")
    click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()) !== '(clipboard untouched)'")
    return page.evaluate("navigator.clipboard.readText()")


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip("\n").splitlines()]


def _rendered_text(locator) -> str:
    """The text a reader sees once they scroll to it: off screen, a block is not rendered yet
    (content-visibility: auto, docs/stylesheets/extra.css) and its innerText is empty."""
    locator.scroll_into_view_if_needed()
    try:  # a frame or two (one per nested skipped block); an empty block stays empty, and fails below
        locator.page.wait_for_function("(e) => e.innerText.trim()", arg=locator.element_handle(), timeout=5000)
    except PlaywrightTimeoutError:
        pass
    return locator.inner_text()


def test_copy_button_copies_the_code(visit, page_url):
    """The first and the last code block's copy button put exactly that block's code on the
    clipboard (Material mounts the button when the block scrolls into view: content.lazy)."""
    tab = visit("light")
    tab.open(page_url)
    # The last block is often a snippet's folded [check] section: unfold them all first.
    tab.page.evaluate("document.querySelectorAll('article details').forEach((d) => { d.open = true; })")
    tab.reveal_all()  # scrolls through the page, so every block has mounted its button
    page = tab.page
    blocks = page.locator("article pre:has(> code)")
    notebook = page.locator("article clipboard-copy")  # mkdocs-jupyter's per-cell button
    for index in sorted({0, blocks.count() - 1} if blocks.count() else set()):
        button = blocks.nth(index).locator("button.md-code__button[data-md-type='copy']")
        code = _rendered_text(page.locator(button.get_attribute("data-clipboard-target")))
        copied = _clipboard_after(page, button.click)
        assert _lines(copied) == _lines(code), f"{tab.site.url(page_url)}: code block {index + 1} copied other text"
    for index in sorted({0, notebook.count() - 1} if notebook.count() else set()):
        button = notebook.nth(index)
        cell = button.locator("xpath=ancestor::div[contains(@class, 'jp-CodeMirrorEditor')][1]")
        code = _rendered_text(cell.locator(".highlight-ipynb pre"))
        copied = _clipboard_after(page, button.click)
        assert _lines(copied) == _lines(code), f"{tab.site.url(page_url)}: notebook cell {index + 1} copied other text"


def test_palette_toggle_switches_scheme_and_remembers_it(visit):
    """The system preference picks the scheme (every page, in test_accessibility); the toggle
    switches it, the page repaints, and the reader's choice survives a reload."""
    tab = visit("dark", fresh=True)
    tab.open("")
    page, body = tab.page, tab.page.locator("body")
    background = body.evaluate("(body) => getComputedStyle(body).backgroundColor")
    assert body.get_attribute("data-md-color-scheme") == SCHEMES["dark"]
    page.locator("form[data-md-component='palette'] label:visible").click()
    assert body.get_attribute("data-md-color-scheme") == SCHEMES["light"]
    assert body.evaluate("(body) => getComputedStyle(body).backgroundColor") != background, "no repaint"
    page.reload()
    assert body.get_attribute("data-md-color-scheme") == SCHEMES["light"], "the choice did not survive a reload"
    page.locator("form[data-md-component='palette'] label:visible").click()
    assert body.get_attribute("data-md-color-scheme") == SCHEMES["dark"]


def test_notebook_shows_outputs_and_offers_download(visit, notebook_url):
    tab = visit("light")
    tab.open(notebook_url)
    tab.reveal_all()
    page = tab.page
    outputs = page.locator("article .jp-OutputArea-output")
    assert outputs.count() > 0, f"{tab.site.url(notebook_url)}: no cell outputs (were they stored in the notebook?)"
    for index in range(outputs.count()):
        output = outputs.nth(index)
        assert output.is_visible() and _rendered_text(output).strip(), f"output {index + 1} is hidden or empty"

    download = page.locator("article a[download][href$='.ipynb']")
    assert download.count() == 1 and download.is_visible(), "no visible download link for the .ipynb"
    assert not download.get_attribute("href").startswith("/"), "a root-absolute link breaks where the site moves"
    source = next(src for src, url in nav_pages() if url == notebook_url)
    colab = page.locator("article a[href^='https://colab.research.google.com/github/']")
    assert colab.count() == 1 and colab.get_attribute("href").endswith(f"/blob/main/docs/{source}"), (
        "no link that opens the notebook from the repository in Google Colab"
    )
    href = download.evaluate("(link) => link.href")
    response = page.context.request.get(href)
    assert response.status == 200, f"{href}: HTTP {response.status}"
    assert json.loads(response.body()) == json.loads((layout.docs_dir(ROOT) / source).read_text()), (
        "not the source notebook"
    )


def test_missing_page_gets_a_helpful_404(visit):
    """Like GitHub Pages: a wrong address answers 404.html, styled, with links to every page and a search."""
    tab = visit("light")
    missing = "no/such/page/"
    response = tab.open(missing, wait_until="networkidle")
    assert response.status == 404
    page = tab.page
    assert page.locator("h1").inner_text() == "Page not found"
    header_height = page.locator(".md-header").evaluate("(header) => header.getBoundingClientRect().height")
    assert header_height > 20, "the 404 page is unstyled (its CSS did not load at this depth)"
    others = [problem for problem in tab.problems() if missing not in problem]
    assert not others, "\n".join(others)

    hrefs = page.locator("article a").evaluate_all("(links) => links.map((link) => link.getAttribute('href'))")
    for _src, url in nav_pages():
        assert site_prefix() + url in hrefs, f"the 404 page does not link to {site_prefix() + url}"

    page.locator("#not-found-query").fill("dropout")
    page.locator("#not-found-query").press("Enter")
    page.wait_for_url("**/?q=dropout")
    page.locator(".md-search-result__item").first.wait_for()
