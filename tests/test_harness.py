"""The harness itself: each kind of bad input fails with a message naming the file, the line and the fix.

Every fixture is built in a temporary folder, never in the real tree.
"""

from pathlib import Path

import pytest
import yaml
from snippet_files import CLAIM, snippet, write

from tools import ROOT
from tools.build import build_site
from tools.pages import fence_problem, fences, include_problem, includes, snippet_block_problems, unshown_snippet_files
from tools.snippet_runner import run_snippet
from tools.verify import SnippetFailure, check_snippet, orphan_outputs


@pytest.fixture
def tree(tmp_path):
    """A throwaway project with a snippets/ folder."""
    (tmp_path / "snippets").mkdir()
    return tmp_path


def failure_of(path: Path, **options) -> str:
    with pytest.raises(SnippetFailure) as caught:
        check_snippet(path, **options)
    return str(caught.value)


def test_syntax_error_names_file_and_line(tree):
    path = snippet(tree, "broken", "x = 1\nprint(x +)\n")
    message = failure_of(path)
    assert f"{path}:4: syntax error" in message
    assert "pytest -k broken" in message


def test_failed_assert_names_file_and_line_and_shows_what_was_printed(tree):
    path = snippet(
        tree,
        "raises",
        "import torch\nprint('one is', torch.ones(1).item())\n",
        "assert torch.ones(1).item() == 2, 'claim broken'\n",
    )
    message = failure_of(path, update=True)
    assert (
        f"{path}:7: the claim no longer holds: an assert in its [check] section failed: AssertionError: claim broken"
        in message
    )
    assert "It printed, up to there:\n    one is 1.0\n" in message
    assert "pytest -k raises" in message
    assert "fork_server" not in message, "the harness's own frames are noise"


def test_exception_before_the_checks_reads_differently(tree):
    path = snippet(tree, "typo", "import torch\nprint(torch.onez(1))\n")
    message = failure_of(path, update=True)
    assert f"{path}:4: the snippet raised before its checks: AttributeError" in message


def test_endless_snippet_is_stopped_and_named(tree):
    path = snippet(tree, "endless", "while True:\n    pass\n")
    message = failure_of(path, timeout=1.0)
    assert f"{path}: did not finish within 1 s and was stopped" in message


def test_missing_claim_is_named(tree):
    path = write(tree / "snippets" / "page" / "no_claim.py", "print('hi')\n")
    assert f"{path}:1: the snippet does not state its claim" in failure_of(path)


SHOW, CHECK = "# --8<-- [start:show]\n{}# --8<-- [end:show]\n", "# --8<-- [start:check]\n{}# --8<-- [end:check]\n"
WIDE = "x = " + "1 + " * 20 + "1\nprint(x)\n"


@pytest.mark.parametrize(
    ("name", "text", "line", "complaint"),
    [
        ("no_show", f'"""{CLAIM}"""\nprint(1)\n' + CHECK.format("assert True\n"), 1, "no [show] section"),
        ("no_check", f'"""{CLAIM}"""\n' + SHOW.format("print(1)\n"), 1, "no [check] section"),
        ("unclosed", f'"""{CLAIM}"""\n# --8<-- [start:show]\nprint(1)\n', 2, "[start:show] is never closed"),
        (
            "check_first",
            f'"""{CLAIM}"""\n' + CHECK.format("assert True\n") + SHOW.format("print(1)\n"),
            2,
            "the [check] section must come after the [show] section",
        ),
        (
            "outside",
            f'"""{CLAIM}"""\nimport torch\n' + SHOW.format("print(1)\n") + CHECK.format("assert True\n"),
            2,
            "code outside the [show] and [check] sections",
        ),
        (
            "assert_shown",
            f'"""{CLAIM}"""\n' + SHOW.format("assert 1 == 1\nprint(1)\n") + CHECK.format("assert True\n"),
            3,
            "an assert in the [show] section",
        ),
        (
            "print_checked",
            f'"""{CLAIM}"""\n' + SHOW.format("print(1)\n") + CHECK.format("assert True\nprint(2)\n"),
            7,
            "a print in the [check] section",
        ),
        (
            "asserts_nothing",
            f'"""{CLAIM}"""\n' + SHOW.format("print(1)\n") + CHECK.format("x = 1\n"),
            6,
            "the [check] section asserts nothing",
        ),
        (
            "too_wide",
            f'"""{CLAIM}"""\n' + SHOW.format(WIDE) + CHECK.format("assert True\n"),
            3,
            "a shown line of 85 columns",
        ),
        (
            "too_long",
            f'"""{CLAIM}"""\n' + SHOW.format("print(1)\n" * 31) + CHECK.format("assert True\n"),
            3,
            "the [show] section has 31 lines",
        ),
        (
            "long_claim",
            '"""' + "A claim that goes on " * 6 + '."""\n' + SHOW.format("print(1)\n") + CHECK.format("assert True\n"),
            1,
            "the claim is 127 characters",
        ),
        (
            "quoted_claim",
            '"""Dropout ignores the "eval" string here."""\n'
            + SHOW.format("print(1)\n")
            + CHECK.format("assert True\n"),
            1,
            "the claim contains a double quote",
        ),
    ],
)
def test_snippet_of_the_wrong_shape_is_named(tree, name, text, line, complaint):
    path = write(tree / "snippets" / "page" / f"{name}.py", text)
    message = failure_of(path, update=True)
    assert message.startswith(f"{path}:{line}: "), message
    assert complaint in message
    assert "snippets/contributing/template.py" in message, "the message points to the shape to copy"
    assert not path.with_suffix(".out").exists()


