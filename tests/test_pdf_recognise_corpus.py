"""The real corpus PDFs with every table title taken out (or garbled): the tables are still found, by what they
hold, and read exactly as with their titles.

The titles are removed from the page geometry at test time (the characters of every line that is a standard
title); which pages are searched for ruling is decided again on what is left, as ``iter_pages`` does.
"""

from __future__ import annotations

from typing import Any

import pytest

from juesuan.model import TABLE_TITLES
from juesuan.model_json import table_to_json
from juesuan.read.pdf.document import Char, PageGeometry, iter_pages, open_pdf
from juesuan.read.pdf.lines import group_lines, line_text
from juesuan.read.pdf.tables import TablesRead, read_all_tables
from juesuan.read.tables.catalogue import match_title
from juesuan.read.tables.recognise import may_hold_table
from tests.conftest import corpus_file

# Not the blank template: without titles and without a single amount, nothing on its pages says "table" to the
# cheap test that decides where ruling is read (recognise.may_hold_table).
STEMS = ["putuo-czj-2024", "putuo-shgzb-2024", "gjxfj-2024"]
# Tables with nothing to tell them by (none so far: gjxfj's empty 公开08 国有资本经营 table prints only 合计 /
# 基本支出 / 项目支出 over blank rows, like 支出决算表, but its statement below names the fund).
UNTELLABLE: dict[str, set[str]] = {}


def _pages(stem: str) -> list[PageGeometry]:
    doc = open_pdf(corpus_file(f"{stem}.pdf"))
    try:
        return list(iter_pages(doc, all_segments=True))
    finally:
        doc.close()


def _is_title(line: list[Char]) -> bool:
    return match_title(line_text(line).split("单位")[0]) is not None


def _without_titles(pages: list[PageGeometry], garble: bool) -> list[PageGeometry]:
    """The pages with each title line removed, or its characters shuffled (printed over another heading);
    ruling kept only where the reader would look for it."""
    out = []
    follow = False
    for page in pages:
        chars = []
        for line in group_lines(page.chars):
            if not _is_title(line):
                chars.extend(line)
            elif garble:  # every other character moved to the end: "收入支出决算总表" -> "收支决总入出算表"
                texts = [c.text for c in line]
                chars.extend(c._replace(text=t) for c, t in zip(line, texts[::2] + texts[1::2], strict=True))
        wanted = follow or may_hold_table("".join(c.text for c in chars))
        segments = page.segments if wanted else []
        follow = bool(segments)
        out.append(PageGeometry(page.number, page.width, page.height, chars, segments))
    return out


def _tables(found: TablesRead) -> dict[str, Any]:
    out = {}
    for key, table in found.tables.items():
        data = table_to_json(table)
        data.pop("title", None)
        out[key] = data
    return out


@pytest.mark.parametrize("garble", [False, True], ids=["removed", "garbled"])
@pytest.mark.parametrize("stem", STEMS)
def test_tables_are_found_without_their_titles(stem: str, garble: bool) -> None:
    pages = _pages(stem)
    with_titles = _tables(read_all_tables(pages))
    blind = read_all_tables(_without_titles(pages, garble))
    expected = {k: v for k, v in with_titles.items() if k not in UNTELLABLE.get(stem, set())}
    assert _tables(blind) == expected
    assert blind.others == []
    # named by what they are, not by the garbled line above them
    assert all(t.title == TABLE_TITLES[k] for k, t in blind.tables.items())
    # each found by its header says so
    recognised = {p.table for p in blind.problems if p.kind == "info" and "按表头识别" in p.message}
    assert recognised == set(expected)
