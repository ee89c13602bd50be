"""The site builds under --strict, and the build is reproducible."""

import filecmp

from tools import ROOT, environment
from tools.build import build_site


def test_site_builds_strict(built_site):
    assert (built_site / "index.html").is_file()
    assert (built_site / "404.html").is_file()


def _files(site):
    return sorted(path.relative_to(site) for path in site.rglob("*") if path.is_file())


def test_two_builds_are_byte_identical(built_site, tmp_path):
    result = build_site(tmp_path / "again")
    assert result.returncode == 0, result.stderr
    first, second = _files(built_site), _files(tmp_path / "again")
    assert first == second, "the two builds produced different file lists"
    differing = [
        str(path) for path in first if not filecmp.cmp(built_site / path, tmp_path / "again" / path, shallow=False)
    ]
    assert not differing, "files that differ between two builds of the same commit:\n" + "\n".join(differing)


def test_every_page_states_the_versions_its_outputs_were_made_with(built_site):
    recorded = environment.recorded(ROOT / "snippets")
    statement = f"torch {recorded['torch']} on Python {recorded['python']}"
    pages = sorted(built_site.rglob("index.html"))
    missing = [str(page.relative_to(built_site)) for page in pages if statement not in page.read_text()]
    assert pages and not missing, f"pages without the line 'verified with {statement}': {missing}"
