"""What the browser tests (tests/browser) and benchmarks/lighthouse.py share.

- `nav_pages()`: the site's pages, read from mkdocs.yml's nav (never a hand-kept list).
- `serve()`: a built site on 127.0.0.1 the way GitHub Pages serves it: under
  site_url's path (``/train-eval/``), a folder URL without its slash redirected
  to it, a missing file answered with ``404.html`` and status 404, and, when
  asked, text responses gzip-compressed for clients that accept it.
- `find_chromium()` and the launch flags measured to work on these machines.
"""

from __future__ import annotations

import gzip
import mimetypes
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.utils import yaml_load

from tools import ROOT

CONFIG = ROOT / "mkdocs.yml"

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHROMIUM_HINT = "apt-get install chromium"
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's data-md-color-scheme
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


# What the accessibility and layout checks run in a page (tests/browser/conftest.py's tour).

WIDTHS = {"desktop": 1280, "phone": 390}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]  # WCAG 2.1 A/AA and best practices
RUN_AXE = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
    return result.violations.map((rule) => ({
        id: rule.id,
        impact: rule.impact,
        help: rule.help,
        nodes: rule.nodes.map((node) => ({
            target: node.target.map(String).join(" "),
            summary: node.failureSummary.split("\\n").slice(1, 2).join("").trim(),
        })),
    }));
}"""


def axe_violations(page, axe_source: str) -> list[dict]:
    """axe-core's violations on the page as it is now (axe is injected once per page)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    return page.evaluate(RUN_AXE, AXE_TAGS)


OPEN_DETAILS = "document.querySelectorAll('article details').forEach((d) => { d.open = true; })"

# Every block that scrolls sideways: code (Material scrolls the <code> inside <pre>) and
# notebook cells, named by the caption of its block, else its first line.
WIDE_BLOCKS = """() => [...document.querySelectorAll(
        "article pre > code, .jupyter-wrapper .highlight > pre, .jupyter-wrapper .jp-OutputArea-output pre")]
    .filter((block) => block.scrollWidth > block.clientWidth + 1)
    .map((block) => {
        const caption = block.closest(".highlight")?.querySelector(".filename");
        // textContent: innerText is empty for a block the browser has not rendered yet (content-visibility).
        const first = block.textContent.trim().split("\\n")[0];
        return `${caption ? caption.textContent : first.slice(0, 70)} (${block.scrollWidth} px in ${block.clientWidth} px)`;
    })"""

# Anything else that scrolls sideways: the page itself, or any element that is not a code block.
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
                + element.textContent.trim().slice(0, 60));
        }
    }
    return found;
}"""


def find_chromium() -> str | None:
    """$CHROMIUM_PATH if set (and only it), else Debian's /usr/bin/chromium, else `chromium` on PATH."""
    override = os.environ.get("CHROMIUM_PATH")
    candidates = [override] if override else ["/usr/bin/chromium", shutil.which("chromium")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def site_config(config: Path = CONFIG) -> dict:
    with config.open() as file:
        return yaml_load(file)


def _page_url(src: str) -> str:
    """The URL (relative to the site root) MkDocs gives a page, with use_directory_urls."""
    path = Path(src).with_suffix("")
    if path.name in ("index", "README"):
        path = path.parent
    return "" if str(path) == "." else f"{path.as_posix()}/"


def _walk(nav) -> Iterator[tuple[str, str]]:
    for item in nav:
        if isinstance(item, str):
            yield "", item
            continue
        for title, value in item.items():
            if isinstance(value, list):
                yield from _walk(value)
            elif "://" not in value:  # an external link is not a page of this site
                yield title, value


def nav_pages(config: Path = CONFIG) -> list[tuple[str, str]]:
    """Every page in the nav as (source path under docs/, URL relative to the site root)."""
    return [(src, _page_url(src)) for _title, src in _walk(site_config(config)["nav"])]


def site_prefix(config: Path = CONFIG) -> str:
    """The path the site is published under (site_url's path), e.g. /train-eval/."""
    return urlsplit(site_config(config).get("site_url") or "/").path or "/"


COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
TYPES = {".ipynb": "application/x-ipynb+json", ".js": "application/javascript", ".mjs": "application/javascript"}


class _SiteHandler(BaseHTTPRequestHandler):
    site: Path
    prefix: str
    compress: bool
    _gzipped: dict[Path, bytes]

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass  # quiet: test output and benchmark tables stay readable

    def _serve(self, send_body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        if path + "/" == self.prefix or (path.startswith(self.prefix) and self._is_folder(path)):
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        file, status = self._resolve(path), 200
        if file is None:
            file, status = self.site / "404.html", 404
        body = file.read_bytes()
        ctype = TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        self.send_response(status)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        if self.compress and ctype.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
            if file not in self._gzipped:
                self._gzipped[file] = gzip.compress(body, compresslevel=6, mtime=0)
            body = self._gzipped[file]
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _local(self, path: str) -> Path | None:
        if not path.startswith(self.prefix):
            return None
        local = (self.site / path[len(self.prefix) :]).resolve()
        return local if local.is_relative_to(self.site) else None

    def _is_folder(self, path: str) -> bool:
        local = self._local(path)
        return not path.endswith("/") and local is not None and local.is_dir()

    def _resolve(self, path: str) -> Path | None:
        local = self._local(path)
        if local is not None and local.is_dir():
            local = local / "index.html"
        return local if local is not None and local.is_file() else None


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a tab closed mid-download: not news
            super().handle_error(request, client_address)


@contextmanager
def serve(site: Path, prefix: str = "/", compress: bool = False) -> Iterator[str]:
    """Serve `site` under `prefix` on a free port; yields the site's base URL (ending in /)."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler = type(
        "SiteHandler",
        (_SiteHandler,),
        {"site": site.resolve(), "prefix": prefix, "compress": compress, "_gzipped": {}},
    )
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
