"""The user's documents hold together: every relative Markdown link in README.md and docs/ points at a file
that exists (and, where it names a heading of a Markdown file, at a heading that exists), every table row
has its header's columns (GitHub drops extra cells silently), and the README stays a user's guide of under
15,000 bytes (the detail lives in docs/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO

README_LIMIT_BYTES = 15_000

FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.DOTALL)
INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$", re.MULTILINE)
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # http:, https:, mailto:, ...


def documents() -> list[Path]:
    return [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]


def _prose(text: str) -> str:
    """The text with fenced code blocks and code spans removed: a link inside code is not a link."""
    return CODE_SPAN.sub("", FENCE.sub("", text))


def link_targets(text: str) -> list[str]:
    """Every inline, image and reference-style link target in Markdown prose."""
    prose = _prose(text)
    return INLINE_LINK.findall(prose) + REFERENCE_LINK.findall(prose)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, code marks and punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).lower()  # a linked heading anchors on its text
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """The anchors of a Markdown file's headings, numbered as GitHub numbers repeated ones."""
    seen: dict[str, int] = {}
    found = set()
    for heading in HEADING.findall(FENCE.sub("", path.read_text(encoding="utf-8"))):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def broken_links(path: Path) -> list[str]:
    """Each relative link of a Markdown file whose file, or heading in a Markdown file, does not exist."""
    broken = []
    for target in link_targets(path.read_text(encoding="utf-8")):
        if EXTERNAL.match(target):
            continue
        file_part, _, anchor = target.partition("#")
        resolved = (path.parent / file_part).resolve() if file_part else path
        if not resolved.exists():
            broken.append(f"{target}: no such file")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{target}: no heading #{anchor} in {resolved.name}")
    return broken


def ragged_table_rows(text: str) -> list[str]:
    """Each table row whose cell count differs from its table's header row. As in GitHub's Markdown, only an
    escaped pipe is text; one in a code span still splits the cell."""
    ragged, header_cells = [], None
    for line in FENCE.sub("", text).splitlines():
        if not line.lstrip().startswith("|"):
            header_cells = None
            continue
        cells = len(line.replace("\\|", "").strip().strip("|").split("|"))
        if header_cells is None:
            header_cells = cells
        elif cells != header_cells:
            ragged.append(line)
    return ragged


@pytest.mark.parametrize("path", documents(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_resolves(path: Path) -> None:
    assert broken_links(path) == []


@pytest.mark.parametrize("path", documents(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_table_row_has_its_headers_columns(path: Path) -> None:
    assert ragged_table_rows(path.read_text(encoding="utf-8")) == []


def test_the_readme_is_a_short_guide() -> None:
    size = len((REPO / "README.md").read_bytes())
    assert size < README_LIMIT_BYTES, f"README.md is {size:,} bytes, over {README_LIMIT_BYTES:,}: move detail to docs/"


def test_broken_links_are_found(tmp_path: Path) -> None:
    (tmp_path / "there.md").write_text("# A heading, with `code`\n\ntext\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n"
        "[ok](there.md) [ok anchor](there.md#a-heading-with-code) [ok self](#page) [web](https://example.org/x)\n"
        "[missing](gone.md) ![missing image](img/none.png) [bad anchor](there.md#nowhere) [bad self](#nope)\n"
        "`[in code](code-span.md)`\n\n```\n[in a fence](fence.md)\n```\n\n[ref]: also-gone.md\n",
        encoding="utf-8")
    assert broken_links(page) == ["gone.md: no such file", "img/none.png: no such file",
                                  "there.md#nowhere: no heading #nowhere in there.md",
                                  "#nope: no heading #nope in page.md", "also-gone.md: no such file"]


def test_ragged_rows_are_found() -> None:
    table = "| a | b |\n|---|---|\n| 1 | `x\\|y` |\n| 1 | `x|y` |\n\n| c |\n|---|\n| 4 |\n"
    assert ragged_table_rows(table) == ["| 1 | `x|y` |"]


@pytest.mark.parametrize(("heading", "anchor"), [
    ("The search, and `--lns` for large sites", "the-search-and---lns-for-large-sites"),
    ("Rota engine: Curtois & Qu instances 1-12", "rota-engine-curtois--qu-instances-1-12"),
    ("Set-up: two commands on a fresh machine", "set-up-two-commands-on-a-fresh-machine"),
])
def test_anchors_follow_github(heading: str, anchor: str) -> None:
    assert slug(heading) == anchor
