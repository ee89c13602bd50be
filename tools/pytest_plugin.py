"""Pytest plugin: the --update-outputs option, the guard that keeps torch state from leaking, and the
summary a run ends with (what changed, what to run)."""

import sys
from pathlib import Path

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
        # It stops endless loops, not slow machines: the multi-process snippets import
        # torch in each child, which took over 30 s on a loaded 2-core machine.
        default=120.0,
        help="seconds a snippet may run before it is stopped (default 120)",
    )


def pytest_collection_finish(session):
    """Start the two snippet fork servers only when a snippet test was collected (not for `pytest tests/test_lint.py`).

    They start here, before the first test, so their torch imports overlap the tests that run first;
    for a whole suite they also preload what optimizer.step() and compile import lazily.
    """
    snippets = sum(item.get_closest_marker("snippet") is not None for item in session.items)
    if snippets and not session.config.option.collectonly:
        from tools.snippet_runner import servers

        for server in servers():
            if snippets >= 10:
                server.warm()


# Failures of snippets and notebooks, as (kind, unit), for the summary at the end of the run.
FAILED_UNITS = pytest.StashKey[list]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # UnitFailure (tools/unit_check.py) carries `kind` and `unit` (read by name: no import of the harness here).
    error = call.excinfo.value if call.excinfo else None
    if report.failed and getattr(error, "unit", None):
        item.config.stash.setdefault(FAILED_UNITS, []).append((error.kind, error.unit))
        # The message names the file, the line and the fix; the harness's own frames would only bury it.
        report.longrepr = f"{type(error).__name__}: {error}"
    return report


def pytest_terminal_summary(terminalreporter, config):
    failed = config.stash.get(FAILED_UNITS, [])
    if not failed:
        return
    from tools import ROOT

    terminalreporter.write_sep("=", "snippets and notebooks: what to do")
    for line in summary_lines(ROOT, failed):
        terminalreporter.write_line(line)


def summary_lines(root, failed: list[tuple[str, str]]) -> list[str]:
    """What failed, by what fixes it, the pages that show it, and the commands to run."""
    from tools import environment, layout
    from tools.pages import includes

    by_kind: dict[str, list[str]] = {}
    for kind, unit in failed:
        # Raised, wrote to stderr, unstable, timed out, the file's shape: each is fixed in the unit itself.
        kind = kind if kind in ("output", "claim", "record") else "error"
        by_kind.setdefault(kind, [])
        if unit not in by_kind[kind]:
            by_kind[kind].append(unit)
    lines = []
    for kind, title in (
        ("output", "Outputs changed"),
        ("claim", "Claims failed"),
        ("record", "Record not up to date"),
        ("error", "Other failures"),
    ):
        if by_kind.get(kind):
            lines.append(f"{title} ({len(by_kind[kind])}): {', '.join(by_kind[kind])}")
    units = {unit for _, unit in failed}
    shown = {unit: layout.shown_files(unit) for unit in units}
    pages = sorted(
        {
            str(page.relative_to(root))
            for page in layout.page_files(root)
            for include in includes(page)
            for unit in units
            if include.file in shown[unit]
        }
        | {unit for unit in units if layout.is_notebook(unit)}
    )
    lines.append(f"Pages affected: {', '.join(pages) or 'none'}")
    release = environment.running()
    try:
        pin = environment.pinned(root)
        lines.append(f"This run: {release}" + ("" if pin == release else f"; the pinned release is {pin}") + ".")
    except (OSError, KeyError, ValueError):
        lines.append(f"This run: {release}.")

    def selection(kinds):
        stems = sorted({Path(unit).stem for kind, unit in failed if kind in kinds})
        return '"' + " or ".join(stems) + '"' if stems else None

    refresh = selection({"output", "record"})
    if refresh:
        lines.append(f"Refresh, after reviewing each diff above: pytest --update-outputs -k {refresh}")
    broken = sorted({Path(unit).stem for kind, unit in failed if kind not in ("output", "record")})
    broken = '"' + " or ".join(broken) + '"' if broken else None
    if broken:
        lines.append(
            f"A failed claim or error is fixed in the snippet (and its page), not by a refresh: "
            f"fix it, then pytest -k {broken}"
        )
    return lines


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
