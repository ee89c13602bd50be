"""The record of verification (verified/): consistent with the units, the releases list and this run.

The per-unit check (an entry for this release matching this run's output) runs
with each snippet and notebook (tools/unit_check.py); the tests
here check what needs no run, and that every check can fail, on throwaway trees.
"""

import json
import multiprocessing
import re
from pathlib import Path

import pytest
from snippet_files import snippet, write

from tools import ROOT, environment, layout
from tools.environment import Release
from tools.pytest_plugin import summary_lines
from tools.unit_check import CLAIM, OUTPUT, RECORD, UnitFailure
from tools.verify import check_snippet

# The real tree ----------------------------------------------------------------------


def test_record_has_no_stray_files_or_entries():
    problems = environment.problems(ROOT)
    assert not problems, "\n".join(problems)


def test_applies_to_lines_agree_with_the_record():
    """A snippet's `# Applies to: torch<spec>` line: its checks pass on every listed release it names."""
    problems = environment.applies_to_problems(ROOT)
    assert not problems, "\n".join(problems)


def test_the_normal_test_command_runs_the_pinned_release():
    running, pinned = environment.running(), environment.pinned(ROOT)
    assert running == pinned, (
        f"this environment runs {running}, but {environment.RELEASES_FILE} pins {pinned}: the normal test "
        "command checks the pinned release. Reinstall with `make test` (or `pip install -r requirements.txt`); "
        "other releases run with `python -m tools.releases`."
    )


def test_releases_list_pins_what_requirements_install():
    pin = re.search(r"^torch==(\S+)", (ROOT / "requirements.txt").read_text(), re.M)[1]
    pinned = environment.pinned(ROOT).torch
    assert pinned.split("+")[0] == pin, f"{environment.RELEASES_FILE} pins torch {pinned}; requirements.txt {pin}"


def test_releases_list_spans_two_years_of_releases():
    minors = [int(item.release.torch.split(".")[1]) for item in environment.releases(ROOT)]
    # torch ships a minor release about every quarter: 8 minors are two years.
    assert len(minors) >= 4 and max(minors) - min(minors) >= 8, minors


# Throwaway trees ------------------------------------------------------------------------

THIS = environment.running()


@pytest.fixture
def tree(tmp_path):
    """A project whose releases list has this run's release, pinned, and one other."""
    write(
        tmp_path / "releases.toml",
        f"""
        [[release]]
        torch = "1.0.0"
        python = "{THIS.python}"
        [[release]]
        torch = "{THIS.torch}"
        python = "{THIS.python}"
        pinned = true
        """,
    )
    return tmp_path


def failure_of(path: Path, **options) -> UnitFailure:
    with pytest.raises(UnitFailure) as caught:
        check_snippet(path, **options)
    return caught.value


def unit_of(path: Path) -> str:
    return layout.locate(path)[1]


def test_missing_entry_names_the_record_and_the_fix(tree):
    path = snippet(tree, "unrecorded", "print('x')\n")
    layout.output_path(path).write_text("x\n")
    failure = failure_of(path)
    record = layout.record_path(tree, "snippets/page/unrecorded.py")
    assert failure.kind == RECORD
    assert str(failure) == (
        f"{record}: the record of snippets/page/unrecorded.py has no entry for {THIS}, on which it just passed. "
        "Record this run with `pytest --update-outputs -k unrecorded`."
    )


def test_entry_with_another_output_hash_fails(tree):
    path = snippet(tree, "hashed", "print('x')\n")
    layout.output_path(path).write_text("x\n")
    environment.add(tree, unit_of(path), THIS, environment.digest("something else\n"))
    failure = failure_of(path)
    assert failure.kind == RECORD and f"has {THIS} printing another output" in str(failure)
    assert "pytest --update-outputs -k hashed" in str(failure)


def test_entry_for_an_unlisted_release_is_named(tree):
    path = snippet(tree, "old", "print('x')\n")
    environment.add(tree, unit_of(path), Release("0.4.0", "3.6"), environment.digest("x\n"))
    [problem] = environment.problems(tree)
    assert problem.startswith("verified/snippets/page/old.py.json: an entry for torch 0.4.0 on Python 3.6, ")
    assert "which releases.toml does not list" in problem and "python -m tools.releases" in problem


def test_record_of_a_unit_that_does_not_exist_is_named(tree):
    environment.add(tree, "snippets/page/gone.py", THIS, environment.digest("x\n"))
    assert environment.problems(tree) == [
        "verified/snippets/page/gone.py.json: a record for snippets/page/gone.py, which does not exist. "
        "Delete the record (`git rm verified/snippets/page/gone.py.json`), or restore snippets/page/gone.py."
    ]


