"""The site builds under --strict, and every page's footer says on which releases its outputs were
verified, from the record. (That a build is reproducible is shown by the ProperDocs build being
identical to it: tests/test_conventions.py.)"""

import html
import re
import textwrap
from pathlib import Path

import pygments
import pytest
from mkdocs.utils import yaml_load
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from tools import ROOT, environment, layout
from tools.code_block_hooks import PLAIN_TOKEN, PLAIN_TOKEN_CLASSES
from tools.environment import Release
from tools.mkdocs_hooks import page_units, verified_sentence
from tools.pages import INCLUDE, fences


def test_site_builds_strict(built_site):
    assert (built_site / "index.html").is_file()
    assert (built_site / "404.html").is_file()


def _footer(page_html: str) -> str | None:
    start = page_html.find('<p class="verified-with">')
    return html.unescape(page_html[start:].split(">", 1)[1].split("</p>", 1)[0]) if start >= 0 else None


def test_every_page_states_the_releases_its_outputs_were_verified_on(built_site):
    """The footer of every page is the sentence computed from the record for what the page shows."""
    problems = []
    for source in layout.site_sources(ROOT):
        relative = source.relative_to(layout.docs_dir(ROOT)).with_suffix("")
        built = built_site / (relative.parent if relative.name == "index" else relative) / "index.html"
        units, unchecked = page_units(ROOT, source)
        footer = _footer(built.read_text())
        if footer != verified_sentence(ROOT, units, unchecked):
            problems.append(f"{source.relative_to(ROOT)}: footer {footer!r}")
    assert not problems, "pages whose footer is not computed from verified/ (tools/mkdocs_hooks.py):\n" + "\n".join(
        problems
    )


# The footer sentence, on a throwaway tree ---------------------------------------------------

OLD, PIN, NEW = Release("1.0.0", "3.11"), Release("2.0.0+cpu", "3.11"), Release("3.0.0", "3.11")


@pytest.fixture
def tree(tmp_path):
    """Two snippets with stored outputs, and three listed releases."""
    (tmp_path / "releases.toml").write_text(
        '[[release]]\ntorch = "1.0.0"\npython = "3.11"\n'
        '[[release]]\ntorch = "2.0.0+cpu"\npython = "3.11"\npinned = true\n'
        '[[release]]\ntorch = "3.0.0"\npython = "3.11"\n'
    )
    for name in ("a", "b"):
        path = tmp_path / "snippets" / "page" / f"{name}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('"""A claim."""\nprint(1)\n')
        layout.output_path(path).write_text(f"{name}\n")
    return tmp_path


def _page(tree: Path, text: str) -> Path:
    page = tree / "docs" / "page.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(textwrap.dedent(text))
    return page


def test_page_units_are_the_snippets_it_includes_and_other_files_are_named(tree):
    page = _page(
        tree,
        """
        --8<-- "snippets/page/a.py:show"
        --8<-- "snippets/page/a.out"
        --8<-- "snippets/page/a.py:check"
        --8<-- "snippets/page/b.out"
        --8<-- "benchmarks/results/speed.txt"
        --8<-- "CONTRIBUTING.md"
        ;--8<-- "snippets/page/escaped.out"
        """,
    )
    assert page_units(tree, page) == (["snippets/page/a.py", "snippets/page/b.py"], ["benchmarks/results/speed.txt"])


def test_footer_names_the_releases_that_printed_every_output_and_the_exceptions(tree):
    units = ["snippets/page/a.py", "snippets/page/b.py"]
    for unit, text in (("snippets/page/a.py", "a\n"), ("snippets/page/b.py", "b\n")):
        environment.add(tree, unit, OLD, environment.digest(text))
        environment.add(tree, unit, PIN, environment.digest(text))
    environment.add(tree, "snippets/page/a.py", NEW, environment.digest("something else\n"))
    assert verified_sentence(tree, units, ["benchmarks/results/speed.txt"]) == (
        "The 2 snippet outputs on this page were printed by the code beside them on torch 1.0.0 and 2.0.0+cpu "
        "on Python 3.11. Every test run checks them again on torch 2.0.0+cpu; the release run, on the others. "
        "On torch 3.0.0 on Python 3.11, 1 of them printed something else and 1 has not run in this version. "
        "benchmarks/results/speed.txt is shown as measured; no test checks it."
    )


def test_footer_counts_an_output_refreshed_since_a_release_verified_it_as_not_shown_there(tree):
    environment.add(tree, "snippets/page/a.py", PIN, environment.digest("a\n"))
    environment.add(tree, "snippets/page/a.py", OLD, environment.digest("a\n"))
    (tree / "snippets" / "page" / "a.out").write_text("a, refreshed\n")  # OLD and PIN printed the old text
    environment.add(tree, "snippets/page/a.py", PIN, environment.digest("a, refreshed\n"))
    assert verified_sentence(tree, ["snippets/page/a.py"], []) == (
        "The snippet output on this page was printed by the code beside it on torch 2.0.0+cpu on Python 3.11. "
        "Every test run checks it again on torch 2.0.0+cpu. On torch 1.0.0 on Python 3.11, it printed something "
        "else. On torch 3.0.0 on Python 3.11, it has not run in this version."
    )


def test_footer_groups_releases_with_the_same_exception(tree):
    environment.add(tree, "snippets/page/a.py", PIN, environment.digest("a\n"))
    assert verified_sentence(tree, ["snippets/page/a.py"], []).endswith(
        "On torch 1.0.0 and 3.0.0 on Python 3.11, it has not run in this version."
    )


def test_footer_counts_units_skipped_by_applies_to_apart_from_failures_and_unrun_ones(tree):
    """A unit its `# Applies to:` line leaves out is counted as needing that torch, not as failing or unrun."""
    for name in ("c", "d", "e"):
        path = tree / "snippets" / "page" / f"{name}.py"
        path.write_text('"""A claim."""\n# Applies to: torch>=2\nprint(1)\n')
        layout.output_path(path).write_text(f"{name}\n")
    units = [f"snippets/page/{name}.py" for name in "abcde"]
    for unit in units:
        environment.add(tree, unit, PIN, environment.digest(f"{Path(unit).stem}\n"))
    environment.add_failure(tree, "snippets/page/a.py", OLD, "stderr", "wrote to stderr: UserWarning: x")
    assert verified_sentence(tree, units, []).endswith(
        "On torch 1.0.0 on Python 3.11, 3 need torch>=2, 1 fails there (its note says how) and 1 has not run in "
        "this version. On torch 3.0.0 on Python 3.11, 5 have not run in this version."
    )


def test_footer_of_a_page_without_outputs(tree):
    assert verified_sentence(tree, [], []) == "This page shows no snippet or notebook output."


SOURCE_LINK = re.compile(r'<span class="filename"><a class="snippet-source" href="(?P<href>[^"]+)">')


def _snippet_blocks(page: Path) -> list[str]:
    """The snippet file each titled block of a page's source shows (`--8<-- "snippets/....py:show"`)."""
    shown = []
    for fence in fences(page):
        targets = [match["target"] for line in fence.body.splitlines() if (match := INCLUDE.match(line))]
        if fence.title is not None and len(targets) == 1 and layout.is_snippet_include(targets[0].split(":", 1)[0]):
            shown.append(targets[0])
    return shown


