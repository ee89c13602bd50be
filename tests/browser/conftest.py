"""Real-browser checks of the built site: Debian's Chromium driven by Playwright.

Needs /usr/bin/chromium (`apt-get install chromium`) and, for the accessibility
checks, axe-core from node_modules (`npm ci`). Without them the tests that need
them skip, with one line that says how to get them; with REQUIRE_BROWSER=1 (CI)
a missing browser or axe-core is a failure instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tools import layout
from tools.browser import (
    AXE_JS,
    CHROMIUM_FLAGS,
    CHROMIUM_HINT,
    OPEN_DETAILS,
    SCHEMES,
    WIDE_BLOCKS,
    WIDE_OTHERS,
    WIDTHS,
    axe_violations,
    find_chromium,
    nav_pages,
    serve,
    site_prefix,
)

_missing: list[str] = []  # why browser tests skipped, for the one-line summary


def unavailable(reason: str):
    """Skip, or fail when CI says the browser checks must run (REQUIRE_BROWSER=1)."""
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    _missing.append(reason)
    pytest.skip(reason)


def pytest_terminal_summary(terminalreporter):
    """One line per missing tool, even without -rs (session fixtures skip once, then replay)."""
    for reason in _missing:
        count = sum(reason in str(report.longrepr) for report in terminalreporter.stats.get("skipped", []))
        terminalreporter.write_line(f"browser tests: {count} skipped, {reason}", yellow=True)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        where = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium or on PATH"
        unavailable(f"no Chromium at {where}; install it: {CHROMIUM_HINT}")
    return path


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.is_file():
        unavailable(f"no axe-core at {AXE_JS.relative_to(AXE_JS.parents[2])}; install it: npm ci")
    return AXE_JS.read_text()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@dataclass
class Site:
    root: Path  # the built site on disk
    base: str  # its URL, e.g. http://127.0.0.1:PORT/train-eval/

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base)
        return f"{parts.scheme}://{parts.netloc}"

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="session")
def site(built_site) -> Site:
    """The site built once (tests/conftest.py) and served the way GitHub Pages serves it."""
    with serve(built_site, site_prefix()) as base:
        yield Site(built_site, base)


REVEAL = """async () => {
    const frames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {
        scrollTo(0, y);
        await frames();
    }
    scrollTo(0, 0);
    await frames();
    // Back at the top, the header fades the page title out and the site title in (a CSS
    // transition): the checks look at the page at rest, not at a mid-fade colour.
    const ending = document.getAnimations().filter((animation) => animation.effect?.getTiming().iterations !== Infinity);
    await Promise.all(ending.map((animation) => animation.finished.catch(() => {})));
}"""


@dataclass
class Visit:
    """A browser tab on the site that records what went wrong while it was open."""

    page: object  # playwright Page
    site: Site
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def open(self, path: str, wait_until: str = "load"):
        return self.page.goto(self.site.url(path), wait_until=wait_until)

    def reveal_all(self) -> None:
        """Mount everything, as after a reader scrolled through the page: scroll through it
        so Material mounts the code blocks it mounts lazily (content.lazy: copy button)."""
        self.page.evaluate(REVEAL)

    def problems(self) -> list[str]:
        return (
            [f"console error: {text}" for text in self.console_errors]
            + [f"failed request: {text}" for text in self.failed_requests]
            + [f"request to another origin (blocked): {url}" for url in self.foreign_requests]
        )


@pytest.fixture(scope="session")
def contexts(browser, site):
    """One browser context per colour scheme, shared by the tests (a warm cache, like a reader's)."""
    made = {}

    def get(scheme: str, fresh: bool = False):
        if fresh or scheme not in made:
            context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 800})
            context.set_default_timeout(10_000)
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.origin)
            if fresh:
                return context
            made[scheme] = context
        return made[scheme]

    yield get
    for context in made.values():
        context.close()