def test_unreadable_record_is_named(tree):
    snippet(tree, "garbled", "print('x')\n")
    write(layout.record_path(tree, "snippets/page/garbled.py"), "{not json\n")
    [problem] = environment.problems(tree)
    assert problem.startswith("verified/snippets/page/garbled.py.json: cannot be read")


def test_refresh_records_only_its_own_unit_and_check_then_passes(tree):
    first = snippet(tree, "first", "print('one')\n")
    second = snippet(tree, "second", "print('two')\n")
    check_snippet(first, update=True)
    environment.add(tree, unit_of(second), Release("1.0.0", THIS.python), "0" * 64)
    before = layout.record_path(tree, unit_of(second)).read_text()
    check_snippet(second, update=True)
    check_snippet(first, update=True)  # a second refresh of `first` must leave `second` alone
    assert layout.record_path(tree, unit_of(second)).read_text() != before
    assert environment.verified(tree, unit_of(second)) == {
        Release("1.0.0", THIS.python): "0" * 64,
        THIS: environment.digest("two\n"),
    }
    assert environment.verified(tree, unit_of(first)) == {THIS: environment.digest("one\n")}
    assert check_snippet(first) == "one\n"
    assert environment.problems(tree) == []


def test_failed_refresh_records_nothing(tree):
    path = snippet(tree, "failing", "print('x')\n", "assert __name__ == 'elsewhere', 'no longer true'\n")
    assert failure_of(path, update=True).kind == CLAIM
    assert not layout.record_path(tree, unit_of(path)).exists()
    assert not layout.output_path(path).exists()


def _add_one(args):
    root, number = args
    environment.add(Path(root), "snippets/page/busy.py", Release(f"1.{number}.0", "3.11"), f"{number:064d}")


def test_parallel_writers_lose_no_entry(tmp_path):
    """Refreshes in parallel processes, all writing the same unit's record: every entry survives."""
    with multiprocessing.get_context("fork").Pool(8) as pool:
        pool.map(_add_one, [(str(tmp_path), number) for number in range(40)])
    assert len(environment.entries(tmp_path, "snippets/page/busy.py")) == 40
    assert not list(tmp_path.rglob("*.tmp")), "temporary files left behind"


def test_output_difference_and_assert_failure_read_differently_and_name_the_release(tree):
    changed = snippet(tree, "changed", "print('new')\n")
    layout.output_path(changed).write_text("old\n")
    environment.add(tree, unit_of(changed), Release("1.0.0", THIS.python), environment.digest("old\n"))
    output = failure_of(changed)
    assert output.kind == OUTPUT
    assert str(output).startswith(f"{changed.with_suffix('.out')}: stored output differs from what changed.py prints")
    assert (
        f"This run: {THIS}. The record ({layout.record_path(tree, unit_of(changed))}) has the stored output "
        f"verified on torch 1.0.0 on Python {THIS.python}; this run's release is not among them.\n"
    ) in str(output)

    broken = snippet(tree, "broken", "print('printed first')\n", "assert __name__ == 'elsewhere', 'the claim'\n")
    claim = failure_of(broken)
    assert claim.kind == CLAIM
    assert "the claim no longer holds: an assert in its [check] section failed" in str(claim)
    assert f"This run: {THIS}. The record" in str(claim) and "verified on no release; this run's release" in str(claim)
    assert "It printed, up to there:\n    printed first\n" in str(claim)


def test_claim_failure_reason_names_the_failing_assert_and_its_message(tree):
    """The one line the record and the page keep names the snippet's own line and its assert, not a bare
    `AssertionError`; the failure carries what it printed up to there, for the record."""
    bare = snippet(tree, "bare", "print('seen')\nfound = [1, 2]\n", "assert found == [\n    1,\n    3,\n]\n")
    claim = failure_of(bare)
    assert claim.kind == CLAIM
    assert claim.reason == "AssertionError at line 7: assert found == [1, 3]"
    assert claim.printed == "seen\n"
    # In a function the snippet calls: its innermost own frame; with a message: the message's value.
    nested = snippet(
        tree,
        "nested",
        "print('seen')\n",
        "assert __name__ == '__main__'\ndef check(mode):\n    assert mode == 'eval', (mode, True)\n\ncheck('train')\n",
    )
    assert failure_of(nested).reason == "AssertionError at line 8: assert mode == 'eval' (message: ('train', True))"


