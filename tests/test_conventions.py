"""Conventions a Python project expects, each checked so that it can fail: the lock covers
requirements.txt, ProperDocs builds the same site as MkDocs, pre-commit runs the lint the
tests run, the workflows pass actionlint with pinned actions and time limits, and LICENSE
is the licence the footer names. Every checker is also run on a broken fixture here."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tools import ROOT
from tools.build import source_date_epoch

BIN = Path(sys.executable).parent  # the venv's tools, installed from the lock

# The lock (requirements.lock, written by `make lock`) ------------------------------------

LOCK_FIX = "run `make lock` (pip-compile rewrites requirements.lock from requirements.txt) and commit both"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)(?: \\)?$", re.MULTILINE)


def top_level(requirements: str) -> list[Requirement]:
    """The pins a person edits: requirements.txt's lines, comments dropped."""
    lines = (line.split(" #")[0].strip() for line in requirements.splitlines())
    return [Requirement(line) for line in lines if line and not line.startswith("#")]


def lock_entries(lock: str) -> dict[str, tuple[Version, str]]:
    """Each locked package: its version, and its block of the lock (hashes, `# via` lines)."""
    matches = list(PIN.finditer(lock))
    ends = [match.start() for match in matches[1:]] + [len(lock)]
    return {
        canonicalize_name(match[1]): (Version(match[2]), lock[match.start() : end])
        for match, end in zip(matches, ends, strict=True)
    }


def stale_pins(requirements: str, lock: str) -> list[str]:
    """Where the lock disagrees with requirements.txt, one line per package."""
    entries = lock_entries(lock)
    asked = {canonicalize_name(req.name): req for req in top_level(requirements)}
    problems = []
    for name, req in asked.items():
        if name not in entries:
            problems.append(f"{req.name}: requirements.txt asks for {req}, requirements.lock has no {req.name}")
        elif not req.specifier.contains(entries[name][0], prereleases=True):
            problems.append(f"{req.name}: requirements.txt asks for {req}, requirements.lock pins {entries[name][0]}")
    for name, (version, block) in entries.items():
        if "-r requirements.txt" in block and name not in asked:
            problems.append(
                f"{name}: requirements.lock pins {version} for requirements.txt, which no longer asks for it"
            )
        if "--hash=sha256:" not in block:
            problems.append(f"{name}: requirements.lock pins {version} without a hash")
    return problems


def test_lock_matches_requirements():
    problems = stale_pins((ROOT / "requirements.txt").read_text(), (ROOT / "requirements.lock").read_text())
    assert not problems, "requirements.lock is stale:\n" + "\n".join(problems) + f"\nFix: {LOCK_FIX}."


LOCK = """\
numpy==2.4.6 \\
    --hash=sha256:00
    # via -r requirements.txt
torch==2.13.0+cpu \\
    --hash=sha256:11
    # via
    #   -r requirements.txt
    #   other
mpmath==1.3.0 \\
    --hash=sha256:22
    # via sympy
"""


@pytest.mark.parametrize(
    "requirements, message",
    [
        ("numpy==2.4.6\ntorch==2.13.0\n", None),  # 2.13.0+cpu is a 2.13.0: the pin holds
        (
            "numpy==2.4.6\ntorch==2.13.0\nruff==0.17.6\n",
            "ruff: requirements.txt asks for ruff==0.17.6, requirements.lock has no ruff",
        ),
        (
            "numpy==2.5.0\ntorch==2.13.0\n",
            "numpy: requirements.txt asks for numpy==2.5.0, requirements.lock pins 2.4.6",
        ),
        (
            "torch==2.13.0  # a comment\n",
            "numpy: requirements.lock pins 2.4.6 for requirements.txt, which no longer asks for it",
        ),
    ],
)
def test_stale_lock_is_named(requirements, message):
    problems = stale_pins(requirements, LOCK)
    assert problems == ([message] if message else [])


def test_unhashed_pin_is_named():
    assert stale_pins("numpy==2.4.6\n", "numpy==2.4.6\n    # via -r requirements.txt\n") == [
        "numpy: requirements.lock pins 2.4.6 without a hash"
    ]


