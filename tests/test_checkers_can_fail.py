"""Every checker can fail: for each, broken fixtures and the message each must give.

The table is CASES. Each row is a function decorated with `@case(checker)`: it
builds one broken fixture in a throwaway folder, runs the check the way the
tests run it (through `check_snippet`, `check_notebook` or the page checks,
so the row also proves the checker is wired in), and returns the message with
the fragments it must contain: the file (and line) it names, and the fix.

A checker is any function tools/checkers.py finds: decorated with `@checker`,
or named `*_problem`, `*_problems`, `problems`, `broken_*`.
test_every_checker_has_a_failing_case fails when one has no row here, and
`.venv/bin/python -m tools.mutate_checkers` replaces each checker in turn with
one that reports nothing and shows that these tests then fail.

| Checker | What it refuses |
| --- | --- |
| tools.unit_check.* | a snippet or notebook (cell) that times out, raises or fails an assert, writes to stderr, prints differently on its two runs (whole script vs [show] alone; two kernels), has no stored output, or differs from it |
| tools.verify.* | a snippet that prints nothing; stored outputs with no snippet |
| tools.snippet_sections.* | a snippet of the wrong shape: no claim, sections out of order, code outside them, shown lines too wide or too many, asserts in [show], prints in [check], no assert that runs and can fail; output lines too wide |
| tools.pages.* | includes that do not resolve, python fences that would never run, snippet files no page shows, snippet blocks without caption/output/checks, outputs typed into a page or borrowed from another snippet, links, anchors and images that do not resolve |
| tools.notebooks.* | a notebook whose outputs differ from a fresh run or are missing (cell by cell), not in normal form; links to notebook headings that do not exist |
| tools.environment.* | a record without this run's entry or with another output; record files for no unit, for unlisted releases, or unreadable |
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from snippet_files import CLAIM, snippet, write

from tools import catalogue, environment, layout
from tools.checkers import discover, reports_nothing, resolve
from tools.environment import Release
from tools.notebooks import (
    broken_links_from_notebooks,
    broken_links_into_notebooks,
    check_normal_form,
    check_notebook,
)
from tools.pages import (
    fence_problem,
    fences,
    include_problem,
    includes,
    output_block_problems,
    reference_problems,
    snippet_block_problems,
    unshown_snippet_files,
)
from tools.verify import check_snippet, orphan_outputs

THIS = environment.running()


@dataclass(frozen=True)
class Case:
    checker: str  # the qualified name tools/checkers.py finds it by
    build: Callable[[Path], tuple[str, list[str]]]  # tree -> (message, fragments it must contain)

    @property
    def id(self) -> str:
        return f"{self.checker.rsplit('.', 1)[1]}-{self.build.__name__}"


CASES: list[Case] = []


def case(checker: str):
    def register(build):
        CASES.append(Case(checker, build))
        return build

    return register


def failure(check: Callable, *args, **kwargs) -> str:
    """The message of the failure `check` raises; empty when it passes."""
    try:
        check(*args, **kwargs)
    except AssertionError as error:
        return str(error)
    return ""


def joined(problems: list[str]) -> str:
    return "\n".join(problems)


# Snippets: running them (tools/unit_check.py through the snippet adapter, tools/verify.py) --------------

KEEPS_NAME = 'assert __name__ == "__main__"  # fixtures test the harness\n'


def ran(
    checker: str,
    name: str,
    shown: str,
    fragments: list[str],
    *,
    check: str = KEEPS_NAME,
    update: bool = True,
    timeout: float = 30.0,
    refreshed: bool = False,
    stored: str | None = None,
) -> None:
    """A row for a snippet that runs: built, refreshed first if `refreshed`, its .out then set to `stored`,
    checked (or refreshed, with `update`). `{path}` and `{out}` in a fragment name the snippet and its .out."""

    def build(tree):
        path = snippet(tree, name, shown, check)
        out = layout.output_path(path)
        if refreshed:
            check_snippet(path, update=True)
        if stored is not None:
            out.write_text(stored)
        message = failure(check_snippet, path, update=update, timeout=timeout)
        assert "fork_server" not in message, "the harness's own frames are noise"
        if update:
            assert not out.exists(), "a failed refresh stores nothing"
        return message, [fragment.format(path=path, out=out) for fragment in fragments]

    build.__name__ = name
    case(checker)(build)


CORE = "tools.unit_check"
ran(
    f"{CORE}.timeout_problem",
    "endless",
    "while True:\n    pass\n",
    ["{path}: did not finish within 1 s and was stopped", "shrink the work or fix the endless loop"],
    update=False,
    timeout=1.0,
)
ran(
    f"{CORE}.exit_problem",
    "raises",
    "import torch\nprint('one is', torch.ones(1).item())\n",
    [
        "{path}:7: the claim no longer holds: an assert in its [check] section failed: AssertionError: claim broken",
        "It printed, up to there:\n    one is 1.0\n",
        "if torch changed, fix the claim, the snippet and its page",
        "Re-check with `pytest -k raises`",
    ],
    check="assert torch.ones(1).item() == 2, 'claim broken'\n",
)
ran(
    f"{CORE}.exit_problem",
    "typo",
    "import torch\nprint(torch.onez(1))\n",
    ["{path}:4: the snippet raised before its checks: AttributeError", "Fix the code", "pytest -k typo"],
)
ran(
    f"{CORE}.stderr_problem",
    "warns",
    "import warnings\nprint('x')\nwarnings.warn('careful')\n",
    ["{path}: wrote to stderr", "careful", "remove its cause, or catch the warning"],
)
# Output the reader sees must come from the shown code: the [show] section runs alone too.
ran(
    f"{CORE}.double_run_problem",
    "sneaky",
    "print('shown')\n",
    [
        "{path}: prints different output on two runs (the whole script, and its [show] section alone",
        "-hidden",
        "the shown code must not depend on code outside it",
    ],
    check="import sys\n\nsys.stdout.write('hidden\\n')\nassert __name__\n",
)
ran("tools.verify.silence_problem", "silent", "x = 1\n", ["{path}: prints nothing", "Print labelled evidence"])
ran(
    f"{CORE}.missing_output_problem",
    "never_recorded",
    "print('x')\n",
    ["{path}: has no stored output (never_recorded.out)", "Create it with `pytest --update-outputs -k never_recorded`"],
    update=False,
)
ran(
    f"{CORE}.stored_output_problem",
    "stale",
    "print('value: 2')\n",
    [
        "{out}: stored output differs from what stale.py prints now",
        "-value: 1\n+value: 2",
        "refresh it with `pytest --update-outputs -k stale`",
    ],
    update=False,
    stored="value: 1\n",
)
# An .out edited by hand is an output typed in, not printed: it differs from what the code prints.
ran(
    f"{CORE}.stored_output_problem",
    "edited",
    "print('eval mode: True')\n",
    ["{out}: stored output differs", "+eval mode: True"],
    update=False,
    refreshed=True,
    stored="eval mode: True (as expected)\n",
)
ran(
    "tools.snippet_sections.output_problems",
    "wide_output",
    "print('x' * 81)\n",
    ["{out}:1: an output line of 81 columns", "Print less per line"],
)


@pytest.mark.parametrize(
    ("name", "body", "changing"),
    [
        ("unseeded", "import torch\nprint('sample:', torch.rand(1).item())\n", "sample:"),
        ("address", "print('object at', hex(id(object())))\n", "object at"),
        ("set_order", "print('names:', {'dropout', 'batchnorm', 'linear', 'rrelu', 'lstm'})\n", "names:"),
    ],
)
def test_output_that_changes_between_runs_is_caught(tmp_path, name, body, changing):
    """More rows for double_run_problem: the usual sources of output that changes from run to run."""
    path = snippet(tmp_path, name, body)
    message = failure(check_snippet, path, update=True)
    assert f"{path}: prints different output on two runs" in message
    assert f"-{changing}" in message and f"+{changing}" in message
    assert "Seed every RNG (torch.manual_seed)" in message
    assert not layout.output_path(path).exists(), "a nondeterministic output must not be stored"


@case("tools.verify.orphan_outputs")
def output_without_snippet(tree):
    write(tree / "snippets" / "page" / "gone.out", "x\n")
    return joined(orphan_outputs(tree)), ["snippets/page/gone.out: stored output with no snippet gone.py", "Delete it"]


# Snippets: their shape (tools/snippet_sections.py) --------------------------------------------------

SHOW, CHECK = "# --8<-- [start:show]\n{}# --8<-- [end:show]\n", "# --8<-- [start:check]\n{}# --8<-- [end:check]\n"
ASSERT = 'assert __name__ == "__main__"\n'
WIDE = "x = " + "1 + " * 20 + "1\nprint(x)\n"


def shaped(checker: str, name: str, text: str, line: int, complaint: str) -> None:
    """A row for a snippet of the wrong shape: it fails before it runs, naming file and line."""

    def build(tree):
        path = write(tree / "snippets" / "page" / f"{name}.py", text)
        message = failure(check_snippet, path, update=True)
        assert not layout.output_path(path).exists()
        return message, [
            f"{path}:{line}: ",
            complaint,
            "snippets/contributing/template.py",  # the shape to copy
        ]

    build.__name__ = name
    case(checker)(build)


# A malformed file is refused while it is parsed (shape_of): not a checker with a no-op, but the same rule.
shaped("tools.snippet_sections.shape_of", "syntax", f'"""{CLAIM}"""\nprint(1 +)\n', 2, "syntax error")
shaped(
    "tools.snippet_sections.shape_of", "no_show", f'"""{CLAIM}"""\nprint(1)\n' + CHECK.format(ASSERT), 1, "no [show]"
)
shaped("tools.snippet_sections.shape_of", "no_check", f'"""{CLAIM}"""\n' + SHOW.format("print(1)\n"), 1, "no [check]")
shaped(
    "tools.snippet_sections.shape_of",
    "unclosed",
    f'"""{CLAIM}"""\n# --8<-- [start:show]\nprint(1)\n',
    2,
    "[start:show] is never closed: add `# --8<-- [end:show]`",
)
shaped(
    "tools.snippet_sections.shape_of",
    "second_start",
    f'"""{CLAIM}"""\n' + SHOW.format("print(1)\n") + SHOW.format("print(2)\n") + CHECK.format(ASSERT),
    5,
    "a second [start:show]: each section appears once",
)
shaped(
    "tools.snippet_sections.shape_of",
    "end_without_start",
    f'"""{CLAIM}"""\nprint(1)\n# --8<-- [end:show]\n',
    3,
    "[end:show] with no [start:show] before it",
)
shaped("tools.snippet_sections.claim_problem", "no_claim", "print('hi')\n", 1, "the snippet does not state its claim")
shaped(
    "tools.snippet_sections.claim_problem",
    "long_claim",
    '"""' + "A claim that goes on " * 6 + '."""\n' + SHOW.format("print(1)\n") + CHECK.format(ASSERT),
    1,
    "the claim is 127 characters; it is a caption, keep it to 110",
)
shaped(
    "tools.snippet_sections.claim_problem",
    "quoted_claim",
    '"""Dropout ignores the "eval" string here."""\n' + SHOW.format("print(1)\n") + CHECK.format(ASSERT),
    1,
    "the claim contains a double quote, which cannot appear in a block title: use ' instead",
)
shaped(
    "tools.snippet_sections.order_problem",
    "check_first",
    f'"""{CLAIM}"""\n' + CHECK.format(ASSERT) + SHOW.format("print(1)\n"),
    2,
    "the [check] section must come after the [show] section",
)
shaped(
    "tools.snippet_sections.outside_code_problem",
    "outside",
    f'"""{CLAIM}"""\nimport torch\n' + SHOW.format("print(1)\n") + CHECK.format(ASSERT),
    2,
    "code outside the [show] and [check] sections: the shown code must run on its own",
)
shaped(
    "tools.snippet_sections.shown_width_problem",
    "too_wide",
    f'"""{CLAIM}"""\n' + SHOW.format(WIDE) + CHECK.format(ASSERT),
    3,
    "a shown line of 85 columns; the page fits 80. Wrap it",
)
shaped(
    "tools.snippet_sections.shown_length_problem",
    "too_long",
    f'"""{CLAIM}"""\n' + SHOW.format("print(1)\n" * 31) + CHECK.format(ASSERT),
    3,
    "the [show] section has 31 lines; keep it to 30",
)
shaped(
    "tools.snippet_sections.shown_assert_problem",
    "assert_shown",
    f'"""{CLAIM}"""\n' + SHOW.format("assert 1 == 1\nprint(1)\n") + CHECK.format(ASSERT),
    3,
    "an assert in the [show] section: print the evidence there, assert it in [check]",
)
shaped(
    "tools.snippet_sections.checked_print_problem",
    "print_checked",
    f'"""{CLAIM}"""\n' + SHOW.format("print(1)\n") + CHECK.format(ASSERT + "print(2)\n"),
    7,
    "a print in the [check] section",
)

# Every snippet guards its claim with at least one assert that runs and can fail: the common ways not to.
NO_RUNNING_ASSERT = "no assert in the [check] section both runs and can fail"
for name, check, complaint in [
    ("asserts_nothing", "x = 1\n", "the [check] section asserts nothing: assert the claim"),
    ("assert_in_if_false", "if False:\n    assert 1 + 1 == 3\n", NO_RUNNING_ASSERT),
    ("assert_in_a_function", "def check():\n    assert 1 + 1 == 3\n", NO_RUNNING_ASSERT),
    ("assert_after_exit", "import sys\n\nsys.exit(0)\nassert 1 + 1 == 3\n", NO_RUNNING_ASSERT),
    ("assert_after_raise", "raise SystemExit\nassert 1 + 1 == 3\n", NO_RUNNING_ASSERT),
    ("assert_true", "assert True\n", NO_RUNNING_ASSERT),
    ("assert_a_tuple", "assert (1 + 1 == 3, 'a tuple is always true')\n", NO_RUNNING_ASSERT),
    ("assert_swallowed", "try:\n    assert 1 + 1 == 3\nexcept AssertionError:\n    pass\n", NO_RUNNING_ASSERT),
    ("assert_in_empty_loop", "for case in []:\n    assert case\n", NO_RUNNING_ASSERT),
    ("assert_in_while_false", "while False:\n    assert 1 + 1 == 3\n", NO_RUNNING_ASSERT),
]:
    shaped(
        "tools.snippet_sections.running_assert_problem",
        name,
        f'"""{CLAIM}"""\n' + SHOW.format("print(1)\n") + CHECK.format(check),
        6,
        complaint,
    )


def test_asserts_that_run_are_accepted(tmp_path):
    """The other side of running_assert_problem: a loop, a `with`, the __main__ guard may hold the assert."""
    for name, check in [
        ("in_a_loop", "for value in (1, 2):\n    assert value > 0\n"),
        ("in_main_guard", 'if __name__ == "__main__":\n    assert 1 + 1 == 2\n'),
        ("in_a_with", "import contextlib\n\nwith contextlib.nullcontext():\n    assert 1 + 1 == 2\n"),
        ("caught_other_error", "try:\n    assert 1 + 1 == 2\nexcept KeyError:\n    pass\n"),
    ]:
        path = snippet(tmp_path, name, "print(1)\n", check)
        assert check_snippet(path, update=True) == "1\n"


# Pages (tools/pages.py) ---------------------------------------------------------------------------


@case("tools.pages.include_problem")
def include_of_a_missing_file(tree):
    page = write(tree / "docs" / "page.md", '# Page\n\n``` {.text}\n--8<-- "snippets/page/nope.out"\n```\n')
    return joined([p for include in includes(page) if (p := include_problem(include, tree))]), [
        f'{page}:4: --8<-- "snippets/page/nope.out": no file snippets/page/nope.out.',
        "Fix the path (relative to the repository root).",
    ]


@case("tools.pages.include_problem")
def include_of_a_missing_section(tree):
    snippet(tree, "sectioned", "print(1)\n")
    page = write(tree / "docs" / "page.md", '--8<-- "snippets/page/sectioned.py:teardown"\n')
    return joined([p for include in includes(page) if (p := include_problem(include, tree))]), [
        f"{page}:1: ",
        'has no section "teardown"',
        "Mark it in the file with `# --8<-- [start:teardown]`",
    ]


def fence_problems(page: Path) -> str:
    return joined([p for fence in fences(page) if (p := fence_problem(fence))])


@case("tools.pages.fence_problem")
def python_fence_in_an_admonition(tree):
    page = write(tree / "docs" / "page.md", '# Page\n\n!!! note "A note"\n\n    ```python\n    assert False\n    ```\n')
    return fence_problems(page), [
        f"{page}:5: this python fence is inside an admonition or tab, where pytest-markdown-docs does not "
        "collect it, so it would never run.",
        "Move it to the top level of the page",
    ]


@case("tools.pages.fence_problem")
def python_fence_in_a_tab(tree):
    page = write(tree / "docs" / "page.md", '# Page\n\n=== "A tab"\n\n    ```python\n    assert False\n    ```\n')
    return fence_problems(page), [f"{page}:5: this python fence is inside an admonition or tab"]


@case("tools.pages.fence_problem")
def notest_fence_with_code(tree):
    page = write(tree / "docs" / "page.md", "``` {.python notest}\nprint('untested')\n```\n")
    return fence_problems(page), [
        f"{page}:1: a `notest` python fence may only include snippet files",
        "Move the code into a snippet, or drop `notest`",
    ]


@case("tools.pages.fence_problem")
def include_in_a_running_fence(tree):
    page = write(tree / "docs" / "page.md", '```python\n--8<-- "snippets/page/x.py:show"\n```\n')
    return fence_problems(page), [f"{page}:1: a python fence with a --8<-- include", "Mark it `{.python notest}`"]


@case("tools.pages.unshown_snippet_files")
def snippet_no_page_shows(tree):
    snippet(tree, "lonely", "print(1)\n")
    write(tree / "docs" / "page.md", "# Nothing included\n")
    return joined(unshown_snippet_files(tree)), [
        "snippets/page/lonely.py: no page includes it.",
        'Show it on a page with `--8<-- "snippets/page/lonely.py"`, or delete it.',
    ]


BLOCK = (
    '``` {{.python notest title="{title}"}}\n--8<-- "snippets/page/shown.py:show"\n```\n\n'
    '``` {{.text title="Output"}}\n--8<-- "snippets/page/shown.out"\n```\n\n'
    '??? success "What the tests check"\n\n    ``` {{.python notest}}\n    --8<-- "snippets/page/shown.py:check"\n    ```\n'
)


def block_case(checker: str, name: str, page_text: str, complaint: str, line: int = 1) -> None:
    def build(tree):
        snippet(tree, "shown", "print(1)\n")
        snippet(tree, "other", "print(2)\n")
        page = write(tree / "docs" / "page.md", page_text)
        problems = snippet_block_problems(page, tree) if checker.endswith("snippet_block_problems") else []
        problems += output_block_problems(page) if checker.endswith("output_block_problems") else []
        return joined(problems), [f"{page}:{line}: ", complaint]

    build.__name__ = name
    case(checker)(build)


def test_a_well_formed_block_has_no_problem(tmp_path):
    snippet(tmp_path, "shown", "print(1)\n")
    page = write(tmp_path / "docs" / "page.md", BLOCK.format(title=CLAIM))
    assert snippet_block_problems(page, tmp_path) == [] and output_block_problems(page) == []
    assert [p for fence in fences(page) if (p := fence_problem(fence))] == []


SHOWN_BLOCK = BLOCK.format(title=CLAIM)
OWN_OUT = '--8<-- "snippets/page/shown.out"'
SNIPPET_BLOCK, OUTPUT_BLOCK = "tools.pages.snippet_block_problems", "tools.pages.output_block_problems"
# (checker, row, page, complaint, line of the complaint)
for row in [
    (
        SNIPPET_BLOCK,
        "caption_is_not_the_claim",
        BLOCK.format(title="Some other words."),
        f"must be captioned with its claim: title=\"{CLAIM}\" (found 'Some other words.'). The claim lives in the "
        "docstring",
        1,
    ),
    (
        SNIPPET_BLOCK,
        "output_missing",
        SHOWN_BLOCK.replace("shown.out", "other.out"),
        f"snippets/page/shown.py is shown without {OWN_OUT}: add it.",
        1,
    ),
    (
        SNIPPET_BLOCK,
        "checks_missing",
        SHOWN_BLOCK.split("???")[0],
        'shown without --8<-- "snippets/page/shown.py:check": add it.',
        1,
    ),
    (
        SNIPPET_BLOCK,
        "whole_script",
        '``` {.python notest}\n--8<-- "snippets/page/shown.py"\n```\n',
        'shows the whole script; show its code with "snippets/page/shown.py:show", its output with '
        '"snippets/page/shown.out"',
        1,
    ),
    # Every output a reader sees is the output of the code shown beside it.
    (
        OUTPUT_BLOCK,
        "output_borrowed_from_another_snippet",
        SHOWN_BLOCK.replace("shown.out", "other.out"),
        'the output shown after the code of snippets/page/shown.py is --8<-- "snippets/page/other.out", another '
        f"snippet's output. Show its own, {OWN_OUT}",
        5,
    ),
    (
        OUTPUT_BLOCK,
        "output_typed_beside_the_include",
        SHOWN_BLOCK.replace(f"{OWN_OUT}\n", f"{OWN_OUT}\n2\n"),
        f"the output block of snippets/page/shown.py holds text besides {OWN_OUT} ('2'): an output is never typed "
        "into a page",
        5,
    ),
    (
        OUTPUT_BLOCK,
        "output_typed_instead_of_the_include",
        SHOWN_BLOCK.replace(f"{OWN_OUT}\n", "1\n"),
        f"the block after the code of snippets/page/shown.py must be its output, {OWN_OUT} alone",
        5,
    ),
    (
        OUTPUT_BLOCK,
        "output_typed_into_a_page",
        '# Page\n\n``` {.text title="Output"}\ntensor([1., 1.])\n```\n',
        "an output block with no stored output in it: an output is never typed into a page",
        3,
    ),
    (
        OUTPUT_BLOCK,
        "output_away_from_its_code",
        SHOWN_BLOCK + f"\nAs printed above:\n\n``` {{.text}}\n{OWN_OUT}\n```\n",
        f"{OWN_OUT} is not right after the code that printed it",
        17,
    ),
]:
    block_case(*row)


# Every reference in every Markdown file a reader sees resolves, whatever mkdocs.yml says.


def reference_case(name: str, files: dict[str, str], page: str, fragments: list[str]) -> None:
    def build(tree):
        for path, text in files.items():
            write(tree / path, text)
        message = joined(reference_problems(tree / page, tree))
        return message, [fragment.format(tree=tree) for fragment in fragments]

    build.__name__ = name
    case("tools.pages.reference_problems")(build)


PAGES = {"docs/other.md": "# Other\n\n## Real heading\n\nText.\n", "docs/img/plot.png": "png\n"}
IN_INDEX = "{tree}/docs/index.md:"
# Rows on docs/index.md, beside PAGES: (row, the page's text, what the message says).
for name, text, fragment in [
    (
        "link_to_a_missing_page",
        "See [there](missing.md).",
        "3: the link 'missing.md' points to missing.md, which does not exist. Fix the path.",
    ),
    (
        "link_to_a_missing_anchor",
        "See\n[there](other.md#no-such-heading).",
        "4: the link 'other.md#no-such-heading' "
        "names the anchor #no-such-heading, which docs/other.md has no heading for",
    ),
    (
        "link_to_a_missing_anchor_on_the_same_page",
        "## Usage {#usage}\n\nSee [below](#use).",
        "5: the link '#use' names the anchor #use",
    ),
    (
        "link_in_an_admonition",
        '!!! note "Read on"\n\n    See [there](other.md#nowhere).',
        "5: the link 'other.md#nowhere' names the anchor #nowhere",
    ),
    (
        "missing_image",
        "![A plot](img/missing.png)",
        "3: the link 'img/missing.png' points to img/missing.png, which does not exist",
    ),
    (
        "html_link_to_a_missing_page",
        '<p markdown>A <a href="gone.md">link</a>.</p>',
        "3: the link 'gone.md' points to gone.md",
    ),
    ("absolute_link", "[Other](/other.md)", "3: the link '/other.md' is absolute; write it relative to index.md"),
    (
        "link_out_of_docs",
        "See [the README](../README.md).",
        "3: the link '../README.md' leaves docs/, so it is broken on the site",
    ),
]:
    files = {**PAGES, "README.md": "# Project\n", "docs/index.md": f"# Home\n\n{text}\n"}
    reference_case(name, files, "docs/index.md", [IN_INDEX + fragment])
# Rows on the files read on GitHub, and on what a page includes of them.
reference_case(
    "readme_link_to_a_missing_file",
    {"README.md": "# Project\n\nSee [the guide](CONTRIBUTNG.md).\n", "CONTRIBUTING.md": "# Contributing\n"},
    "README.md",
    ["{tree}/README.md:3: the link 'CONTRIBUTNG.md' points to CONTRIBUTNG.md, which does not exist"],
)
reference_case(
    "readme_link_to_a_missing_anchor",
    {"README.md": "# Project\n\n## Two commands\n\n[Commands](#two-command)\n"},
    "README.md",
    ["{tree}/README.md:5: the link '#two-command' names the anchor #two-command, which README.md has no heading"],
)
reference_case(
    "included_file_links_out_of_docs",
    {
        "CONTRIBUTING.md": "# Contributing\n\nCopy [the template](snippets/template.py).\n",
        "snippets/template.py": "x = 1\n",
        "docs/contributing.md": '--8<-- "CONTRIBUTING.md"\n',
    },
    "docs/contributing.md",
    [
        "{tree}/CONTRIBUTING.md:3 (included in {tree}/docs/contributing.md): the link 'snippets/template.py' "
        "points to snippets/template.py, which does not exist"
    ],
)


def test_references_that_resolve_are_accepted(tmp_path):
    for path, text in PAGES.items():
        write(tmp_path / path, text)
    page = write(
        tmp_path / "docs" / "index.md",
        "# Home\n\n## A `code` heading?\n\n[a](other.md#real-heading) [b](#a-code-heading) [c](other.md)\n"
        "![p](img/plot.png) [d](https://example.org/x.md) [e](#home)\n",
    )
    assert reference_problems(page, tmp_path) == []
    readme = write(tmp_path / "README.md", "# P\n\n## Two commands\n\n[x](#two-commands) [y](docs/other.md)\n")
    assert reference_problems(readme, tmp_path) == []


def test_readme_and_contributing_are_checked_like_pages():
    """MkDocs does not build README and CONTRIBUTING on their own: tests/test_pages.py checks the links,
    includes and fences of every file page_files returns, and these two must be among them."""
    from tools import ROOT
    from tools.pages import page_files

    names = {path.relative_to(ROOT).as_posix() for path in page_files(ROOT)}
    assert {"README.md", "CONTRIBUTING.md", "docs/contributing.md"} <= names


# Notebooks (tools/notebooks.py) -------------------------------------------------------------------


def notebook(tree: Path, *sources: str, name: str = "nb") -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A notebook\n\n## A heading")]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in sources]
    path = tree / "docs" / f"{name}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


@case("tools.notebooks.differences")
def notebook_output_changed(tree):
    path = notebook(tree, "print('one')", "print('two')")
    check_notebook(path, update=True)
    text = path.read_text().replace("two", "three")  # the second cell's stored output, edited
    path.write_text(text.replace("print('three')", "print('two')"))
    return failure(check_notebook, path), [
        f"{path}: stored output differs from what nb.ipynb prints now",
        f"{path} cell 2 (stored)",
        "-three\n+two",
        "refresh it with `pytest --update-outputs -k nb`",
    ]


@case("tools.notebooks.differences")
def notebook_outputs_missing(tree):
    """A notebook saved without its outputs (cleared in Jupyter, or stripped) fails: each cell is compared."""
    path = notebook(tree, "print('one')", "print('two')")
    check_notebook(path, update=True)
    stored = nbformat.read(str(path), as_version=4)
    for cell in stored.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    path.write_text(nbformat.writes(stored) + "\n")
    return failure(check_notebook, path), [
        f"{path}: stored output differs",
        f"{path} cell 1 (now)",
        "+one",
        "+two",
        "pytest --update-outputs -k nb",
    ]


@case("tools.notebooks.check_normal_form")
def notebook_saved_from_jupyter(tree):
    path = notebook(tree, "print('one')")
    check_notebook(path, update=True)
    path.write_text(path.read_text().replace('"execution_count": 1', '"execution_count": 7'))
    return failure(check_normal_form, path), [
        f"{path}: not stored in its normal form",
        '"execution_count": 7',
        "Store it with `pytest --update-outputs -k nb`",
    ]


@case("tools.unit_check.stderr_problem")
def notebook_cell_writes_stderr(tree):
    path = notebook(tree, "print('fine')", "import sys\nprint('careful', file=sys.stderr)")
    return failure(check_notebook, path, name="docs/nb.ipynb"), [
        "docs/nb.ipynb cell 2: wrote to stderr",
        "careful",
        "remove its cause",
    ]


@case("tools.unit_check.exit_problem")
def notebook_cell_raises(tree):
    path = notebook(tree, "print('fine')", "assert 1 + 1 == 3, 'arithmetic changed'", name="broken")
    return failure(check_notebook, path, name="docs/broken.ipynb"), [
        "docs/broken.ipynb cell 2: the claim no longer holds: an assert in the cell failed: AssertionError: "
        "arithmetic changed",
        "fix the claim, the notebook's code and the text around it",
        "Re-check with `pytest -k broken`",
    ]


@case("tools.unit_check.double_run_problem")
def notebook_prints_differently_on_two_kernels(tree):
    """A refresh runs the notebook in two kernels: output that changes between them is never stored."""
    path = notebook(tree, "print('fine')", "import random\nprint('sample:', random.random())", name="unseeded")
    before = path.read_text()
    message = failure(check_notebook, path, name="docs/unseeded.ipynb", update=True)
    assert path.read_text() == before, "a failed refresh stores nothing"
    return message, [
        "docs/unseeded.ipynb: prints different output on two runs (two fresh kernels",
        "docs/unseeded.ipynb cell 2 (first run)",
        "Seed every RNG (torch.manual_seed)",
    ]


@case("tools.unit_check.timeout_problem")
def notebook_cell_runs_forever(tree):
    path = notebook(tree, "print('fine')", "while True:\n    pass", name="endless")
    return failure(check_notebook, path, name="docs/endless.ipynb", timeout=2), [
        "docs/endless.ipynb cell 2: did not finish within 2 s and was stopped.",
        "the cell starts: while True:",
        "shrink the work or fix the endless loop",
    ]


def built_notebook_site(tree: Path, html: dict[str, str], links: str = "") -> tuple[Path, Path, Path]:
    """(site, docs, notebook): a notebook whose first cell ends with `links`, and the site's pages `html`."""
    path = notebook(tree, "print(1)")
    if links:
        stored = nbformat.read(str(path), as_version=4)
        stored.cells[0].source += links
        nbformat.write(stored, str(path))
    for page, text in html.items():
        write(tree / "site" / page, text)
    return tree / "site", tree / "docs", path