def test_output_too_wide_for_the_page_is_named_and_not_stored(tree):
    path = snippet(tree, "wide_output", "print('x' * 81)\n")
    message = failure_of(path, update=True)
    assert f"{path.with_suffix('.out')}:1: an output line of 81 columns" in message
    assert not path.with_suffix(".out").exists()


def test_check_section_that_writes_output_is_caught(tree):
    """Output the reader sees must come from the shown code: the [show] section runs alone too."""
    path = snippet(tree, "sneaky", "print('shown')\n", "import sys\n\nsys.stdout.write('hidden\\n')\nassert True\n")
    message = failure_of(path, update=True)
    assert f"{path}: prints different output on two runs (the whole script, and its [show] section alone" in message
    assert "-hidden" in message


def test_stderr_output_fails(tree):
    path = snippet(tree, "warns", "import warnings\nprint('x')\nwarnings.warn('careful')\n")
    message = failure_of(path, update=True)
    assert f"{path}: wrote to stderr" in message and "careful" in message


def test_stale_output_shows_a_diff_and_the_refresh_command(tree):
    path = snippet(tree, "stale", "print('value: 2')\n")
    path.with_suffix(".out").write_text("value: 1\n")
    message = failure_of(path)
    assert f"{path.with_suffix('.out')}: stored output differs" in message
    assert "-value: 1\n+value: 2" in message
    assert "pytest --update-outputs -k stale" in message


def test_missing_output_names_the_command(tree):
    path = snippet(tree, "never_recorded", "print('x')\n")
    message = failure_of(path)
    assert f"{path}: has no stored output (never_recorded.out)" in message
    assert "pytest --update-outputs -k never_recorded" in message


@pytest.mark.parametrize(
    ("name", "body", "changing"),
    [
        ("unseeded", "import torch\nprint('sample:', torch.rand(1).item())\n", "sample:"),
        ("address", "print('object at', hex(id(object())))\n", "object at"),
        ("set_order", "print('names:', {'dropout', 'batchnorm', 'linear', 'rrelu', 'lstm'})\n", "names:"),
    ],
)
def test_output_that_changes_between_runs_is_caught(tree, name, body, changing):
    path = snippet(tree, name, body)
    message = failure_of(path, update=True)
    assert f"{path}: prints different output on two runs" in message
    assert f"-{changing}" in message and f"+{changing}" in message
    assert not path.with_suffix(".out").exists(), "a nondeterministic output must not be stored"


def test_refresh_writes_output_and_check_then_passes(tree):
    path = snippet(tree, "good", "import torch\ntorch.manual_seed(0)\nprint(round(torch.rand(1).item(), 4))\n")
    printed = check_snippet(path, update=True)
    assert path.with_suffix(".out").read_text() == printed
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


def test_orphan_output_is_named(tree):
    write(tree / "snippets" / "page" / "gone.out", "x\n")
    assert any("gone.out: stored output with no snippet gone.py" in p for p in orphan_outputs(tree / "snippets"))


def test_missing_include_is_named_with_its_line(tree):
    page = write(tree / "docs" / "page.md", '# Page\n\n``` {.text}\n--8<-- "snippets/page/nope.out"\n```\n')
    [include] = includes(page)
    assert include_problem(include, tree) == (
        f'{page}:4: --8<-- "snippets/page/nope.out": no file snippets/page/nope.out. '
        "Fix the path (relative to the repository root)."
    )