def test_a_recorded_reason_names_paths_as_every_machine_has_them(tree):
    """Where a release's environment lives differs between machines: the record keeps torch/... and
    snippets/..., so a fresh machine's release run agrees with it."""
    from tools.releases import _reason

    raised = snippet(
        tree,
        "raises",
        "import sys\nprint('x')\nhere = sys.prefix + '/lib/python3.11/site-packages'\n",
        "def fail():\n    raise ImportError(f'cannot import x from y ({here}/torch/a.py)')\n\nfail()\nassert here\n",
    )
    assert _reason(failure_of(raised)) == "ImportError: cannot import x from y (torch/a.py)"


def test_stderr_double_run_and_shape_failures_have_their_own_kinds_and_reasons(tree):
    from tools.unit_check import STATIC, STDERR, UNSTABLE

    warns = snippet(
        tree,
        "warns",
        "import sys\nprint('ok')\nplace = '/env/lib/python3.11/site-packages/torch/x.py:9'\n"
        "print(place + ': FutureWarning: old', file=sys.stderr)\nprint('    warnings.warn(...)', file=sys.stderr)\n",
    )
    failure = failure_of(warns)
    # Where it was raised stays, as every machine names it: torch raised it, not the snippet.
    reason = "wrote to stderr: torch/x.py:9: FutureWarning: old"
    assert (failure.kind, failure.reason, failure.printed) == (STDERR, reason, "ok\n")
    # Its two runs have different hash seeds (tools/snippet_runner.py): what it prints differs.
    unstable = snippet(tree, "unstable", "import os\nprint(os.environ['PYTHONHASHSEED'])\n")
    failure = failure_of(unstable)
    assert failure.kind == UNSTABLE
    assert failure.reason == "prints different output on two runs; these lines change: 1 | 2"  # the two seeds
    shaped = snippet(tree, "shaped", "print('x')\n", 'assert __name__ == "__main__"\nprint(2)\n')
    assert failure_of(shaped).kind == STATIC


def test_release_run_records_no_static_failure_and_keeps_what_a_failure_printed(tree):
    """A failure of the file's shape is the same on every torch: never a release's result. A release's
    failure keeps what it printed up to there, for the page."""
    from tools.releases import against_record, record
    from tools.unit_check import STATIC

    unit = unit_of(snippet(tree, "x", "print('x')\n"))
    other = Release("1.0.0", THIS.python)
    static = {"unit": unit, "status": STATIC, "reason": "x.py:4: a print in the [check] section"}
    record(tree, other, static)
    assert environment.entries(tree, unit) == {}
    assert "not recorded" in against_record(tree, other, static)
    record(
        tree, other, {"unit": unit, "status": CLAIM, "reason": "AssertionError at line 3: assert x", "output": "x\n"}
    )
    assert environment.entries(tree, unit)[other].output == "x\n"


def test_run_summary_groups_failures_and_names_pages_and_commands(tree):
    snippet(tree, "changed", "print(1)\n")
    snippet(tree, "broken", "print(1)\n")
    write(
        tree / "docs" / "page.md",
        '``` {.text}\n--8<-- "snippets/page/changed.out"\n```\n``` {.python notest}\n'
        '--8<-- "snippets/page/broken.py:show"\n```\n',
    )
    write(tree / "docs" / "other.md", "# Nothing included\n")
    lines = summary_lines(
        tree,
        [(OUTPUT, "snippets/page/changed.py"), (CLAIM, "snippets/page/broken.py"), (OUTPUT, "docs/nb.ipynb")],
    )
    assert lines[0] == "Outputs changed (2): snippets/page/changed.py, docs/nb.ipynb"
    assert lines[1] == "Claims failed (1): snippets/page/broken.py"
    assert "Pages affected: docs/nb.ipynb, docs/page.md" in lines
    assert 'Refresh, after reviewing each diff above: pytest --update-outputs -k "changed or nb"' in lines
    assert any(line.endswith('pytest -k "broken"') for line in lines)