def test_every_snippet_block_links_to_its_file(built_site):
    """Each titled block that shows a snippet links, from its title, to that file in the repository
    at the lines it shows (the section between its markers); the file exists under snippets/."""
    config = yaml_load((ROOT / "mkdocs.yml").read_text())
    prefix = config["repo_url"].rstrip("/") + "/blob/main/"
    problems, checked = [], 0
    for page in layout.site_pages(ROOT):
        relative = page.relative_to(layout.docs_dir(ROOT)).with_suffix("")
        built = built_site / (relative.parent if relative.name == "index" else relative) / "index.html"
        links = SOURCE_LINK.findall(built.read_text())
        expected = _snippet_blocks(page)
        if len(links) != len(expected):
            problems.append(f"{page.name}: {len(expected)} snippet blocks, {len(links)} linked titles")
            continue
        for href, target in zip(links, expected, strict=True):
            checked += 1
            href = html.unescape(href)
            path, _, lines = href.removeprefix(prefix).partition("#")
            file, _, section = target.partition(":")
            if not href.startswith(prefix) or path != file or not (ROOT / path).is_file():
                problems.append(f"{page.name}: the block showing {target} links to {href}")
                continue
            if section:
                text = (ROOT / path).read_text().splitlines()
                first, last = (int(part) for part in re.fullmatch(r"L(\d+)-L(\d+)", lines).groups())
                if f"[start:{section}]" not in text[first - 2] or f"[end:{section}]" not in text[last]:
                    problems.append(f"{page.name}: {href} does not span the [{section}] section of {path}")
    assert checked, "no snippet block found on any page"
    assert not problems, "\n".join(problems)


def test_code_on_markdown_pages_keeps_no_plain_token_spans(built_site):
    """The build unwraps the spans of tokens drawn as plain code text (names, whitespace, punctuation:
    tools/code_block_hooks.py), on Markdown pages only: the text stays, the notebook keeps its spans."""
    plain = re.compile(r'<span class="(?:' + "|".join(PLAIN_TOKEN_CLASSES) + ')">')
    kept = {}
    for page in built_site.rglob("index.html"):
        kept[page.relative_to(built_site).as_posix()] = len(plain.findall(page.read_text()))
    notebooks = {name for name in kept if name.startswith("notebooks/")}
    assert notebooks and all(kept[name] for name in notebooks), kept
    assert not {name: count for name, count in kept.items() if count and name not in notebooks}


def test_unwrapping_plain_tokens_keeps_the_text_and_the_coloured_spans():
    code = 'def f(x):\n    return f"{x!r}" if x is not None else __name__  # note\n'
    highlighted = pygments.highlight(code, PythonLexer(), HtmlFormatter())
    unwrapped = PLAIN_TOKEN.sub(r"\1", highlighted)
    text = lambda markup: html.unescape(re.sub(r"<[^>]+>", "", markup))  # noqa: E731
    assert text(unwrapped) == text(highlighted) and text(highlighted).strip() == code.strip()
    assert len(unwrapped) < len(highlighted)
    assert not re.search(r'<span class="(?:' + "|".join(PLAIN_TOKEN_CLASSES) + ')">', unwrapped)
    for coloured in ("k", "nf", "s2", "si", "ow", "c1"):  # keywords, function, strings, comment
        assert f'<span class="{coloured}">' in unwrapped, coloured