@case("tools.notebooks.broken_links_into_notebooks")
def link_to_a_missing_notebook_heading(tree):
    site, docs, path = built_notebook_site(
        tree,
        {
            "nb/index.html": '<h2 id="a-heading">A heading</h2>\n',
            "index.html": '<a href="nb/#a-heading">ok</a> <a href="nb/#no-such-heading">broken</a>\n',
        },
    )
    return joined(broken_links_into_notebooks(site, [path], docs)), [
        "index.html: links to docs/nb.ipynb#no-such-heading, but no heading of the notebook has that anchor.",
        "Fix the link in the page's source, or the heading in docs/nb.ipynb.",
    ]


@case("tools.notebooks.broken_links_from_notebooks")
def notebook_links_to_a_missing_heading(tree):
    site, docs, path = built_notebook_site(
        tree,
        {
            "inference/index.html": '<h2 id="a-recipe">A recipe</h2>\n',
            "nb/index.html": '<a href="../inference/#the-recipe">the recipe</a> <a href="../gone/">gone</a> '
            '<a href="../">home</a>\n',
        },
        "\n\nSee [the recipe](../inference/#the-recipe) and [gone](../gone/).",
    )
    return joined(broken_links_from_notebooks(site, [path], docs)), [
        "docs/nb.ipynb: links to ../inference/#the-recipe, but inference/index.html has no heading #the-recipe.",
        "docs/nb.ipynb: links to ../gone/, which is no page of the site. Fix the link in docs/nb.ipynb.",
    ]


