"""Pytest plugin: the --update-outputs option and the guard that keeps torch state from leaking."""

import pytest

from tools import torch_state


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


@pytest.fixture(autouse=True)
def isolated_torch_state():
    """Every test, Markdown fences included, starts from the same torch settings and RNG state."""
    before = torch_state.snapshot()
    yield
    torch_state.restore(before)