def test_run_ends_with_the_summary(pytester, monkeypatch):
    """The summary is printed by the plugin's hook at the end of a real pytest run, in its own process."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makepyfile(
        test_fake="""
        from tools.unit_check import UnitFailure

        def test_a():
            raise UnitFailure("x", "claim", "snippets/page/fake.py")
        """
    )
    result = pytester.runpytest_subprocess("-p", "tools.pytest_plugin", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(
        [
            "*snippets and notebooks: what to do*",
            "Claims failed (1): snippets/page/fake.py",
            "Pages affected: none",
            '*pytest -k "fake"',
        ]
    )


def test_record_file_format_is_stable(tree):
    path = snippet(tree, "x", "print('x')\n")
    source = environment.digest(path.read_text())
    environment.add(tree, "snippets/page/x.py", Release("2.0.0", "3.11"), "b" * 64, output="y\n", stored="x\n")
    environment.add(tree, "snippets/page/x.py", Release("1.10.0", "3.11"), environment.digest("x\n"), stored="x\n")
    environment.add_failure(tree, "snippets/page/x.py", Release("1.9.0", "3.11"), CLAIM, "AssertionError: no", "z\n")
    data = json.loads(layout.record_path(tree, "snippets/page/x.py").read_text())
    assert data == {
        "unit": "snippets/page/x.py",
        "releases": [  # oldest release first, by number (1.10 after 1.9, not after 1.1)
            {
                "torch": "1.9.0",
                "python": "3.11",
                "source_sha256": source,
                "passed": False,
                "kind": "claim",
                "failure": "AssertionError: no",
                "output": "z\n",  # what it printed up to the failure
            },
            {
                "torch": "1.10.0",
                "python": "3.11",
                "source_sha256": source,
                "passed": True,
                "output_sha256": environment.digest("x\n"),
            },
            # another output than the stored one: its text is kept, for the page
            {
                "torch": "2.0.0",
                "python": "3.11",
                "source_sha256": source,
                "passed": True,
                "output_sha256": "b" * 64,
                "output": "y\n",
            },
        ],
    }


def test_changed_snippet_invalidates_the_entries_of_the_other_releases(tree):
    path = snippet(tree, "edited", "print('x')\n")
    layout.output_path(path).write_text("x\n")
    other = Release("1.0.0", THIS.python)
    environment.add(tree, unit_of(path), other, environment.digest("x\n"))
    check_snippet(path, update=True)
    assert set(environment.verified(tree, unit_of(path))) == {other, THIS}
    assert environment.stale(tree) == []
    snippet(tree, "edited", "print('x')  # edited\n")
    check_snippet(path, update=True)  # the refresh re-verifies this release only
    assert set(environment.verified(tree, unit_of(path))) == {THIS}
    [stale] = environment.stale(tree)
    assert stale == (
        f"verified/snippets/page/edited.py.json: torch 1.0.0 on Python {THIS.python} ran another version of "
        "snippets/page/edited.py (it changed since). Run it there again: `python -m tools.releases -k edited`."
    )


def test_refresh_keeps_the_old_output_for_the_releases_that_printed_it(tree):
    path = snippet(tree, "kept", "print('new')\n")
    layout.output_path(path).write_text("old\n")
    other = Release("1.0.0", THIS.python)
    environment.add(tree, unit_of(path), other, environment.digest("new\n"))  # same source, then its text
    environment.add(tree, unit_of(path), other, environment.digest("old\n"), output="old\n", stored="old\n")
    check_snippet(path, update=True)
    entries = environment.entries(tree, unit_of(path))
    assert entries[other].output == "old\n" and entries[THIS].output is None


def test_a_recorded_failure_is_not_verified_and_fails_the_pinned_check(tree):
    path = snippet(tree, "flaky", "print('x')\n")
    layout.output_path(path).write_text("x\n")
    environment.add_failure(tree, unit_of(path), THIS, CLAIM, "AssertionError: once")
    assert environment.verified(tree, unit_of(path)) == {}
    failure = failure_of(path)
    assert failure.kind == RECORD and f"has {THIS} failing (AssertionError: once), but it just passed" in str(failure)


def test_applies_to_line_is_checked_against_the_record(tree):
    path = snippet(tree, "newer", "print('x')\n")
    path.write_text("# Applies to: torch>=1.5\n" + path.read_text())
    unit = unit_of(path)
    spec = environment.applies_to(tree, unit)
    assert not environment.applies(spec, Release("1.0.0", "3.11")) and environment.applies(spec, THIS)
    assert environment.applies(None, Release("1.0.0", "3.11"))
    assert environment.applies_to_problems(tree) == []
    environment.add_failure(tree, unit, THIS, CLAIM, "AssertionError: no")
    [problem] = environment.applies_to_problems(tree)
    assert problem.startswith(f"{unit}: applies to torch>=1.5, but its checks fail on {THIS} (AssertionError: no)")
    path.write_text(path.read_text().replace(">=1.5", "<1.5"))
    assert "leaves out the pinned" in environment.applies_to_problems(tree)[0]


# The release run's comparison with the record (tools/releases.py) ------------------------------


@pytest.mark.parametrize(
    ("recorded", "status", "printed", "difference"),
    [
        ("x\n", "pass", "x\n", None),
        (None, "pass", "x\n", "passes; the record has no entry for this version"),
        ("x\n", "pass", "y\n", "passes with another output than recorded"),
        ("x\n", "claim", None, "fails; the record has it verified"),
        ("AssertionError: a", "claim", None, None),  # a claim known not to hold there, as recorded
        ("AssertionError: a", "pass", "x\n", "passes; the record has it failing"),
        ("x\n", "skipped", None, "does not apply here; the record has an entry"),
        (None, "skipped", None, None),
    ],
)
def test_release_results_against_the_record(tree, recorded, status, printed, difference):
    from tools.releases import against_record

    unit = "snippets/page/x.py"
    snippet(tree, "x", "print('x')\n")
    if recorded and recorded.startswith("AssertionError"):
        environment.add_failure(tree, unit, THIS, CLAIM, recorded)
    elif recorded is not None:
        environment.add(tree, unit, THIS, environment.digest(recorded))
    result = {"unit": unit, "status": status, "reason": "AssertionError: a"}
    if printed is not None:
        result["output_sha256"] = environment.digest(printed)
    assert against_record(tree, THIS, result) == difference


def test_second_release_run_skips_only_units_current_in_the_record(tree):
    """A release run skips a unit only where the record has that release for the unit's source as it
    is now (a pass or a failure), and only in an environment reused as built without --check/--rerun."""
    from tools.releases import split_current

    other = Release("1.0.0", THIS.python)
    passed, failed, changed, elsewhere, new = (
        unit_of(snippet(tree, name, f"print({name!r})\n"))
        for name in ("passed", "failed", "changed", "elsewhere", "new")
    )
    environment.add(tree, passed, other, environment.digest("passed\n"))
    environment.add_failure(tree, failed, other, CLAIM, "AssertionError: no")
    environment.add(tree, changed, other, environment.digest("changed\n"))
    snippet(tree, "changed", "print('changed again')\n")  # a new version: its entry is of the old one
    environment.add(tree, elsewhere, THIS, environment.digest("elsewhere\n"))  # another release only
    units = layout.units(tree)
    assert split_current(tree, other, units, may_skip=True) == ([changed, elsewhere, new], [failed, passed])
    assert split_current(tree, other, units, may_skip=False) == (units, [])


def test_release_matrix_comes_from_the_releases_list(tree):
    from tools.releases import matrix

    assert json.loads(matrix(tree)) == [
        {"torch": "1.0.0", "python": THIS.python, "cpu_build": False},
        {"torch": THIS.torch, "python": THIS.python, "cpu_build": THIS.torch.endswith("+cpu")},
    ]


def test_notebook_without_an_entry_fails_until_refreshed(tree):
    import nbformat

    from tools.notebooks import check_notebook

    path = tree / "docs" / "nb.ipynb"
    path.parent.mkdir(parents=True)
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("print('fine')")]
    nbformat.write(notebook, str(path))
    check_notebook(path, update=True)  # stores the output and records this release
    environment.remove(tree, "docs/nb.ipynb", THIS)
    with pytest.raises(UnitFailure) as caught:
        check_notebook(path)
    assert caught.value.kind == RECORD and "has no entry for" in str(caught.value)
    assert "pytest --update-outputs -k nb" in str(caught.value)
    check_notebook(path, update=True)
    check_notebook(path)


# What the pages show of the record (tools/mkdocs_hooks.py) ---------------------------------------


@pytest.fixture
def three(tmp_path):
    """Three listed releases (the middle one pinned) and one snippet with a stored output."""
    write(
        tmp_path / "releases.toml",
        """
        [[release]]
        torch = "1.0.0+cpu"
        python = "3.11"
        [[release]]
        torch = "2.0.0"
        python = "3.11"
        pinned = true
        [[release]]
        torch = "3.0.0"
        python = "3.11"
        """,
    )
    path = snippet(tmp_path, "x", "print('x')\n")
    layout.output_path(path).write_text("x\n")
    return tmp_path


OLD3, PIN3, NEW3 = (Release(torch, "3.11") for torch in ("1.0.0+cpu", "2.0.0", "3.0.0"))


def test_output_block_title_names_the_releases_that_printed_it(three):
    from tools.mkdocs_hooks import output_block, rewrite_outputs

    for release in (OLD3, PIN3, NEW3):
        environment.add(three, "snippets/page/x.py", release, environment.digest("x\n"), stored="x\n")
    block = output_block(three, "snippets/page/x.py", "snippets/page/x.out")
    assert (
        block == '``` {.text title="Output · verified on torch 1.0.0, 2.0.0, 3.0.0"}\n--8<-- "snippets/page/x.out"\n```'
    )
    page = '  ``` {.text title="Output"}\n  --8<-- "snippets/page/x.out"\n  ```\n'
    assert rewrite_outputs(three, page) == "".join(f"  {line}\n" for line in block.splitlines())


def test_output_that_differs_on_a_release_is_shown_in_its_own_tab(three):
    from tools.mkdocs_hooks import output_block

    unit = "snippets/page/x.py"
    environment.add(three, unit, PIN3, environment.digest("x\n"), stored="x\n")
    environment.add(three, unit, NEW3, environment.digest("x\n"), stored="x\n")
    environment.add(three, unit, OLD3, environment.digest("old\n"), output="old\n", stored="x\n")
    assert output_block(three, unit, "snippets/page/x.out") == (
        '=== "torch 2.0.0, 3.0.0"\n\n'
        '    ``` {.text title="Output · verified on torch 2.0.0, 3.0.0"}\n'
        '    --8<-- "snippets/page/x.out"\n'
        "    ```\n\n"
        '=== "torch 1.0.0"\n\n'
        '    ``` {.text title="Output · verified on torch 1.0.0"}\n'
        "    old\n"
        "    ```"
    )


def test_failing_release_before_the_passing_ones_reads_holds_since(three):
    from tools.mkdocs_hooks import output_block

    unit = "snippets/page/x.py"
    environment.add(three, unit, PIN3, environment.digest("x\n"), stored="x\n")
    environment.add_failure(three, unit, OLD3, CLAIM, "AssertionError: gone")
    block = output_block(three, unit, "snippets/page/x.out")
    assert '!!! warning "Verified since torch 2.0.0: on torch 1.0.0, an assert fails there"' in block
    assert "    torch 1.0.0: `AssertionError: gone`" in block
    assert '!!! info "Not yet verified on torch 3.0.0: this version of the snippet has not run there"' in block
    environment.add_failure(three, unit, NEW3, "error", "ImportError: x")
    block = output_block(three, unit, "snippets/page/x.out")
    # Two kinds: the heading says only that it does not pass; each line says what happened there.
    assert '!!! warning "Not verified on torch 1.0.0, 3.0.0: it does not pass there"' in block
    assert "    torch 1.0.0: an assert fails there: `AssertionError: gone`" in block
    assert "    torch 3.0.0: it raises before its checks end: `ImportError: x`" in block


@pytest.mark.parametrize(
    ("kind", "failure", "heading"),
    [
        ("claim", "AssertionError at line 4: assert x == 1", "an assert fails there"),
        ("error", "TypeError: f() got an unexpected keyword argument 'y'", "it raises before its checks end"),
        ("stderr", "wrote to stderr: FutureWarning: old", "its checks pass but it writes to stderr there"),
        (
            "unstable",
            "prints different output on two runs; these lines change: a | b",
            "its output changes between two runs there",
        ),
        ("timeout", "did not finish within 60 s", "it does not finish in time there"),
        # Recorded before the core told these apart: kind "error" for all; the line still says which.
        ("error", "wrote to stderr: [transformers] Disabling PyTorch", "its checks pass but it writes to stderr there"),
        (
            "error",
            "snippets/page/x.py: prints different output on two runs (...); these lines change:",
            "its output changes between two runs there",
        ),
    ],
)
def test_failure_note_says_what_happened_there_by_kind(three, kind, failure, heading):
    """Never "fails before its checks end" for a run whose checks passed (stderr, two runs)."""
    from tools.mkdocs_hooks import output_block

    unit = "snippets/page/x.py"
    for release in (PIN3, NEW3):
        environment.add(three, unit, release, environment.digest("x\n"), stored="x\n")
    environment.add_failure(three, unit, OLD3, kind, failure)
    block = output_block(three, unit, "snippets/page/x.out")
    assert f'!!! warning "Verified since torch 2.0.0: on torch 1.0.0, {heading}"' in block
    assert ("before its checks end" in block) == (heading == "it raises before its checks end")


def test_failure_note_shows_what_the_release_printed_folded(three):
    from tools.mkdocs_hooks import output_block

    unit = "snippets/page/x.py"
    environment.add(three, unit, PIN3, environment.digest("x\n"), stored="x\n")
    environment.add_failure(three, unit, OLD3, CLAIM, "AssertionError at line 4: assert x", output="x\nolder: 1\n")
    environment.add_failure(three, unit, NEW3, "timeout", "did not finish within 60 s", output="x\n")
    block = output_block(three, unit, "snippets/page/x.out")
    assert block.endswith(
        '!!! warning "Not verified on torch 1.0.0, 3.0.0: it does not pass there"\n\n'
        "    torch 1.0.0: an assert fails there: `AssertionError at line 4: assert x`\n\n"
        '    ??? note "What torch 1.0.0 printed before the assert failed"\n\n'
        "        ``` text\n"
        "        x\n"
        "        older: 1\n"
        "        ```\n\n"
        "    torch 3.0.0: it does not finish in time there: `did not finish within 60 s`\n\n"
        "    What it printed there is the stored output."
    )


def test_a_run_that_only_wrote_to_stderr_is_verified_with_a_note(three):
    """Its asserts passed and it printed the stored output (or another): that output is verified there, and
    a note says what else it wrote; the footer counts it as verified and says so too."""
    from tools.mkdocs_hooks import output_block, verified_sentence

    unit = "snippets/page/x.py"
    environment.add(three, unit, PIN3, environment.digest("x\n"), stored="x\n")
    environment.add_failure(three, unit, OLD3, "stderr", "wrote to stderr: FutureWarning: old", output="x\n")
    environment.add_failure(three, unit, NEW3, "stderr", "wrote to stderr: UserWarning: y", output="y\n")
    block = output_block(three, unit, "snippets/page/x.out")
    assert "!!! warning" not in block
    assert '{.text title="Output · verified on torch 1.0.0, 2.0.0"}' in block
    assert '{.text title="Output · verified on torch 3.0.0"}\n    y\n' in block
    assert (
        '!!! info "Writes to stderr on torch 1.0.0: its checks pass there"\n\n'
        "    What it printed there is verified; it also wrote to stderr: `FutureWarning: old`"
    ) in block
    assert "it also wrote to stderr: `UserWarning: y`" in block
    footer = verified_sentence(three, [unit], [])
    assert "was printed by the code beside it on torch 1.0.0+cpu and 2.0.0 on Python 3.11." in footer
    assert "On torch 1.0.0+cpu on Python 3.11, it also writes to stderr there (its note says what)." in footer
    assert "On torch 3.0.0 on Python 3.11, it printed something else and it also writes to stderr there" in footer
    # One that wrote to stderr without a record of what it printed (an older record) is still not verified.
    environment.add_failure(three, unit, OLD3, "stderr", "wrote to stderr: FutureWarning: old")
    assert "its checks pass but it writes to stderr there" in output_block(three, unit, "snippets/page/x.out")


def test_applies_to_line_reads_needs_on_the_page(three):
    from tools.mkdocs_hooks import output_block

    path = three / "snippets" / "page" / "x.py"
    path.write_text("# Applies to: torch>=2\n" + path.read_text())
    environment.add(three, "snippets/page/x.py", PIN3, environment.digest("x\n"), stored="x\n")
    environment.add(three, "snippets/page/x.py", NEW3, environment.digest("x\n"), stored="x\n")
    block = output_block(three, "snippets/page/x.py", "snippets/page/x.out")
    assert block.endswith('!!! info "Needs torch>=2: not run on torch 1.0.0"')


def test_catalogue_rows_say_since_when_a_reader_reads_the_flag(three):
    from tools.mkdocs_hooks import annotate_tables

    releases = {torch: {"python": "3.11", "uncovered": []} for torch in ("1.0.0+cpu", "2.0.0", "3.0.0")}
    names = {
        "torch.nn.Old": {"exists": ["1.0.0+cpu", "2.0.0", "3.0.0"], "reads": ["1.0.0+cpu", "2.0.0", "3.0.0"]},
        "torch.nn.New": {"exists": ["2.0.0", "3.0.0"], "reads": ["2.0.0", "3.0.0"]},
        "torch.nn.Later": {"exists": ["1.0.0+cpu", "2.0.0", "3.0.0"], "reads": ["3.0.0"]},
    }
    write(three / layout.CATALOGUE_RECORD, json.dumps({"releases": releases, "names": names}))
    page = (
        "| Layer or function | From | What the mode changes | Section |\n| --- | --- | --- | --- |\n"
        "| `Old`, `New` | `torch.nn` | x | [a](#a) |\n| `Later` | `torch.nn` | y | [b](#b) |\n\nText `New`.\n"
    )
    assert annotate_tables(three, page) == (
        "| Layer or function | From | What the mode changes | Section |\n| --- | --- | --- | --- |\n"
        "| `Old`, `New` (since torch 2.0.0, not in 1.0.0) | `torch.nn` | x | [a](#a) |\n"
        "| `Later` (reads the flag since torch 3.0.0, not in 2.0.0) | `torch.nn` | y | [b](#b) |\n\nText `New`.\n"
    )


def test_another_librarys_rows_name_its_own_floor_on_torch(three, monkeypatch):
    """A name outside torch that the scan finds only from a release on: where the library's metadata
    requires a torch that excludes the release before, the cell names that requirement."""
    from packaging.specifiers import SpecifierSet

    from tools import mkdocs_hooks

    releases = {torch: {"python": "3.11", "uncovered": []} for torch in ("1.0.0+cpu", "2.0.0", "3.0.0")}
    names = {
        "lib.Floor": {"exists": ["3.0.0"], "reads": ["3.0.0"]},
        "lib.Other": {"exists": ["2.0.0", "3.0.0"], "reads": ["2.0.0", "3.0.0"]},
    }
    write(three / layout.CATALOGUE_RECORD, json.dumps({"releases": releases, "names": names}))
    monkeypatch.setattr(mkdocs_hooks, "torch_requirement", lambda name: ("lib 9.0", SpecifierSet(">=2.5")))
    assert mkdocs_hooks.since(three, "lib.Floor") == "needs torch>=2.5, which lib 9.0 requires"
    assert mkdocs_hooks.since(three, "lib.Other") == "with torch 2.0.0 on, not 1.0.0"  # 2.0.0 is below the floor


def test_torch_requirement_reads_the_installed_librarys_metadata():
    """transformers puts its torch floor in an extra; the page's cells rely on reading it there."""
    from tools.mkdocs_hooks import torch_requirement

    name, floor = torch_requirement("transformers")
    assert name.startswith("transformers ") and not floor.contains("2.4.1")
    assert floor.contains(environment.running().torch.split("+")[0])
    assert torch_requirement("no-such-distribution") is None