def test_lock_pins_the_cpu_build_of_torch():
    """PyPI's Linux torch of the same version pulls several GB of CUDA libraries."""
    version = lock_entries((ROOT / "requirements.lock").read_text())["torch"][0]
    assert version.local == "cpu", (
        f"requirements.lock pins torch {version}, not the CPU build. Fix: {LOCK_FIX}, on a machine where pip finds "
        "torch's +cpu wheel (PyTorch's CPU index, which the Makefile offers pip where it answers, or a find-links folder)."
    )


def test_both_readme_commands_install_from_the_lock():
    """`make serve` and `make test` need the venv, and the venv is installed from the lock alone."""
    makefile = (ROOT / "Makefile").read_text()
    rule = re.search(r"^\$\(VENV\)/installed: (.*)\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert rule, "Makefile: no `$(VENV)/installed:` rule (the venv `make serve` and `make test` use)"
    assert rule[1].split() == ["requirements.lock"], f"Makefile: the venv depends on {rule[1]!r}, not the lock"
    installs = [line for line in rule[2].splitlines() if "pip install" in line]
    assert installs and all("-r requirements.lock" in line for line in installs), (
        "Makefile: the venv's pip install does not read requirements.lock:\n" + rule[2]
    )
    for target in ("serve", "test"):
        assert re.search(rf"^{target}: \$\(VENV\)/installed$", makefile, re.MULTILINE), (
            f"Makefile: {target} skips the venv"
        )


# ProperDocs: the engine that outlives MkDocs 1.x builds the same site --------------------

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def site_differences(mkdocs_site: Path, other_site: Path) -> list[str]:
    """Files that differ between two builds, ignoring only the generator meta tag of each page."""

    def files(site):
        return {path.relative_to(site) for path in site.rglob("*") if path.is_file()}

    ours, theirs = files(mkdocs_site), files(other_site)
    problems = [f"{path}: only in the MkDocs build" for path in sorted(ours - theirs)]
    problems += [f"{path}: only in the ProperDocs build" for path in sorted(theirs - ours)]
    for path in sorted(ours & theirs):
        first, second = (mkdocs_site / path).read_bytes(), (other_site / path).read_bytes()
        if path.suffix == ".html":
            first, second = GENERATOR.sub(b"", first), GENERATOR.sub(b"", second)
        if first != second:
            pairs = zip(first.splitlines(), second.splitlines(), strict=False)
            line = next(
                (n for n, (a, b) in enumerate(pairs, 1) if a != b), min(first.count(b"\n"), second.count(b"\n")) + 1
            )
            problems.append(f"{path}:{line}: differs")
    return problems


def test_properdocs_builds_the_same_site(built_site, tmp_path):
    """A second build of the same commit, by ProperDocs (MkDocs 1.x's maintained successor), is
    byte-identical to the MkDocs build but for the generator tag. One extra build proves two
    things: the project keeps an engine, and the build is reproducible (a page that changed
    from one build to the next, a date or a set's order, would differ here too)."""
    site = tmp_path / "properdocs"
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "--config-file", str(ROOT / "mkdocs.yml")]
    env = dict(os.environ, SOURCE_DATE_EPOCH=source_date_epoch(ROOT))  # dates as in the MkDocs build
    result = subprocess.run([*command, "--site-dir", str(site)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"properdocs build --strict failed:\n{result.stdout}{result.stderr}"
    generator = GENERATOR.search((site / "index.html").read_bytes())
    assert generator and b"ProperDocs" in generator[0], f"the second build was not ProperDocs': {generator}"
    problems = site_differences(built_site, site)
    assert not problems, (
        "ProperDocs renders the site differently from MkDocs, or the build is not reproducible "
        "(file:line, generator tag ignored):\n"
        + "\n".join(problems)
        + "\nCompare: `.venv/bin/properdocs build -d /tmp/pd` and `.venv/bin/mkdocs build -d /tmp/mk`, then diff -r."
    )


def test_site_differences_ignore_only_the_generator(tmp_path):
    for name, generator, body in (("mk", "mkdocs-1.6.1", "same"), ("pd", "ProperDocs 1.6.7", "same")):
        (tmp_path / name / "a").mkdir(parents=True)
        (tmp_path / name / "a" / "index.html").write_text(f'<meta name="generator" content="{generator}">\n{body}\n')
    assert site_differences(tmp_path / "mk", tmp_path / "pd") == []
    (tmp_path / "pd" / "a" / "index.html").write_text('<meta name="generator" content="x">\nother\n')
    (tmp_path / "pd" / "extra.js").write_text("")
    assert site_differences(tmp_path / "mk", tmp_path / "pd") == [
        "extra.js: only in the ProperDocs build",
        "a/index.html:2: differs",
    ]


# pre-commit runs the lint the tests run ----------------------------------------------------

PRE_COMMIT = ROOT / ".pre-commit-config.yaml"
VENV_PYTHON = ".venv/bin/python"  # a hook's interpreter, from the repository root where pre-commit runs


def lint_commands_in_tests() -> set[tuple[str, ...]]:
    """tests/test_lint.py's commands, the interpreter (the venv's) left out."""
    spec = importlib.util.spec_from_file_location("lint_checks", ROOT / "tests" / "test_lint.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert all(command[0] == sys.executable for command, _ in module.CHECKS.values())
    return {tuple(command[1:]) for command, _ in module.CHECKS.values()}


def lint_commands_in_pre_commit(config: str) -> set[tuple[str, ...]]:
    """Each hook's command as pre-commit runs it; a hook that is not the venv's tool is shown as it is."""
    commands = set()
    for repo in yaml.safe_load(config)["repos"]:
        for hook in repo["hooks"]:
            if repo["repo"] != "local":  # its own environment, its own version of the tool
                commands.add((f"{repo['repo']}@{repo.get('rev')}", hook["id"]))
                continue
            words = [*shlex.split(hook["entry"]), *hook.get("args", [])]
            words = words[1:] if words[0] == VENV_PYTHON else words
            if hook.get("pass_filenames", True):
                words.append("<staged files>")
            commands.add(tuple(words))
    return commands


def lint_mismatch(tests: set[tuple[str, ...]], config: str) -> list[str]:
    hooks = lint_commands_in_pre_commit(config)
    return [f"tests/test_lint.py only: {shlex.join(c)}" for c in sorted(tests - hooks)] + [
        f".pre-commit-config.yaml only: {shlex.join(c)}" for c in sorted(hooks - tests)
    ]


def test_pre_commit_runs_the_lint_the_tests_run():
    problems = lint_mismatch(lint_commands_in_tests(), PRE_COMMIT.read_text())
    assert not problems, (
        "pre-commit and tests/test_lint.py run different lint:\n"
        + "\n".join(problems)
        + f"\nFix: give each check in tests/test_lint.py a local hook in .pre-commit-config.yaml whose entry is "
        f"`{VENV_PYTHON}` and the same arguments, with `pass_filenames: false`."
    )


def test_lint_mismatch_is_named():
    tests = {("-m", "ruff", "check", "."), ("-m", "codespell_lib", "docs")}
    config = f"""repos:
  - repo: local
    hooks:
      - {{id: a, name: a, entry: {VENV_PYTHON} -m ruff check ., language: system, pass_filenames: false}}
      - {{id: b, name: b, entry: {VENV_PYTHON} -m codespell_lib, args: [docs], language: system}}
  - repo: https://example.invalid/ruff
    rev: v1
    hooks: [{{id: ruff}}]
"""
    assert lint_mismatch(tests, config) == [
        "tests/test_lint.py only: -m codespell_lib docs",
        ".pre-commit-config.yaml only: -m codespell_lib docs '<staged files>'",
        ".pre-commit-config.yaml only: https://example.invalid/ruff@v1 ruff",
    ]


def test_pre_commit_config_is_valid():
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(PRE_COMMIT)], capture_output=True, text=True
    )
    assert result.returncode == 0, f"pre-commit refuses .pre-commit-config.yaml:\n{result.stdout}{result.stderr}"


# The workflows: actionlint, pinned actions, time limits, a manual run -----------------------

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))