# The record (tools/environment.py; its own tests are tests/test_record.py) -------------------------


def with_releases(tree: Path) -> Path:
    write(
        tree / "releases.toml",
        f'[[release]]\ntorch = "{THIS.torch}"\npython = "{THIS.python}"\npinned = true\n',
    )
    return tree


@case("tools.environment.entry_problem")
def record_without_this_release(tree):
    path = snippet(tree, "unrecorded", "print('x')\n")
    layout.output_path(path).write_text("x\n")
    record = layout.record_path(tree, "snippets/page/unrecorded.py")
    return failure(check_snippet, path), [
        f"{record}: the record of snippets/page/unrecorded.py has no entry for {THIS}, on which it just passed.",
        "Record this run with `pytest --update-outputs -k unrecorded`.",
    ]


@case("tools.environment.entry_problem")
def record_of_another_output(tree):
    path = snippet(tree, "hashed", "print('x')\n")
    layout.output_path(path).write_text("x\n")
    environment.add(tree, "snippets/page/hashed.py", THIS, environment.digest("something else\n"))
    return failure(check_snippet, path), [
        f"{layout.record_path(tree, 'snippets/page/hashed.py')}: the record of snippets/page/hashed.py has "
        f"{THIS} printing another output",
        "pytest --update-outputs -k hashed",
    ]


