"""Reports published as web pages: HTML made from the corpus answers reads back exactly.

Three renderings of each answer: our composer's HTML (``<thead>``/``<th>`` headers with rowspan and
colspan, UTF-8), a government-site page made in tests/web_page.py (a layout table round the content,
``<td>`` headers, amounts with thousands separators, ``&nbsp;`` in blank cells, GB2312, a script, a style
sheet and a hidden block), and the page as Word's 另存为网页 writes it (tests/web_page.py ``word_page``).
The text a browser copies from the page reads with the text reader.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from juesuan import errors
from juesuan.cli import main
from juesuan.model import Report
from juesuan.model_json import report_from_json, report_to_json
from juesuan.read import read
from juesuan.read.file_format import file_format
from juesuan.read.html.document import TableBlock, TextBlock, read_blocks
from tests.conftest import corpus_file
from tests.model_cells import compare
from tests.web_page import copied_text, web_page, web_page_html, word_page

ANSWERS = ("putuo-czj-2024", "putuo-shgzb-2024", "gjxfj-2024", "hanyang-zzb-2022")


def _answer(name: str) -> dict[str, Any]:
    return json.loads(corpus_file(f"{name}.expected.json").read_text(encoding="utf-8"))


def _no_boxes(report: Report) -> bool:
    return all(not row.boxes for t in report.tables.values() for row in (*t.rows, *t.income, *t.expenditure))


@pytest.mark.parametrize("name", ANSWERS)
def test_the_composers_html_reads_back_exactly(tmp_path: Path, name: str) -> None:
    from juesuan.compose.html import report_html

    answer = _answer(name)
    path = tmp_path / "report.html"
    path.write_text(report_html(report_from_json(answer), unchecked=True), encoding="utf-8")
    report = read(path)
    assert report.source_format == "html" and report.page_count == 1
    n, wrong = compare(report_to_json(report, with_pages=False), answer)
    assert n > 300 and wrong == [], wrong
    assert _no_boxes(report)  # the reader's own layout is no position on a page


@pytest.mark.parametrize("name", ANSWERS)
def test_a_government_web_page_reads_back_exactly(tmp_path: Path, name: str) -> None:
    answer = _answer(name)
    model = report_from_json(answer)
    path = tmp_path / "index.htm"
    path.write_bytes(web_page(model))
    report = read(path)
    n, wrong = compare(report_to_json(report, with_pages=False), answer)
    assert n > 300 and wrong == [], wrong
    # its running text reads as the same text copied from the page does
    copied = tmp_path / "copied.txt"
    copied.write_text(copied_text(model), encoding="utf-8")
    assert report.narrative.facts == read(copied).narrative.facts
    assert (report.department, report.year) == (answer["department"], answer["year"])


@pytest.mark.parametrize("name", ANSWERS)
def test_a_page_saved_by_word_reads_back_exactly(tmp_path: Path, name: str) -> None:
    answer = _answer(name)
    model = report_from_json(answer)
    path = tmp_path / "report.htm"
    path.write_bytes(word_page(model))
    report = read(path)
    n, wrong = compare(report_to_json(report, with_pages=False), answer)
    assert n > 300 and wrong == [], wrong
    assert report.problems == []
    copied = tmp_path / "copied.txt"
    copied.write_text(copied_text(model), encoding="utf-8")
    assert report.narrative.facts == read(copied).narrative.facts


@pytest.mark.parametrize("name", ANSWERS)
def test_text_copied_from_the_page_reads(tmp_path: Path, name: str) -> None:
    answer = _answer(name)
    path = tmp_path / "copied.txt"
    path.write_text(copied_text(report_from_json(answer)), encoding="utf-8")
    report = read(path)
    n, wrong = compare(report_to_json(report, with_pages=False), answer)
    # a value the text reader cannot place is left blank and marked, never guessed
    unsure = {p.table for p in report.problems if p.kind == "ambiguous"}
    assert [k for k in wrong if k.split("/")[0] not in unsure] == []
    assert len(wrong) <= n // 50


def test_a_folder_of_pages_is_one_report(tmp_path: Path) -> None:
    """A report published over several pages: the tables on one, the 情况说明 on another."""
    answer = _answer("putuo-czj-2024")
    html = web_page_html(report_from_json(answer))
    split = html.rindex("第三部分")  # the heading, not its line in the table of contents
    start = html.rindex("<p", 0, split)
    folder = tmp_path / "report"
    folder.mkdir()
    (folder / "page1.html").write_bytes((html[:start] + "</td></tr></table></body></html>").encode("gbk"))
    (folder / "page10.html").write_text("<html><body><table><tr><td>" + html[start:], encoding="utf-8")
    (folder / "style.css").write_text("td { }", encoding="utf-8")
    assert file_format(folder) == "html"
    report = read(folder)
    assert report.page_count == 2 and [p.number for p in report.pages] == [1, 2]
    n, wrong = compare(report_to_json(report, with_pages=False), answer)
    assert n > 500 and wrong == []
    explained = {k: s for k, s in report.narrative.sources.items() if not k.startswith("profile")}
    assert explained and all(s.page == 2 for s in explained.values())  # the 情况说明 is on the second page
    assert all(t.pages == [1] for t in report.tables.values())


def test_a_web_page_is_known_by_its_content(tmp_path: Path) -> None:
    page = tmp_path / "saved"
    page.write_text("<!-- saved from url=(0014)about:internet -->\n<!DOCTYPE html><html><body><p>x</p></body></html>",
                    encoding="utf-8")
    assert file_format(page) == "html"
    text = tmp_path / "notes.txt"
    text.write_text("一、收入支出决算总体情况说明\n<p>不是网页</p>", encoding="utf-8")
    assert file_format(text) == "text"
    assert file_format(tmp_path / "saved") == "html"
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    with pytest.raises(errors.UnsupportedFile):
        file_format(empty_dir)


def test_a_page_without_a_report_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "news.html"
    path.write_text("<html><body><p>区政府召开常务会议。</p></body></html>", encoding="utf-8")
    assert main(["parse", str(path)]) == errors.NotAReport.exit_code
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"juesuan: {path}: ") and "\n" not in err
    blank = tmp_path / "blank.html"
    blank.write_text("<html><head><title>空</title></head><body><script>x()</script></body></html>", encoding="utf-8")
    assert main(["parse", str(blank)]) == errors.NotAReport.exit_code


def test_cells_are_placed_by_their_spans(tmp_path: Path) -> None:
    path = tmp_path / "t.html"
    path.write_text("""<html><body>
    <div style="display:none"><p>隐藏</p></div>
    <table><tr><td>导航<table border=1>
      <tr><th rowspan="2">项目</th><th colspan="2">本年支出</th></tr>
      <tr><td>基本支出</td><td>项目<br>支出</td></tr>
      <tr><td>合计</td><td>1,234.50</td><td>&nbsp;</td></tr>
    </table>脚注</td></tr></table>
    <p>第一行<br/>第二行</p><script>document.write('x')</script>
    </body></html>""", encoding="utf-8")
    blocks = read_blocks(path)
    tables = [b for b in blocks if isinstance(b, TableBlock)]
    texts = [b.text for b in blocks if isinstance(b, TextBlock)]
    assert texts == ["导航", "脚注", "第一行", "第二行"]  # the layout table's text is running text
    [table] = tables  # only the table of data, not the layout table round it
    assert (table.n_rows, table.n_cols) == (3, 3)
    placed = {(c.r0, c.c0): (c.text, c.r1 - c.r0, c.c1 - c.c0) for c in table.cells}
    assert placed == {(0, 0): ("项目", 2, 1), (0, 1): ("本年支出", 1, 2), (1, 1): ("基本支出", 1, 1),
                      (1, 2): ("项目支出", 1, 1), (2, 0): ("合计", 1, 1), (2, 1): ("1,234.50", 1, 1),
                      (2, 2): ("", 1, 1)}


def test_gb2312_declared_pages_decode(tmp_path: Path) -> None:
    path = tmp_path / "gb.html"
    path.write_bytes('<html><head><meta charset="gb2312"></head><body><p>财政拨款收入 鍼</p></body></html>'
                     .encode("gb18030"))
    assert [b.text for b in read_blocks(path) if isinstance(b, TextBlock)] == ["财政拨款收入 鍼"]
