"""The one running-text joiner: both policies, and the joined text made once per document."""

from __future__ import annotations

from juesuan.model import Page, TextLine
from juesuan.read.prose.running_text import RunningText


def _pages() -> list[Page]:
    return [
        Page(1, [TextLine("收入支出总计 1,405.72 万元，"), TextLine("与上年相比减少 136.74 万元。"),
                 TextLine("— 1 —")]),
        Page(2, [TextLine("本年收入合计 1405.72"), TextLine("95.02")]),
    ]


def test_compact_drops_whitespace_and_page_numbers_but_keeps_numbers_apart() -> None:
    text = RunningText.compact(_pages()).text
    assert text == "收入支出总计1,405.72万元，与上年相比减少136.74万元。本年收入合计1405.72 95.02"


def test_spaced_keeps_spaces_inside_lines() -> None:
    text = RunningText.spaced(_pages()).text
    assert "收入支出总计 1,405.72 万元，与上年相比" in text and "1405.72 95.02" in text


def test_each_reader_gets_its_own_breaks_and_a_changed_page_is_joined_anew() -> None:
    pages = _pages()
    first = RunningText.compact(pages)
    first.breaks.add(3)
    second = RunningText.compact(pages)
    assert second.text == first.text and second.breaks == set()
    pages[1].lines.append(TextLine("新的一行"))
    assert RunningText.compact(pages).text.endswith("新的一行")
    other = _pages()  # equal pages, other objects: joined for themselves
    assert RunningText.compact(other).pages is other