@case("tools.environment.entry_problem")
def notebook_record_without_this_release(tree):
    path = notebook(tree, "print('fine')")
    check_notebook(path, update=True)
    environment.remove(tree, "docs/nb.ipynb", THIS)
    return failure(check_notebook, path), ["verified/docs/nb.ipynb.json: the record of docs/nb.ipynb has no entry"]


@case("tools.environment.problems")
def record_for_an_unlisted_release(tree):
    snippet(with_releases(tree), "old", "print('x')\n")
    environment.add(tree, "snippets/page/old.py", Release("0.4.0", "3.6"), environment.digest("x\n"))
    return joined(environment.problems(tree)), [
        "verified/snippets/page/old.py.json: an entry for torch 0.4.0 on Python 3.6, which releases.toml does not list",
        "python -m tools.releases",
    ]


@case("tools.environment.problems")
def record_of_a_missing_unit(tree):
    environment.add(with_releases(tree), "snippets/page/gone.py", THIS, environment.digest("x\n"))
    return joined(environment.problems(tree)), [
        "verified/snippets/page/gone.py.json: a record for snippets/page/gone.py, which does not exist.",
        "git rm verified/snippets/page/gone.py.json",
    ]


@case("tools.environment.problems")
def unreadable_record(tree):
    snippet(with_releases(tree), "garbled", "print('x')\n")
    write(layout.record_path(tree, "snippets/page/garbled.py"), "{not json\n")
    return joined(environment.problems(tree)), [
        "verified/snippets/page/garbled.py.json: cannot be read",
        "pytest --update-outputs -k garbled",
    ]