def new_visit(context, site: Site) -> Visit:
    """A new tab in `context` that records console errors and failed requests. Requests to
    any origin but the site's are blocked and recorded, so a page that needs the network
    (web fonts, CDN, analytics) fails instead of hanging."""
    page = context.new_page()
    record = Visit(page, site)

    def route(route):
        if route.request.url.startswith(site.origin + "/"):
            route.continue_()
        else:
            record.foreign_requests.append(route.request.url)
            route.abort("blockedbyclient")

    page.route("**/*", route)
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and record.console_errors.append(f"{message.text} (at {message.location.get('url') or '?'})")
        ),
    )
    page.on("pageerror", lambda error: record.console_errors.append(f"uncaught {error}"))
    page.on(
        "requestfailed",
        lambda request: (
            request.url.startswith(site.origin + "/")
            and record.failed_requests.append(f"{request.url} ({request.failure})")
        ),
    )
    page.on(
        "response",
        lambda response: (
            response.status >= 400 and record.failed_requests.append(f"{response.url} (HTTP {response.status})")
        ),
    )
    return record


@pytest.fixture
def visit(contexts, site):
    """`visit("light")` or `visit("dark")`: a new tab (see new_visit), in a shared context
    unless `fresh=True` (a context of its own, for a test that changes stored preferences)."""
    opened = []

    def make(scheme: str = "light", fresh: bool = False) -> Visit:
        context = contexts(scheme, fresh)
        record = new_visit(context, site)
        opened.append(context if fresh else record.page)
        return record

    yield make
    for thing in opened:
        thing.close()


@dataclass
class Tour:
    """What one visit of a page found, in one colour scheme at one width: axe-core's
    violations as the page first loads and after scrolling through it all, then, with every
    collapsed block opened, what scrolls sideways."""

    url: str
    status: int
    rendered_scheme: str | None  # Material's data-md-color-scheme
    axe: dict[str, list[dict]]  # moment ("first-load", "scrolled") -> violations
    wide_blocks: list[str]  # code and output blocks that scroll sideways
    wide_others: list[str]  # anything else that does (the page itself included)


@pytest.fixture(scope="session")
def tour(contexts, site, axe_source):
    """`tour(page_url, scheme, width)`: the page visited once per scheme and width, however
    many tests read what the visit found (a page load and a scroll through a long page cost
    seconds; the checks, a few milliseconds)."""
    taken: dict[tuple, Tour] = {}

    def take(path: str, scheme: str, width: str) -> Tour:
        key = (path, scheme, width)
        if key not in taken:
            tab = new_visit(contexts(scheme), site)
            try:
                tab.page.set_viewport_size({"width": WIDTHS[width], "height": 900})
                response = tab.open(path)
                rendered = tab.page.locator("body").get_attribute("data-md-color-scheme")
                axe = {"first-load": axe_violations(tab.page, axe_source)}  # nothing scrolled or revealed yet
                tab.reveal_all()
                axe["scrolled"] = axe_violations(tab.page, axe_source)
                tab.page.evaluate(OPEN_DETAILS)  # so the code inside is measured too
                wide_blocks, wide_others = tab.page.evaluate(WIDE_BLOCKS), tab.page.evaluate(WIDE_OTHERS)
            finally:
                tab.page.close()
            taken[key] = Tour(site.url(path), response.status, rendered, axe, wide_blocks, wide_others)
        return taken[key]

    return take


# A browser test that hangs (a page that never settles, a script that never returns:
# Playwright's evaluate has no timeout of its own) fails after this long, naming the
# test, instead of stalling the whole run. The slowest test takes about 20 s here.
BROWSER_TEST_LIMIT_S = 180


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.timeout(BROWSER_TEST_LIMIT_S, func_only=True))  # not the site build


def pytest_generate_tests(metafunc):
    """`page_url` parametrizes a test over every page in mkdocs.yml's nav (read, not listed)."""
    if "page_url" in metafunc.fixturenames:
        pages = nav_pages()
        metafunc.parametrize("page_url", [url for _src, url in pages], ids=[src for src, _url in pages])
    if "notebook_url" in metafunc.fixturenames:
        notebooks = [(src, url) for src, url in nav_pages() if layout.is_notebook(src)]
        metafunc.parametrize("notebook_url", [url for _src, url in notebooks], ids=[src for src, _url in notebooks])
    if "scheme" in metafunc.fixturenames:
        metafunc.parametrize("scheme", list(SCHEMES))
