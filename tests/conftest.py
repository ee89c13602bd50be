import pytest

from tools.build import build_site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The site built once per test session, for every test that reads it."""
    site = tmp_path_factory.mktemp("site")
    result = build_site(site)
    if result.returncode:
        pytest.fail(
            f"mkdocs build --strict failed:\n{result.stdout}{result.stderr}\n"
            "Each WARNING or ERROR above names its file under docs/. A broken link or anchor: fix the target; "
            "a page missing from nav: add it to `nav` in mkdocs.yml; a missing include: fix the --8<-- path. "
            "Rebuild with `NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict`.",
            pytrace=False,
        )
    return site
