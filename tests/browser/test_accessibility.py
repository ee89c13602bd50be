"""axe-core finds nothing on any page, in either colour scheme, at desktop and phone
width, both as the page first loads (nothing scrolled, nothing revealed: what a
keyboard user meets first) and after scrolling through it all: WCAG 2.1 A and AA plus
axe's best practices. The stock theme's failures are fixed in overrides/ and
docs/stylesheets/extra.css; no rule is switched off here."""

import pytest

from tools.browser import SCHEMES, WIDTHS, axe_violations

MOMENTS = ["first-load", "scrolled"]


def report(violations, url, scheme, where="") -> str:
    lines = [f"{len(violations)} axe-core rule(s) violated on {url} in the {scheme} scheme{where}:"]
    for rule in violations:
        lines.append(f"- {rule['id']} ({rule['impact']}): {rule['help']} [{url}, {scheme}]")
        for node in rule["nodes"][:10]:
            lines.append(f"    {node['target']}  -- {node['summary']}")
        if len(rule["nodes"]) > 10:
            lines.append(f"    ... and {len(rule['nodes']) - 10} more elements")
    return "\n".join(lines)


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("width", WIDTHS)
def test_page_has_no_axe_violations(tour, page_url, scheme, width, moment):
    found = tour(page_url, scheme, width)
    assert found.status == 200, f"{found.url}: HTTP {found.status}"
    assert found.rendered_scheme == SCHEMES[scheme], (
        f"{found.url}: {scheme} preference rendered {found.rendered_scheme}"
    )
    violations = found.axe[moment]
    assert not violations, report(violations, found.url, scheme, f", {width} width, {moment}")


def test_404_page_has_no_axe_violations(visit, axe_source, scheme):
    tab = visit(scheme)
    response = tab.open("no/such/page/")
    assert response.status == 404, f"{tab.site.url('no/such/page/')}: HTTP {response.status}"
    tab.reveal_all()
    violations = axe_violations(tab.page, axe_source)
    assert not violations, report(violations, tab.site.url("no/such/page/"), scheme)


def test_search_results_have_no_axe_violations(visit, axe_source, scheme):
    """The search overlay, open with results, is checked too (it is hidden on page load)."""
    tab = visit(scheme)
    tab.open("?q=dropout")  # Material opens the search with this query
    tab.page.locator(".md-search-result__item").first.wait_for()
    tab.reveal_all()
    violations = axe_violations(tab.page, axe_source)
    assert not violations, report(violations, tab.site.url("?q=dropout"), scheme)