def test_missing_section_is_named(tree):
    snippet(tree, "sectioned", "x = 1\n")
    page = write(tree / "docs" / "page.md", '--8<-- "snippets/page/sectioned.py:teardown"\n')
    [include] = includes(page)
    assert 'has no section "teardown"' in include_problem(include, tree)


BLOCK = (
    '``` {{.python notest title="{title}"}}\n--8<-- "snippets/page/shown.py:show"\n```\n\n'
    '``` {{.text title="Output"}}\n--8<-- "snippets/page/shown.out"\n```\n\n'
    '??? success "What the tests check"\n\n    ``` {{.python notest}}\n    --8<-- "snippets/page/shown.py:check"\n    ```\n'
)


@pytest.mark.parametrize(
    ("page_text", "complaint"),
    [
        (BLOCK.format(title=CLAIM), None),
        (BLOCK.format(title="Some other words."), f'must be captioned with its claim: title="{CLAIM}"'),
        (
            BLOCK.format(title=CLAIM).replace('"snippets/page/shown.out"', '"snippets/page/other.out"'),
            'without --8<-- "snippets/page/shown.out"',
        ),
        (
            BLOCK.format(title=CLAIM).split("???")[0],
            'without --8<-- "snippets/page/shown.py:check"',
        ),
        ('``` {.python notest}\n--8<-- "snippets/page/shown.py"\n```\n', "shows the whole script"),
    ],
)
def test_snippet_block_on_a_page(tree, page_text, complaint):
    snippet(tree, "shown", "print(1)\n")
    page = write(tree / "docs" / "page.md", page_text)
    problems = snippet_block_problems(page, tree)
    if complaint is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problems[0].startswith(f"{page}:") and complaint in problems[0], problems


def test_unshown_snippet_is_named(tree):
    snippet(tree, "lonely", "print(1)\n")
    write(tree / "docs" / "page.md", "# Nothing included\n")
    assert any("snippets/page/lonely.py: no page includes it" in p for p in unshown_snippet_files(tree))


@pytest.mark.parametrize("container", ['!!! note "A note"', '=== "A tab"'])
def test_python_fence_that_would_be_skipped_is_named(tree, container):
    page = write(tree / "docs" / "page.md", f"# Page\n\n{container}\n\n    ```python\n    assert False\n    ```\n")
    problems = [p for fence in fences(page) if (p := fence_problem(fence))]
    assert problems == [
        f"{page}:5: this python fence is inside an admonition or tab, where pytest-markdown-docs does not "
        "collect it, so it would never run. Move it to the top level of the page, or put the code in a "
        "snippet and include it with a `{.python notest}` fence."
    ]


def test_notest_fence_may_hold_only_includes(tree):
    page = write(tree / "docs" / "page.md", "``` {.python notest}\nprint('untested')\n```\n")
    [problem] = [p for fence in fences(page) if (p := fence_problem(fence))]
    assert problem.startswith(f"{page}:1: a `notest` python fence may only include snippet files")


def test_python_fences_in_a_page_are_run_without_leaking_torch_state(pytester):
    """Two pages: the first changes torch's global settings, the second expects the defaults."""
    # Load torch out here: the in-process run restores sys.modules afterwards,
    # and torch's C extension cannot be loaded a second time.
    import torch  # noqa: F401

    pytester.makefile(
        ".md",
        a_polluter="```python\nimport torch\ntorch.set_grad_enabled(False)\n"
        "torch.set_default_dtype(torch.float64)\ntorch.manual_seed(7)\n```\n",
        b_probe="```python\nimport torch\nassert torch.is_grad_enabled()\n"
        "assert torch.get_default_dtype() is torch.float32\n```\n",
    )
    isolated = pytester.runpytest_inprocess(
        "-p", "pytest_markdown_docs", "-p", "tools.pytest_plugin", "--markdown-docs"
    )
    isolated.assert_outcomes(passed=2)
    # Without the guard the probe fails: the check above can fail.
    leaky = pytester.runpytest_inprocess("-p", "pytest_markdown_docs", "--markdown-docs")
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


def test_notebook_cell_that_raises_is_named(tree):
    import nbformat

    from tools.notebooks import NotebookFailure, check_notebook

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("print('fine')"),
        nbformat.v4.new_code_cell("assert 1 + 1 == 3, 'arithmetic changed'"),
    ]
    path = tree / "docs" / "broken.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(notebook, str(path))
    with pytest.raises(NotebookFailure) as caught:
        check_notebook(path, name="docs/broken.ipynb")
    message = str(caught.value)
    assert message.startswith("docs/broken.ipynb cell 2: AssertionError: arithmetic changed")
    assert "pytest --update-outputs -k broken" in message