def actionlint(paths: list[Path]) -> subprocess.CompletedProcess:
    # No shellcheck or pyflakes from PATH: the same checks on every machine.
    command = [str(BIN / "actionlint"), "-no-color", "-shellcheck=", "-pyflakes=", *map(str, paths)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def test_workflows_pass_actionlint():
    assert WORKFLOWS, "no workflow found under .github/workflows/"
    result = actionlint(WORKFLOWS)
    assert result.returncode == 0, (
        f"actionlint found problems (file:line:col below):\n{result.stdout}{result.stderr}"
        "Fix the workflow; re-check with `.venv/bin/actionlint .github/workflows/*.yml`."
    )


def test_actionlint_names_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n"
    )
    result = actionlint([broken])
    assert result.returncode == 1 and 'broken.yml:6:23: property "nope" is not defined' in result.stdout, (
        result.stdout + result.stderr
    )


USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", re.MULTILINE)
PINNED = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}")
VERSION_COMMENT = re.compile(r"\s+# v\d+(\.\d+)*\s*$")


def workflow_problems(path: Path, text: str) -> list[str]:
    """Actions not pinned to a commit with its release in a comment; jobs with no time limit."""
    problems = []
    for match in USES.finditer(text):
        line = text.count("\n", 0, match.start(1)) + 1
        action, rest = match[1], match[2]
        if action.startswith(("./", "docker://")):
            continue
        if not PINNED.fullmatch(action) or not VERSION_COMMENT.fullmatch(rest):
            problems.append(f"{path.name}:{line}: `{action}{rest}` is not `owner/repo@<40-hex commit> # vX.Y.Z`")
    for name, job in (yaml.safe_load(text).get("jobs") or {}).items():
        if "steps" in job and "timeout-minutes" not in job:
            problems.append(f"{path.name}: job `{name}` has no timeout-minutes")
    return problems


