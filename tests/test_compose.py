"""Composing the full report: DOCX with real tables and headings, PDF with a text layer, HTML, the check gate."""

from __future__ import annotations

import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from juesuan.model import Report
from juesuan.model_json import report_from_json

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "example-2022.json"


@pytest.fixture(scope="module")
def report() -> Report:
    return report_from_json(json.loads(EXAMPLE.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def docx_bytes(report: Report) -> bytes:
    from juesuan.compose.docx_writer import report_docx

    return report_docx(report)


@pytest.fixture(scope="module")
def pdf_bytes(report: Report) -> bytes:
    from juesuan.compose.pdf import report_pdf

    return report_pdf(report)


def _pdf_pages(data: bytes) -> list[str]:
    doc = pdfium.PdfDocument(data)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def test_docx_has_real_tables_and_headings(docx_bytes: bytes) -> None:
    import docx

    d = docx.Document(io.BytesIO(docx_bytes))
    assert len(d.tables) >= 9
    headings = [p.text for p in d.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert any(h.startswith("第一部分") for h in headings)
    assert any(h.startswith("第二部分") for h in headings)
    assert any(h.startswith("第三部分") for h in headings)
    assert "第四部分 名词解释" in headings
    assert "一、收入支出决算总体情况说明" in headings
    income = next(t for t in d.tables if any("本年收入合计" in c.text for c in t.rows[0].cells))
    texts = [[c.text for c in row.cells] for row in income.rows]
    assert any(row[:4] == ["201", "", "", "一般公共服务支出"] and "1157.27" in row for row in texts)
    assert any(row[:4] == ["201", "03", "01", "行政运行"] for row in texts)


def test_docx_sets_east_asian_font_and_page_number_footer(docx_bytes: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
        footers = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/footer")]
        document = z.read("word/document.xml").decode("utf-8")
    assert 'w:eastAsia="仿宋"' in styles and 'w:eastAsia="黑体"' in styles and 'w:eastAsia="宋体"' in styles
    assert 'w:ascii="Times New Roman"' in styles
    assert any('w:instr="PAGE"' in f for f in footers)
    assert "TOC \\o" in document  # a real 目录 field Word can update


def test_docx_has_landscape_sections_for_tables(docx_bytes: bytes) -> None:
    import docx
    from docx.enum.section import WD_ORIENT

    d = docx.Document(io.BytesIO(docx_bytes))
    assert any(s.orientation == WD_ORIENT.LANDSCAPE for s in d.sections)
    assert d.sections[0].orientation == WD_ORIENT.PORTRAIT


def test_pdf_text_layer_has_the_numbers(pdf_bytes: bytes) -> None:
    pages = _pdf_pages(pdf_bytes)
    text = "".join(pages)
    assert len(pages) >= 15
    for needed in ("1405.72", "1157.27", "504.10", "112.86", "564.32", "33.23", "本表无数据", "目", "录",
                   "减少 136.74 万元，下降 8.87%", "占 42.51%", "占 57.49%", "完成年初预算的 75.27%",
                   "决算数小于年初预算数", "决算数大于年初预算数", "增加 6.78 万元，增长 25.63%"):
        assert needed in text, needed


def test_narrative_class_shares_add_up_to_100(report: Report) -> None:
    from juesuan.compose.document import Paragraph
    from juesuan.compose.narrative_text import narrative_blocks

    text = "".join(b.text for b in narrative_blocks(report) if isinstance(b, Paragraph))
    structure = text[text.index("主要用于以下方面"):]
    structure = structure[: structure.index("。")]
    pcts = [Decimal(x) for x in re.findall(r"占 ([\d.]+)%", structure)]
    assert len(pcts) == 5
    assert sum(pcts) == Decimal("100.00")


def test_empty_table_keeps_headers_and_states_no_data(report: Report) -> None:
    from juesuan.compose.table_grids import table_grid

    grid = table_grid(report.tables["gov_fund"])
    assert grid.header and not grid.body
    header_text = "".join(c.text for row in grid.header for c in row)
    assert "年初结转和结余" in header_text and "年末结转和结余" in header_text
    assert any("本表无数据" in n for n in grid.notes)


def test_html_is_the_same_layout(report: Report) -> None:
    from juesuan.compose.html import report_html

    html = report_html(report)
    assert html.count("<table>") >= 9
    assert "收入决算表" in html and "data:image/svg+xml;base64," in html
    assert "WenQuanYi Micro Hei" in html and "&#34;" not in html  # the style sheet is not HTML-escaped


def test_charts_are_drawn(report: Report) -> None:
    from juesuan.compose import charts as draw
    from juesuan.compose.document import Chart
    from juesuan.compose.narrative_text import narrative_blocks

    charts = [b for b in narrative_blocks(report) if isinstance(b, Chart)]
    # the example's income is all 财政拨款: no one-slice pie, so its figures are 图1 to 图3
    assert [c.caption for c in charts] == ["图1：收入支出决算总计变动情况", "图2：支出决算结构",
                                           "图3：财政拨款收入支出决算总计变动情况"]
    assert all(draw.svg(c).lstrip().startswith("<?xml") and "<image" not in draw.svg(c) for c in charts)
    assert all(draw.png(c).startswith(b"\x89PNG") for c in charts)


def test_compose_cli_writes_each_format(tmp_path: Path) -> None:
    from juesuan.cli import main

    for suffix in ("docx", "pdf", "html"):
        out = tmp_path / f"report.{suffix}"
        assert main(["compose", str(EXAMPLE), "-o", str(out)]) == 0
        assert out.stat().st_size > 1000


def test_compose_refuses_inconsistent_data_unless_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("juesuan.check.runner", reason="juesuan.check not available yet")
    from juesuan.cli import main

    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["tables"]["income"]["rows"][0]["values"][0] = "1257.27"  # 201 no longer adds up
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "bad.pdf"
    assert main(["compose", str(bad), "-o", str(out)]) == 1
    assert not out.exists()
    err = capsys.readouterr().err
    assert "1257.27" in err and "--force" in err
    assert main(["compose", str(bad), "-o", str(out), "--force"]) == 0
    assert "未经审核" in _pdf_pages(out.read_bytes())[0]


def test_compose_rejects_unknown_output_format(tmp_path: Path) -> None:
    from juesuan.cli import main

    assert main(["compose", str(EXAMPLE), "-o", str(tmp_path / "x.txt")]) == 2


def test_gate_lets_compose_go_on_unchecked_when_the_checker_is_missing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from juesuan.cli import main
    from juesuan.compose.check_gate import run_checks

    monkeypatch.setitem(sys.modules, "juesuan.check", None)  # import fails as if the package were absent
    report = report_from_json(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    gate = run_checks(report)
    assert not gate.available and not gate.passed
    out = tmp_path / "r.html"
    assert main(["compose", str(EXAMPLE), "-o", str(out)]) == 0
    assert "未经审核" in out.read_text(encoding="utf-8")


def test_checked_output_is_not_marked(tmp_path: Path) -> None:
    pytest.importorskip("juesuan.check.runner", reason="juesuan.check not available yet")
    from juesuan.cli import main

    out = tmp_path / "r.html"
    assert main(["compose", str(EXAMPLE), "-o", str(out)]) == 0
    assert "未经审核" not in out.read_text(encoding="utf-8")


def _variants() -> dict[str, dict[str, object]]:
    import copy

    base = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    cases: dict[str, dict[str, object]] = {
        "nothing": {"department": "某部门", "year": 2023, "tables": {}},
        "income only": {"department": "某部门", "year": 2023, "tables": {"income": base["tables"]["income"]}},
        "no narrative": dict(base, narrative={}, performance=None),
        "no department or year": dict(base, year=None, department=None),
    }
    for key in base["tables"]:
        d = copy.deepcopy(base)
        d["tables"][key] = {"empty": True, "note": None}
        cases[f"{key} empty"] = d
    return cases


@pytest.mark.parametrize("name", list(_variants()))
def test_compose_copes_with_partial_data(name: str) -> None:
    from juesuan.compose.derive import fill_derived
    from juesuan.compose.docx_writer import report_docx
    from juesuan.compose.html import report_html

    report = report_from_json(_variants()[name])
    fill_derived(report)
    html = report_html(report)
    assert "第四部分 名词解释" in html
    assert report_docx(report).startswith(b"PK")


def test_gate_ignores_the_published_narrative_it_recomputes(tmp_path: Path) -> None:
    """putuo-shgzb prints a completion rate over a zero 年初预算 (its narrative's error): composing recomputes it."""
    pytest.importorskip("juesuan.check.runner", reason="juesuan.check not available yet")
    from juesuan.cli import main
    from tests.conftest import corpus_file

    source = corpus_file("putuo-shgzb-2024.pdf")
    out = tmp_path / "r.html"
    assert main(["compose", str(source), "-o", str(out)]) == 0
    assert "未经审核" not in out.read_text(encoding="utf-8")


def test_gate_checks_the_officers_inputs(tmp_path: Path) -> None:
    pytest.importorskip("juesuan.check.runner", reason="juesuan.check not available yet")
    from juesuan.compose.check_gate import run_checks

    report = report_from_json(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    report.narrative.set("procurement.total", Decimal("9.36"), overwrite=True)  # goods + works + services = 5.36
    gate = run_checks(report)
    assert gate.available and gate.errors, "a 政府采购 total that its parts do not make must stop the composer"


@pytest.mark.parametrize("key", ["three_public", "gov_fund", "income"])
def test_a_table_without_any_figure_prints_a_statement_not_a_bare_header(report: Report, key: str) -> None:
    """A 三公 table whose every cell is blank (not flagged empty) is stated empty, in the template's words."""
    import copy

    from juesuan.compose.document import Grid
    from juesuan.compose.report_document import table_blocks
    from juesuan.model import Cell, Row, Table

    data = copy.deepcopy(report)
    blank = Table(key=key, columns=list(report.tables[key].columns))
    blank.cells = {k: Cell(None) for k in report.tables[key].cells}
    blank.rows = [Row(r.name, [None] * len(r.values), code=r.code) for r in report.tables[key].rows]
    data.tables[key] = blank
    grid = next(b for b in table_blocks(data) if isinstance(b, Grid) and b.key == key)
    assert not grid.body, "no row of blank cells"
    assert grid.notes[-1].endswith("故本表无数据。")
    if key == "three_public":
        assert grid.notes[-1] == f"说明：{report.department}本年度没有财政拨款“三公”经费支出，故本表无数据。"


def _reference_docx(path: Path) -> Path:
    """A department's own Word file: 正文 in 楷体 14 pt, a cover with placeholders, no Table Grid or Heading 1."""
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "楷体")
    d.add_paragraph("{{部门}}")
    d.add_paragraph("{{年度}} 年度部门决算（部门样式封面）")
    for name in ("Table Grid", "Heading 1"):
        d.styles.element.remove(d.styles[name].element)
    d.save(path)
    return path


def test_a_department_reference_docx_gives_styles_and_cover(tmp_path: Path) -> None:
    import docx

    from juesuan.cli import main

    out = tmp_path / "r.docx"
    reference = _reference_docx(tmp_path / "样式.docx")
    assert main(["compose", str(EXAMPLE), "-o", str(out), "--reference-docx", str(reference)]) == 0
    d = docx.Document(out)
    texts = [p.text for p in d.paragraphs]
    assert texts[0] == "中国共产党武汉市汉阳区委组织部" and texts[1] == "2022 年度部门决算（部门样式封面）"
    normal = d.styles["Normal"].element.rPr.rFonts
    assert normal.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "楷体"
    assert d.styles["Normal"].font.size.pt == 14  # the department's, not ours
    assert any(p.style.name == "Heading 1" and p.text.startswith("第一部分") for p in d.paragraphs)
    assert len(d.tables) >= 9 and all(t._tbl.tblPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblBorders") is not None for t in d.tables)
    assert main(["compose", str(EXAMPLE), "-o", str(out), "--reference-docx", str(tmp_path / "none.docx")]) == 3


def test_a_department_css_comes_last_and_wins(tmp_path: Path) -> None:
    from juesuan.cli import main

    css = tmp_path / "部门.css"
    css.write_text('@page { @bottom-center { content: "第 " counter(page) " 页"; } }\n'
                   "h1 { color: #006000; } </style><script>", encoding="utf-8")
    html = tmp_path / "r.html"
    assert main(["compose", str(EXAMPLE), "-o", str(html), "--css", str(css)]) == 0
    text = html.read_text(encoding="utf-8")
    assert text.index("h1 { color: #006000; }") > text.index("nav.toc a::after")  # after the report's own
    assert "</style><script>" not in text  # a style sheet cannot close the <style> element
    pdf = tmp_path / "r.pdf"
    assert main(["compose", str(EXAMPLE), "-o", str(pdf), "--css", str(css)]) == 0
    pages = _pdf_pages(pdf.read_bytes())
    assert "第 2 页" in pages[1] and "— 2 —" not in pages[1]
