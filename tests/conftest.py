import pytest

from tools.build import build_site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The site built once per test session, for every test that reads it."""
    site = tmp_path_factory.mktemp("site")
    result = build_site(site)
    if result.returncode:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}{result.stderr}", pytrace=False)
    return site