def test_workflows_pin_actions_and_limit_jobs():
    problems = [problem for path in WORKFLOWS for problem in workflow_problems(path, path.read_text())]
    assert not problems, (
        "\n".join(problems) + "\nFix: pin each action to the commit its release tag points to "
        "(`git ls-remote https://github.com/OWNER/REPO refs/tags/vX.Y.Z`), and give each job a timeout-minutes."
    )


def test_workflow_problems_are_named():
    text = (
        "jobs:\n  a:\n    timeout-minutes: 5\n    steps:\n      - uses: actions/checkout@v4\n"
        "  b:\n    steps:\n      - uses: actions/cache@" + "a" * 40 + " # v5.0.5\n"
    )
    assert workflow_problems(Path("w.yml"), text) == [
        "w.yml:5: `actions/checkout@v4` is not `owner/repo@<40-hex commit> # vX.Y.Z`",
        "w.yml: job `b` has no timeout-minutes",
    ]


def test_pages_workflow_has_a_manual_run_that_deploys():
    text = (ROOT / ".github" / "workflows" / "pages.yml").read_text()
    config = yaml.safe_load(text)
    triggers = config.get("on", config.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "workflow_dispatch" in triggers, "pages.yml: no workflow_dispatch (a manual run that can deploy)"
    push_only = [line.strip() for line in text.splitlines() if re.search(r"event_name\s*==\s*'push'", line)]
    assert not push_only, f"pages.yml: steps or jobs that a manual run skips: {push_only}"


# LICENSE -----------------------------------------------------------------------------------


def test_license_is_the_one_the_footer_names():
    """mkdocs.yml's copyright line (the footer of every page) names the licence LICENSE holds."""
    title = (ROOT / "LICENSE").read_text().splitlines()[0]
    name = title.removesuffix(" License")
    footer = re.search(r"^copyright: (.*)$", (ROOT / "mkdocs.yml").read_text(), re.MULTILINE)
    assert footer, "mkdocs.yml: no copyright line (the footer's licence)"
    assert re.search(rf"\b{re.escape(name)} licen[cs]e\b", footer[1]), (
        f"the footer says {footer[1]!r}, but LICENSE is the {title}: make them name the same licence"
    )