def test_notebook_page_shows_the_cells_another_release_printed_otherwise(three):
    """A notebook page is HTML (mkdocs-jupyter): below its cells, what other releases printed, cell by cell,
    and the releases where it failed or wrote to stderr."""
    import nbformat

    from tools import notebooks
    from tools.mkdocs_hooks import notebook_release_notes

    path = three / "docs" / "nb.ipynb"
    path.parent.mkdir(parents=True)
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("print('a')"), nbformat.v4.new_code_cell("print('<b>')")]
    notebook.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="a\n")]
    notebook.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="<b>\n")]
    nbformat.write(notebook, str(path))
    stored = notebooks.output_text(notebooks.read(path))
    unit = "docs/nb.ipynb"
    environment.add(three, unit, PIN3, environment.digest(stored), stored=stored)
    assert notebook_release_notes(three, unit) == ""  # every release that ran printed the notebook's outputs
    older = stored.replace("<b>\n", "<c>\n")
    environment.add(three, unit, OLD3, environment.digest(older), output=older, stored=stored)
    environment.add_failure(three, unit, NEW3, CLAIM, "AssertionError: assert x", output="[cell 1]\na\n")
    notes = notebook_release_notes(three, unit)
    assert "<summary>What torch 1.0.0 printed: cell 2 printed otherwise" in notes
    assert "<p>Cell 2:</p><pre><code>&lt;c&gt;\n</code></pre>" in notes and "Cell 1:" not in notes
    assert "Not verified on torch 3.0.0: an assert fails there</p><p><code>AssertionError: assert x" in notes
    assert notes.count("data-search-exclude") == 2


def test_differences_lists_each_unit_some_release_prints_otherwise(three):
    """`python -m tools.releases --differences` reads the record only: what each release did otherwise."""
    from tools.releases import differences

    unit = "snippets/page/x.py"
    environment.add(three, unit, PIN3, environment.digest("x\n"), stored="x\n")
    assert differences(three).splitlines() == [
        f"{unit}: 1.0.0+cpu not run; 3.0.0 not run",
        "1 of 1 units differ on some listed release",
    ]
    environment.add(three, unit, OLD3, environment.digest("y\n"), output="y\n", stored="x\n")
    environment.add_failure(three, unit, NEW3, "stderr", "wrote to stderr: W", output="x\n")
    assert differences(three).splitlines()[0] == f"{unit}: 1.0.0+cpu prints otherwise; 3.0.0 writes to stderr"
    environment.add(three, unit, OLD3, environment.digest("x\n"), stored="x\n")
    environment.add(three, unit, NEW3, environment.digest("x\n"), stored="x\n")
    assert differences(three) == "0 of 1 units differ on some listed release"