@case("tools.environment.applies_to_problems")
def applies_to_leaves_out_the_pinned_release(tree):
    with_releases(tree)
    snippet(tree, "old_only", "print('x')\n", "# Applies to: torch<1.0\nassert __name__\n")
    return joined(environment.applies_to_problems(tree)), [
        f"snippets/page/old_only.py: applies to torch<1.0, which leaves out the pinned {THIS}; widen it."
    ]


# The catalogue's summary table (tools/catalogue.py; its tests are tests/test_catalogue.py) ---------


def catalogue_case(name: str, text: str, fragment: str) -> None:
    def build(tree):
        page = write(tree / "docs" / "layers.md", text)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(catalogue, "ROOT", tree)  # its messages name pages relative to the project
            catalogue.summary_table.cache_clear()
            with pytest.raises(catalogue.TableError) as caught:
                catalogue.summary_table(page)
        catalogue.summary_table.cache_clear()
        return str(caught.value), [fragment]

    build.__name__ = name
    case("tools.catalogue.summary_table")(build)


HEADER = "| Layer or function | From | What the mode changes | Section |\n| --- | --- | --- | --- |\n"
catalogue_case(
    "no_summary_table",
    "# Layers\n\nNo table.\n",
    "docs/layers.md: no summary table. Start the page with one: | Layer or function |",
)
catalogue_case(
    "wrong_header",
    "# Layers\n\n| Layer | Section |\n| --- | --- |\n| `Dropout` | [x](#x) |\n",
    "docs/layers.md: the first table must be the summary table, with the header | Layer or function |",
)
catalogue_case(
    "section_cell_without_a_link",
    "# Layers\n\n" + HEADER + "| `Dropout` | `torch.nn` | zeroes | see below |\n",
    "docs/layers.md:5: the Section cell must link to one section: [..](#anchor)",
)


