"""What the built HTML promises, read without a browser (these run even where Chromium is missing):
link-preview tags, edit links that open the right source file, a 404 page that
links every page, and no third-party asset in any page."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from mkdocs.utils.meta import get_data

from tools import layout
from tools.browser import ROOT, nav_pages, site_config, site_prefix

CONFIG = site_config()
PAGES = nav_pages()


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def tags(html_file) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(html_file.read_text())
    return parser.tags


def html_file(site, url):
    return site / url / "index.html"


def meta(found, key, value):
    return [attrs.get("content") for tag, attrs in found if tag == "meta" and attrs.get(key) == value]


def expected_description(src: str) -> str:
    path = layout.docs_dir(ROOT) / src
    page_meta = get_data(path.read_text())[1] if path.suffix == ".md" else {}
    return " ".join((page_meta.get("description") or CONFIG["site_description"]).split())


@pytest.mark.parametrize(("src", "url"), PAGES, ids=[src for src, _url in PAGES])
def test_page_has_link_preview_tags(built_site, src, url):
    found = tags(html_file(built_site, url))
    description = expected_description(src)
    assert [" ".join(text.split()) for text in meta(found, "name", "description")] == [description]
    assert [" ".join(text.split()) for text in meta(found, "property", "og:description")] == [description]
    assert meta(found, "property", "og:url") == [CONFIG["site_url"] + url]
    (title,) = meta(found, "property", "og:title")
    assert title.strip(), "empty og:title"
    assert meta(found, "property", "og:site_name") == [CONFIG["site_name"]]


@pytest.mark.parametrize(("src", "url"), PAGES, ids=[src for src, _url in PAGES])
def test_edit_link_opens_the_source_file(built_site, src, url):
    """The pencil opens the file the page's words come from: the page's own source, or the
    file mkdocs.yml `extra.edit_source` names for it (contributing.md -> CONTRIBUTING.md)."""
    edits = [
        attrs["href"] for tag, attrs in tags(html_file(built_site, url)) if tag == "a" and attrs.get("rel") == "edit"
    ]
    assert len(edits) == 1, f"{url or 'home'}: {len(edits)} edit links"
    action, branch = CONFIG["edit_uri"].strip("/").split("/")[:2]
    edit_root = f"{CONFIG['repo_url'].rstrip('/')}/{action}/{branch}/"
    assert edits[0].startswith(edit_root), edits[0]
    target = edits[0][len(edit_root) :]
    expected = (CONFIG.get("extra", {}).get("edit_source") or {}).get(src) or f"docs/{src}"
    assert target == expected
    assert (ROOT / target).is_file(), f"the edit link opens {target}, which does not exist"


def test_edit_source_names_existing_pages_and_files():
    sources = {src for src, _url in PAGES}
    for page, target in (CONFIG.get("extra", {}).get("edit_source") or {}).items():
        assert page in sources, f"extra.edit_source: {page} is not a page in the nav"
        assert (ROOT / target).is_file(), f"extra.edit_source: {target} does not exist"


def test_404_page_links_every_page_and_is_not_indexed(built_site):
    found = tags(built_site / "404.html")
    hrefs = {attrs.get("href") for tag, attrs in found if tag == "a"}
    missing = [site_prefix() + url for _src, url in PAGES if site_prefix() + url not in hrefs]
    assert not missing, f"404.html does not link to {missing}"
    assert meta(found, "name", "robots") == ["noindex"]


def test_no_page_loads_third_party_assets(built_site):
    """Scripts, styles, images and fonts all come from the site itself (links to elsewhere are fine)."""
    offenders = []
    for page in sorted(built_site.rglob("*.html")):
        for tag, attrs in tags(page):
            if tag == "a":
                continue
            for name in ("src", "href"):
                if tag == "link" and attrs.get("rel") in ("canonical", "prev", "next", "alternate"):
                    continue
                value = attrs.get(name, "")
                if urlsplit(value).netloc:
                    offenders.append(f"{page.relative_to(built_site)}: <{tag} {name}={value!r}>")
    assert not offenders, "\n".join(offenders)
