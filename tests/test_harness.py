"""The harness itself: a refresh then a check passes, snippets and page fences cannot leak torch state
into each other, and the build refuses broken links and pages missing from nav.

Each kind of bad input a checker refuses, with the message it must give, is in
tests/test_checkers_can_fail.py (one table, every checker). Every fixture is
built in a temporary folder, never in the real tree.
"""

import os
import signal
import subprocess
from pathlib import Path

import pytest
import yaml
from snippet_files import snippet, write

from tools import ROOT, layout
from tools.build import build_site
from tools.snippet_runner import run_snippet
from tools.verify import check_snippet


@pytest.fixture
def tree(tmp_path):
    """A throwaway project with a snippets/ folder."""
    (tmp_path / "snippets").mkdir()
    return tmp_path


def test_refresh_writes_output_and_check_then_passes(tree):
    path = snippet(tree, "good", "import torch\ntorch.manual_seed(0)\nprint(round(torch.rand(1).item(), 4))\n")
    printed = check_snippet(path, update=True)
    assert layout.output_path(path).read_text() == printed
    assert check_snippet(path) == printed


def test_snippets_cannot_change_each_others_torch_state(tree):
    polluter = snippet(
        tree,
        "polluter",
        "import torch\ntorch.set_grad_enabled(False)\ntorch.set_default_dtype(torch.float64)\n"
        "torch.set_num_threads(1)\ntorch.use_deterministic_algorithms(True)\ntorch.manual_seed(123)\n",
    )
    probe = snippet(
        tree,
        "probe",
        "import torch\nprint(torch.is_grad_enabled(), torch.get_default_dtype(), "
        "torch.are_deterministic_algorithms_enabled(), torch.get_num_threads())\n",
    )
    fresh = run_snippet(probe)
    assert run_snippet(polluter).ok
    after = run_snippet(probe)
    assert fresh.ok and fresh.stdout.startswith("True torch.float32 False")
    assert after.stdout == fresh.stdout


def test_no_process_a_snippet_starts_outlives_it(tmp_path):
    """A process a snippet starts and leaves running (a gloo rank, a Manager) is stopped with it,
    so a run leaves nothing behind. The marker names the sleeper uniquely among the machine's processes."""
    marker = f"outlives-{os.getpid()}-{tmp_path.name}"
    probe = write(
        tmp_path / "leaves_a_process.py",
        f"import subprocess, sys\nsubprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)', {marker!r}])\n",
    )
    assert run_snippet(probe).exitcode == 0
    left = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True).stdout.split()
    for pid in left:  # so that a failure leaves nothing either
        os.kill(int(pid), signal.SIGKILL)
    assert not left, f"the snippet's child process {left} kept running after the snippet ended"


def test_python_fences_in_a_page_are_run_without_leaking_torch_state(pytester, monkeypatch):
    """Two pages: the first changes torch's global settings, the second expects the defaults."""
    # In subprocesses: an in-process run drops the modules it imported from sys.modules afterwards
    # (numpy.random, among others), and a later test that loads those C extensions again (the
    # catalogue's scan of torch) then crashes the whole run.
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makefile(
        ".md",
        a_polluter="```python\nimport torch\ntorch.set_grad_enabled(False)\n"
        "torch.set_default_dtype(torch.float64)\ntorch.manual_seed(7)\n```\n",
        b_probe="```python\nimport torch\nassert torch.is_grad_enabled()\n"
        "assert torch.get_default_dtype() is torch.float32\n```\n",
    )
    isolated = pytester.runpytest_subprocess(
        "-p", "pytest_markdown_docs", "-p", "tools.pytest_plugin", "-p", "no:cacheprovider", "--markdown-docs"
    )
    isolated.assert_outcomes(passed=2)
    # Without the guard the probe fails: the check above can fail.
    leaky = pytester.runpytest_subprocess("-p", "pytest_markdown_docs", "-p", "no:cacheprovider", "--markdown-docs")
    leaky.assert_outcomes(passed=1, failed=1)


def _mini_site(tree: Path, page_text: str) -> Path:
    """A minimal site with the real mkdocs.yml's validation settings."""
    real = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    config = {
        "site_name": "fixture",
        "validation": real["validation"],
        "markdown_extensions": ["toc"],
        "nav": ["index.md", "other.md"],
    }
    write(tree / "docs" / "index.md", page_text)
    write(tree / "docs" / "other.md", "# Other\n\n## Real heading\n")
    (tree / "mkdocs.yml").write_text(yaml.safe_dump(config))
    return tree / "mkdocs.yml"


@pytest.mark.parametrize(
    ("link", "complaint"),
    [
        ("missing.md", "contains a link 'missing.md', but the target is not found"),
        ("other.md#no-such-heading", "does not contain an anchor '#no-such-heading'"),
    ],
)
def test_broken_link_or_anchor_fails_the_build_naming_the_page(tree, link, complaint):
    config = _mini_site(tree, f"# Home\n\nSee [there]({link}).\n")
    result = build_site(tree / "site", config)
    assert result.returncode != 0
    assert "Doc file 'index.md'" in result.stderr and complaint in result.stderr


def test_page_missing_from_nav_fails_the_build(tree):
    config = _mini_site(tree, "# Home\n")
    write(tree / "docs" / "forgotten.md", "# Forgotten\n")
    result = build_site(tree / "site", config)
    assert result.returncode != 0 and "forgotten.md" in result.stderr