# The table's tests -----------------------------------------------------------------------------------


@pytest.mark.parametrize("row", CASES, ids=lambda row: row.id)
def test_broken_fixture_fails_naming_the_file_and_the_fix(tmp_path, row):
    (tmp_path / "snippets").mkdir()
    message, fragments = row.build(tmp_path)
    assert message, f"{row.checker} reported nothing for the broken fixture {row.build.__name__}"
    missing = [fragment for fragment in fragments if fragment not in message]
    assert not missing, f"the message lacks {missing!r}; it was:\n{message}"
    assert re.search(r"[\w/.-]+\.(py|out|md|ipynb|json|html)\b", fragments[0]), "the first fragment names the file"


def test_every_checker_has_a_failing_case():
    covered = {row.checker for row in CASES}
    missing = [name for name in discover() if name not in covered]
    assert not missing, (
        "checkers with no broken fixture in tests/test_checkers_can_fail.py (add a @case row that makes each "
        "fail, with the message it must give):\n" + "\n".join(missing)
    )


def test_every_row_names_a_function_that_exists():
    for name in {row.checker for row in CASES}:
        module, attribute = resolve(name)
        assert callable(getattr(module, attribute, None)), f"{name}: no such function; fix the row's name"


def test_checkers_are_found_by_decorator_and_by_name():
    found = discover()
    assert "tools.notebooks.differences" in found, "decorated with @checker"
    assert "tools.environment.problems" in found and "tools.pages.include_problem" in found, "named like a checker"
    assert "tools.verify.check_snippet" not in found and "tools.unit_check.check" not in found, (
        "a driver is not a checker"
    )


@pytest.mark.parametrize(
    ("checker", "nothing"),
    [(orphan_outputs, []), (include_problem, None), (broken_links_into_notebooks, [])],
)
def test_the_stand_in_reports_nothing(checker, nothing):
    assert reports_nothing(checker)(1, 2, x=3) == nothing


def test_the_mutation_run_replaces_a_checker_wherever_it_is_bound(monkeypatch):
    """tools.mutate_checkers swaps the checker in its module and in every module that imported it by name."""
    import types

    from tools.mutate_checkers import replace

    home, user = types.ModuleType("fake_checks"), types.ModuleType("fake_user")

    def thing_problems(root) -> list[str]:
        return [f"{root}: broken"]

    thing_problems.__module__ = "fake_checks"
    home.thing_problems = user.thing_problems = thing_problems
    monkeypatch.setitem(sys.modules, "fake_checks", home)
    monkeypatch.setitem(sys.modules, "fake_user", user)
    replace("fake_checks.thing_problems")
    assert home.thing_problems("x") == [] and user.thing_problems("x") == []
