"""Serve a built site on 127.0.0.1 the way GitHub Pages does.

The site lives under site_url's path (``/train-eval/``), a folder URL without
its slash redirects to it, a missing file gets ``404.html`` with status 404,
and, when asked, text responses are gzip-compressed for clients that accept it.
Used by the browser tests and by ``benchmarks/lighthouse.py``.
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

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


@contextmanager
def serve(site: Path, prefix: str = "/", compress: bool = False) -> Iterator[str]:
    """Serve `site` under `prefix` on a free port; yields the site's base URL (ending in /)."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler = type(
        "SiteHandler",
        (_SiteHandler,),
        {"site": site.resolve(), "prefix": prefix, "compress": compress, "_gzipped": {}},
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
