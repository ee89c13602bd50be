"""Pytest plugin: the --update-outputs option and the guard that keeps torch state from leaking."""

import sys

import pytest


def pytest_addoption(parser):
    group = parser.getgroup("train-eval docs")
    group.addoption(
        "--update-outputs",
        action="store_true",
        help="rewrite stored snippet and notebook outputs from what the code prints now",
    )
    group.addoption(
        "--snippet-timeout",
        type=float,
        default=30.0,
        help="seconds a snippet may run before it is stopped (default 30)",
    )


def pytest_collection(session):
    """Start the snippet fork servers before collecting: their torch import overlaps collection."""
    if not session.config.option.collectonly:
        from tools.snippet_runner import servers

        servers()


def pytest_collection_finish(session):
    """For a whole suite, let the servers preload what optimizer.step() and compile import lazily."""
    snippets = sum("test_snippets.py::test_snippet[" in item.nodeid for item in session.items)
    if snippets >= 10:
        from tools.snippet_runner import servers

        for server in servers():
            server.warm()


def pytest_sessionfinish(session):
    """After a refresh that rewrote snippet outputs, record the versions they were made with (once)."""
    refreshed = any("test_snippets.py::test_snippet[" in item.nodeid for item in session.items)
    if session.config.getoption("--update-outputs") and refreshed:
        from tools import ROOT, environment

        environment.record(ROOT / "snippets")


@pytest.fixture(autouse=True)
def isolated_torch_state(request):
    """Every Markdown fence (and every test run after torch is loaded) starts from the same torch state.

    Tests that never touch torch in-process skip this, so checking one snippet
    does not pay for importing torch in the pytest process.
    """
    if not request.node.get_closest_marker("markdown-docs") and "torch" not in sys.modules:
        yield
        return
    from tools import torch_state

    before = torch_state.snapshot()
    yield
    torch_state.restore(before)
