"""axe-core finds nothing on any page, in either colour scheme, at desktop and phone
width, both as the page first loads (nothing scrolled, nothing revealed: what a
keyboard user meets first) and after scrolling through it all: WCAG 2.1 A and AA plus
axe's best practices. The stock theme's failures are fixed in overrides/ and
docs/stylesheets/extra.css; no rule is switched off here."""

import pytest
from browser_support import SCHEMES

WIDTHS = {"desktop": 1280, "phone": 390}
MOMENTS = ["first-load", "scrolled"]

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

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


def axe_violations(tab, axe_source, moment="scrolled") -> list[dict]:
    if moment == "scrolled":
        tab.reveal_all()  # the whole page, not just what a fresh load has rendered so far
    tab.page.add_script_tag(content=axe_source)
    return tab.page.evaluate(RUN_AXE, TAGS)


def report(violations, url, scheme, where="") -> str:
    lines = [f"{len(violations)} axe-core rule(s) violated on {url} in the {scheme} scheme{where}:"]
    for rule in violations:
        lines.append(f"- {rule['id']} ({rule['impact']}): {rule['help']} [{url}, {scheme}]")
        for node in rule["nodes"][:10]:
            lines.append(f"    {node['target']}  -- {node['summary']}")
        if len(rule["nodes"]) > 10:
            lines.append(f"    ... and {len(rule['nodes']) - 10} more elements")
    return "\n".join(lines)


def check(tab, path, scheme, axe_source, status=200, width="desktop", moment="scrolled"):
    tab.page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    response = tab.open(path)
    assert response.status == status, f"{tab.site.url(path)}: HTTP {response.status}"
    body_scheme = tab.page.locator("body").get_attribute("data-md-color-scheme")
    assert body_scheme == SCHEMES[scheme], f"{tab.site.url(path)}: {scheme} preference rendered {body_scheme}"
    violations = axe_violations(tab, axe_source, moment)
    assert not violations, report(violations, tab.site.url(path), scheme, f", {width} width, {moment}")


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("width", WIDTHS)
def test_page_has_no_axe_violations(visit, axe_source, page_url, scheme, width, moment):
    check(visit(scheme), page_url, scheme, axe_source, width=width, moment=moment)


def test_404_page_has_no_axe_violations(visit, axe_source, scheme):
    check(visit(scheme), "no/such/page/", scheme, axe_source, status=404)


def test_search_results_have_no_axe_violations(visit, axe_source, scheme):
    """The search overlay, open with results, is checked too (it is hidden on page load)."""
    tab = visit(scheme)
    tab.open("?q=dropout")  # Material opens the search with this query
    tab.page.locator(".md-search-result__item").first.wait_for()
    violations = axe_violations(tab, axe_source)
    assert not violations, report(violations, tab.site.url("?q=dropout"), scheme)
