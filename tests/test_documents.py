"""The README is a front page (at most 200 lines; the rest lives in docs/), and every relative link
in it and in docs/ leads somewhere: to a file or folder of the repository and, for `#anchor`, to
a heading of that page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import ROOT

README_LINES = 200
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def links(page: Path) -> list[str]:
    """The targets of the page's Markdown links, outside code blocks."""
    return LINK.findall(FENCE.sub("", page.read_text(encoding="utf-8")))


def slug(heading: str) -> str:
    """A heading's anchor as GitHub writes it: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    return {slug(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")}


def test_the_readme_is_a_front_page() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_LINES, f"README.md has {len(lines)} lines; details belong in docs/"


def broken_links(page: Path, root: Path = ROOT) -> list[str]:
    """Each relative link of the page that leads nowhere inside `root`, with why."""
    broken = []
    for target in links(page):
        if re.match(r"^[a-z]+:", target):  # https:, mailto: — not checked (no network at test time)
            continue
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        if not resolved.exists() or not resolved.is_relative_to(root):
            broken.append(f"{target}: no such file or folder in the repository")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{target}: {resolved.name} has no heading #{anchor}")
    return broken


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves(page: Path) -> None:
    assert broken_links(page) == []


def test_the_link_check_finds_a_broken_link_and_a_missing_anchor(tmp_path: Path) -> None:
    """The checker itself on a planted page (a test that could not fail would prove nothing)."""
    (tmp_path / "here.md").write_text("# Here\n## Two `words`\n")
    page = tmp_path / "page.md"
    page.write_text("[a](here.md#two-words) [b](missing.md) [c](here.md#nowhere) [d](../outside.md)\n"
                    "[e](https://example.org)\n```\n[f](inside-code.md)\n```\n")
    (tmp_path.parent / "outside.md").write_text("")
    assert broken_links(page, tmp_path) == [
        "missing.md: no such file or folder in the repository",
        "here.md#nowhere: here.md has no heading #nowhere",
        "../outside.md: no such file or folder in the repository",
    ]
