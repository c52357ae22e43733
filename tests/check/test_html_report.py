"""The HTML report: errors first, filters, legend, each page picture once, sentences boxed line by line."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from juesuan.check.render.marks import sentence_marks
from juesuan.cli import main
from juesuan.model import Box, TextLine
from juesuan.model_json import dumps, report_from_json
from tests.check import sample


def _page(tmp_path: Path) -> str:
    data = sample.data()
    data["narrative"]["procurement"]["total"] = "10.01"  # N409 取整差异 (info), reported first by page
    data["narrative"]["fiscal"]["total"] = "0.3"  # N401 (error)
    data["tables"]["expenditure"]["rows"][0]["values"][0] = "80.10"  # A201 (error, table section)
    path = tmp_path / "r.json"
    path.write_text(dumps(report_from_json(data)), encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["check", str(path), "--format", "html", "-o", str(out)]) == 1
    return out.read_text(encoding="utf-8")


def test_errors_first_then_warnings_then_info(tmp_path: Path) -> None:
    page = _page(tmp_path)
    order = re.findall(r'<div class="finding (\w+)"', page)
    assert order[0] == "error" and order == sorted(order, key=["error", "warning", "info"].index)
    groups = re.findall(r'<section class="group" data-severity="(\w+)"><h2>(\S+)（(\d+)）', page)
    assert [g[0] for g in groups] == ["error", "info"]


def test_filters_and_legend(tmp_path: Path) -> None:
    page = _page(tmp_path)
    assert '<input type="checkbox" name="sev" value="error" checked>' in page
    sections = re.findall(r'<option value="(\w+)">', page)
    assert {"table", "narrative"} <= set(sections)
    assert all(f'data-section="{s}"' in page for s in sections)
    assert "红框" in page and "橙色虚线框" in page
    assert "<script>" in page and "addEventListener('change'" in page


def test_each_page_picture_is_embedded_once(tmp_path: Path) -> None:
    """Three findings on page 6 of a real report share one picture (the old report embedded it three times)."""
    from tests.conftest import corpus_file

    pdf = corpus_file("putuo-czj-2024.pdf")
    out = tmp_path / "czj.html"
    if main(["check", str(pdf), "--format", "html", "-o", str(out)]) == 2:
        pytest.skip("the PDF reader cannot read this document yet")
    page = out.read_text(encoding="utf-8")
    defined = re.findall(r'<image id="page-(\d+)"', page)
    used = re.findall(r'<use href="#page-(\d+)"/>', page)
    assert len(defined) == len(set(defined)) == len(set(used))
    assert len(used) > len(set(used))  # some page serves several findings
    assert page.count("data:image/png;base64,") == len(defined)


def _lines() -> list[TextLine]:
    """Four lines printed every 14 pt, each with PDFium's loose 22 pt box (overlapping its neighbours)."""
    texts = ["上一句的结尾。一般公共预算财政拨款支出", "2940.05万元，主要用于以下方面：一般公共",
             "服务支出2106.66万元，占71.73%；社会保障", "和就业支出326.72万元，占11.11%。"]
    return [TextLine(t, Box(21, 72, 100 + 14 * i - 4, 520, 100 + 14 * i + 18)) for i, t in enumerate(texts)]


def test_a_wrapped_sentence_is_boxed_line_by_line_clear_of_its_neighbours() -> None:
    lines = _lines()
    sentence = "一般公共预算财政拨款支出2940.05万元，主要用于以下方面：一般公共服务支出2106.66万元，占71.73%；"
    union = Box(21, 72, 96, 520, 146)  # what the model keeps: the union of the three lines
    marks = sentence_marks(union, sentence, lines)
    assert len(marks) == 3
    middles = [(line.box.top + line.box.bottom) / 2 for line in lines if line.box]
    for mark, middle in zip(marks, middles[:3], strict=True):
        assert middle - 7.01 <= mark.top < mark.bottom <= middle + 7.01  # within half the line pitch
    for upper, lower in pairwise(marks):
        assert upper.bottom <= lower.top + 0.01  # never crossing into the next line's box
    assert marks[0].x0 > 72 + (520 - 72) * 0.3  # cut where the sentence starts, after "上一句的结尾。"
    assert marks[2].x1 < 520 - (520 - 72) * 0.2  # and where it ends, before "社会保障"
    assert marks[1].x0 == 72 and marks[1].x1 == 520  # the middle line whole


def test_a_cell_box_is_drawn_as_it_is() -> None:
    cell = Box(6, 300, 200, 340, 212)
    assert sentence_marks(cell, None, _lines()) == [cell]


def test_the_spaces_a_line_was_printed_with_count_where_a_mark_ends() -> None:
    # a title printed with a wide gap: the mark for its first words ends before the gap
    # 8 CJK characters 20 wide, 4 spaces 10 wide
    line = TextLine("第三部分    上海市局", Box(15, 100, 100, 100 + 8 * 20 + 4 * 10, 120))
    assert line.box is not None
    [mark] = sentence_marks(line.box, "第三部分", [line])
    assert abs(mark.x0 - 100) < 0.01 and abs(mark.x1 - (100 + 4 * 20)) < 0.01
    [mark] = sentence_marks(line.box, "上海市局", [line])
    assert abs(mark.x0 - (100 + 4 * 20 + 4 * 10)) < 0.01 and abs(mark.x1 - 300) < 0.01
