"""The parts of the OCR reader on small synthetic cases: rules in an image, what is an image to read,
numbers put right by their print, readings the arithmetic doubts, and checks that say a value was OCR'd."""

from __future__ import annotations

import io
import socket
from decimal import Decimal
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from juesuan.check import check
from juesuan.model import Box, OcrReading, Recognised, Report
from juesuan.model_json import report_from_json, report_to_json
from juesuan.read.image.arithmetic import identities
from juesuan.read.image.lines import straight_image
from juesuan.read.image.ocr import Glyph, drop_specks, recogniser, tidy_number
from juesuan.read.image.recognised import _arithmetic_candidates, _one_edit
from juesuan.read.image.render import image_regions
from juesuan.read.pdf.document import Char
from juesuan.read.pdf.grid import find_grids
from tests.check import sample

# ---------------------------------------------------------------- rules in an image


def _ruled_image(rows: int, cols: int, skew: float, scale: float = 200 / 72) -> np.ndarray:
    """A white page with a ruled grid of rows x cols cells (40 x 20 points each), a few glyph-like
    strokes inside cells, turned by ``skew`` degrees."""
    h, w = int(400 * scale), int(600 * scale)
    img = np.full((h, w), 255, np.uint8)
    x0, y0 = 50 * scale, 60 * scale
    for r in range(rows + 1):
        y = int(y0 + r * 20 * scale)
        cv2.line(img, (int(x0), y), (int(x0 + cols * 40 * scale), y), 0, 2)
    for c in range(cols + 1):
        x = int(x0 + c * 40 * scale)
        cv2.line(img, (x, int(y0)), (x, int(y0 + rows * 20 * scale)), 0, 2)
    for r in range(rows):  # an upright stroke as tall as a 12 pt glyph in each cell: not a rule
        x = int(x0 + 20 * scale)
        y = int(y0 + (r * 20 + 4) * scale)
        cv2.line(img, (x, y), (x, y + int(12 * scale)), 0, 2)
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0)
    return cv2.warpAffine(img, matrix, (w, h), borderValue=255)


@pytest.mark.parametrize("skew", [0.0, 0.5, -1.2])
def test_rules_of_a_skewed_grid_make_its_cells(skew: float) -> None:
    scale = 200 / 72
    image = straight_image(_ruled_image(5, 4, skew, scale), scale)
    assert abs(image.skew - skew) < 0.08
    grids, _ = find_grids(1, image.segments, [])
    assert len(grids) == 1
    assert (grids[0].n_rows, grids[0].n_cols) == (5, 4)  # the glyph strokes did not cut the cells


def test_a_page_without_rules_has_no_grid() -> None:
    img = np.full((500, 400), 255, np.uint8)
    cv2.putText(img, "1,234.56", (40, 100), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    image = straight_image(img, 200 / 72)
    assert find_grids(1, image.segments, [])[0] == []


# ---------------------------------------------------------------- what is read by OCR


def _pdf_with_image(tmp_path: Path, box: tuple[float, float, float, float]) -> Path:
    """An A4 page with a grey image at ``box`` (left, bottom, right, top, PDF points); its text is given to
    ``image_regions`` as characters."""
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    buffer = io.BytesIO()
    Image.new("L", (200, 100), 128).save(buffer, "JPEG")
    image = pdfium.PdfImage.new(pdf)
    image.load_jpeg(io.BytesIO(buffer.getvalue()), inline=False)
    left, bottom, right, top = box
    image.set_matrix(pdfium.PdfMatrix().scale(right - left, top - bottom).translate(left, bottom))
    page.insert_obj(image)
    page.gen_content()
    out = tmp_path / "page.pdf"
    pdf.save(str(out))
    return out


def _regions(path: Path, chars: list[Char], mode: str) -> list[Any]:
    doc = pdfium.PdfDocument(str(path))
    try:
        return image_regions(doc[0], 1, chars, mode)
    finally:
        doc.close()


def _chars_over(x0: float, top: float, n: int) -> list[Char]:
    return [Char("字", x0 + 12 * i, top, x0 + 12 * i + 10, top + 10, top + 9, 10) for i in range(n)]


def test_a_page_without_text_is_read_whole(tmp_path: Path) -> None:
    path = _pdf_with_image(tmp_path, (0, 0, 595, 842))
    [region] = _regions(path, [], "auto")
    assert region.whole_page and region.dpi == 150  # a 200 px wide scan of a page: at least 150 dpi
    assert _regions(path, [], "never") == []


def test_an_image_table_on_a_text_page_is_read_as_a_region(tmp_path: Path) -> None:
    path = _pdf_with_image(tmp_path, (50, 200, 545, 700))  # top-left origin: top 142, bottom 642
    title = _chars_over(60, 100, 8)  # text above the picture, none over it
    [region] = _regions(path, title, "auto")
    assert not region.whole_page
    assert (round(region.x0), round(region.top), round(region.x1), round(region.bottom)) == (50, 142, 545, 642)
    # a picture with its text printed over it (a searchable scan) is not read again
    assert _regions(path, title + _chars_over(60, 300, 40), "auto") == []
    # always: the whole page, its text layer ignored
    [whole] = _regions(path, title, "always")
    assert whole.whole_page


def test_a_page_of_drawings_alone_is_read_only_when_the_document_has_no_text(tmp_path: Path) -> None:
    from tests.minimal_pdf import drawing_only_pdf

    out = tmp_path / "drawing.pdf"
    out.write_bytes(drawing_only_pdf())  # a filled rectangle: no text, no picture
    doc = pdfium.PdfDocument(str(out))
    try:
        # in a document with text elsewhere: an empty row of a table continued, not a scan
        assert image_regions(doc[0], 1, [], "auto", text_layer=True) == []
        # in a document without any text: its text may be drawn as outlines, so the page is read
        [whole] = image_regions(doc[0], 1, [], "auto", text_layer=False)
        assert whole.whole_page and whole.dpi == 200
    finally:
        doc.close()


def test_a_small_picture_on_a_text_page_is_left_alone(tmp_path: Path) -> None:
    path = _pdf_with_image(tmp_path, (50, 750, 110, 800))  # a logo
    assert _regions(path, _chars_over(60, 100, 8), "auto") == []


# ---------------------------------------------------------------- numbers put right by their print


def _glyphs(text: str, confidence: float = 0.99, alternatives: dict[int, tuple[tuple[str, float], ...]] | None = None
            ) -> tuple[Glyph, ...]:
    alternatives = alternatives or {}
    return tuple(Glyph(ch, float(i), confidence, alternatives.get(i, ())) for i, ch in enumerate(text))


def _text(glyphs: tuple[Glyph, ...]) -> str:
    return "".join(g.text for g in glyphs)


def test_separators_follow_the_digit_groups() -> None:
    # a thousands comma read as a point, with the comma next best: put right, as sure as "a separator"
    glyphs = _glyphs("2.940.05", alternatives={1: ((",", 0.45),)})
    glyphs = (*glyphs[:1], Glyph(".", 1.0, 0.54, ((",", 0.45),)), *glyphs[2:])
    tidy = tidy_number(glyphs)
    assert _text(tidy) == "2,940.05"
    assert tidy[1].confidence == pytest.approx(0.99)
    assert _text(tidy_number(_glyphs("445,69"))) == "445.69"
    assert _text(tidy_number(_glyphs("1234.56"))) == "1234.56"  # no grouping: nothing to settle
    assert _text(tidy_number(_glyphs("1,511"))) == "1,511"  # a comma or a point? the print does not say


def test_separators_at_the_ends_are_specks() -> None:
    assert _text(tidy_number(_glyphs("449.52."))) == "449.52"
    assert _text(tidy_number(_glyphs(".01"))) == "01"


def test_unsure_marks_outside_numbers_are_specks() -> None:
    glyphs = _glyphs("科-目编码")
    glyphs = (*glyphs[:1], Glyph("-", 1.0, 0.94), *glyphs[2:])
    assert _text(drop_specks(glyphs)) == "科目编码"  # a Latin dot or dash beside CJK, however sure
    assert _text(drop_specks(_glyphs("事业收入."))) == "事业收入"
    assert _text(drop_specks(_glyphs("1.一般公共服务"))) == "1.一般公共服务"  # a numbering point
    assert _text(drop_specks(_glyphs("下降-8.87%"))) == "下降-8.87%"  # a minus before a digit
    sure = _glyphs("单位：万元")
    assert _text(drop_specks(sure)) == "单位：万元"
    unsure_point = _glyphs("1.5")
    unsure_point = (*unsure_point[:1], Glyph(".", 1.0, 0.5), *unsure_point[2:])
    assert _text(drop_specks(unsure_point)) == "1.5"  # between digits: a decimal point, unsure or not


def test_unsure_quote_marks_that_pair_are_kept() -> None:
    def unsure_marks(text: str) -> tuple[Glyph, ...]:
        return tuple(Glyph(ch, float(i), 0.5 if ch in "“”‘’\"" else 0.99) for i, ch in enumerate(text))

    assert _text(drop_specks(unsure_marks("当年度无“三公”经费支出"))) == "当年度无“三公”经费支出"
    assert _text(drop_specks(unsure_marks("评级为“优”的项目4个；评级为“良”的项目0个"))) == \
        "评级为“优”的项目4个；评级为“良”的项目0个"
    assert _text(drop_specks(unsure_marks("“二十六、抗疫"))) == "二十六、抗疫"  # alone: a speck
    assert _text(drop_specks(unsure_marks("基本”支出‘"))) == "基本支出"  # not a pair
    # a closing quote the model half took for a straight one
    assert _text(drop_specks(unsure_marks('“三公"经费'))) == "“三公”经费"
    assert _text(drop_specks(unsure_marks('"三公”经费'))) == "“三公”经费"
    # a quote opening at a line's end: unpaired, but surely a quote mark (“ or ")
    line = _glyphs("原因：当年度无“")
    line = (*line[:-1], Glyph("“", 7.0, 0.78, (('"', 0.12),)))
    assert _text(drop_specks(line)) == "原因：当年度无“"
    assert _text(drop_specks((*line[:-1], Glyph("“", 7.0, 0.78, (("。", 0.12),))))) == "原因：当年度无"
    # and the line after it, opening on a straight " the model half took for the closing one
    after = _glyphs('公"经费')
    after = (after[0], Glyph('"', 1.0, 0.56, (("”", 0.42),)), *after[2:])
    assert _text(drop_specks(after)) == "公”经费"


# ---------------------------------------------------------------- the arithmetic doubts a reading


def test_one_edit() -> None:
    assert _one_edit("150352", "150852")  # one digit read as another
    assert _one_edit("150352", "15032")  # one left out
    assert not _one_edit("150352", "150353" + "1")
    assert not _one_edit("150352", "160853")


def _ocr_report(total: str, basic: str, project: str) -> tuple[Report, dict[Box, Recognised]]:
    data = sample.data()
    report = report_from_json(data)
    table = report.tables["expenditure"]
    row = next(r for r in table.rows if r.code and len(r.code) == 7)
    row.values[0], row.values[1], row.values[2] = Decimal(total), Decimal(basic), Decimal(project)
    row.page = 4
    row.boxes = [Box(4, 100 + 60 * i, 200, 150 + 60 * i, 215) for i in range(len(row.values))]
    cells = {box: Recognised(box, str(v), 0.99) for box, v in zip(row.boxes, row.values, strict=False)
             if v is not None}
    report.ocr = OcrReading(cells=list(cells.values()))
    return report, cells


def test_a_misread_digit_is_marked_with_the_value_the_sum_asks_for() -> None:
    report, cells = _ocr_report("80.00", "50.00", "36.00")  # 36.00 should be 30.00
    _arithmetic_candidates(report, cells)
    # 80.00 read as 86.00 would mend the row too, but break the 款 above it: only 36.00 is marked
    assert [(c.text, c.candidates) for c in cells.values() if c.ambiguous] == [("36.00", ["30.00"])]


def test_a_sum_that_holds_marks_nothing() -> None:
    report, cells = _ocr_report("80.00", "50.00", "30.00")
    _arithmetic_candidates(report, cells)
    assert not any(c.ambiguous for c in cells.values())


def test_identities_of_a_row_table() -> None:
    report = report_from_json(sample.data())
    pairs = list(identities(report.tables["expenditure"]))
    assert pairs and all(len(parts) >= 1 for _, parts in pairs)


# ---------------------------------------------------------------- checks say what rests on OCR


def _findings_on(report: Report, rule: str) -> list[Any]:
    return [f for f in check(report) if f.rule == rule]


def test_a_finding_on_an_ocr_value_says_so() -> None:
    report, cells = _ocr_report("81.00", "50.00", "30.00")  # the document's own error, read with confidence
    report.ocr = OcrReading(pages=[], cells=list(cells.values()))
    from juesuan.model import ImagePage

    report.ocr.pages.append(ImagePage(4, 200.0))
    [finding] = _findings_on(report, "A201")
    assert "识别自图像，请人工核对" in finding.message
    assert finding.severity == "error"  # a sure reading: the document's error stays an error


def test_a_finding_on_an_unsure_ocr_value_is_a_warning() -> None:
    report, cells = _ocr_report("81.00", "50.00", "30.00")
    from juesuan.model import ImagePage

    assert report.ocr is not None
    report.ocr.pages.append(ImagePage(4, 200.0))
    total = next(c for c in cells.values() if c.text == "81.00")
    total.confidence, total.ambiguous, total.candidates = 0.6, True, ["80.00"]
    [finding] = _findings_on(report, "A201")
    assert finding.severity == "warning"
    assert "“81.00”识别把握不足，另可能为 80.00" in finding.message
    assert finding.message.endswith("识别自图像，请人工核对）")


def test_a_finding_on_a_text_layer_says_nothing_of_ocr() -> None:
    report, _ = _ocr_report("81.00", "50.00", "30.00")
    report.ocr = None
    [finding] = _findings_on(report, "A201")
    assert "识别自图像" not in finding.message and finding.severity == "error"


def test_the_ocr_block_survives_json() -> None:
    report, cells = _ocr_report("81.00", "50.00", "30.00")
    from juesuan.model import ImagePage

    assert report.ocr is not None
    report.ocr.pages.append(ImagePage(4, 200.0, 0.5, Box(4, 10, 20, 500, 700)))
    next(iter(cells.values())).candidates = ["80.00"]
    again = report_from_json(report_to_json(report))
    assert again.ocr is not None
    assert again.ocr.pages == report.ocr.pages
    assert [(c.text, c.candidates, c.ambiguous) for c in again.ocr.cells] == \
        [(c.text, c.candidates, c.ambiguous) for c in report.ocr.cells]
    row = next(r for r in again.tables["expenditure"].rows if r.code and len(r.code) == 7)
    assert again.ocr.cell(row.box(0)) is not None  # a cell's reading is found from the cell's box


# ---------------------------------------------------------------- nothing is downloaded


def test_the_models_ship_in_the_package_and_nothing_is_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    import rapidocr_onnxruntime

    package = Path(rapidocr_onnxruntime.__file__).parent

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("OCR tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    from juesuan.read.image.ocr import Recogniser

    engine = Recogniser(threads=1)
    assert all(Path(p).is_file() and Path(p).is_relative_to(package) for p in engine.model_paths)
    img = np.full((48, 200), 255, np.uint8)
    cv2.putText(img, "2024", (10, 36), cv2.FONT_HERSHEY_SIMPLEX, 1.1, 0, 2)
    [reading] = engine.read([img])
    assert reading.text == "2024" and reading.numeric
    assert recogniser() is recogniser()  # loaded once per process


def test_a_quote_without_its_pair_in_a_cell_is_a_speck() -> None:
    from juesuan.read.image.geometry import _without_unpaired_quotes
    from juesuan.read.image.ocr import LineReading

    def cell(text: str) -> str:
        return _without_unpaired_quotes(LineReading(_glyphs(text), False)).text

    assert cell("“二十六、抗疫特别国债安排的支出") == "二十六、抗疫特别国债安排的支出"
    assert cell("财政拨款“三公”经费") == "财政拨款“三公”经费"
    assert cell('财政拨款“三公"经费') == '财政拨款“三公"经费'  # a closing quote read as a Latin one still pairs


def test_an_unsure_character_of_a_cell_is_settled_by_the_words_tables_print() -> None:
    from juesuan.read.image.lexicon import settled

    glyphs = _glyphs("财政拔款收")
    glyphs = (*glyphs[:2], Glyph("拔", 2.0, 0.6, (("拨", 0.35),)), *glyphs[3:])
    fixed = settled(glyphs)
    assert _text(fixed) == "财政拨款收" and fixed[2].confidence == pytest.approx(0.95)
    assert _text(settled(_glyphs("财政拔款收"))) == "财政拔款收"  # no alternative offered: nothing changed
    name = _glyphs("行政运行")  # a 项 name no phrase list holds, read sure: left as read
    assert settled(name) == name


def test_a_finding_on_text_read_from_an_image_says_so() -> None:
    """A wrong year printed in a scanned 情况说明: the finding says the text was read from an image, and is a
    warning when OCR read that line unsure."""
    from juesuan.model import ImagePage, Page, TextLine

    def report_with(unsure: bool) -> Report:
        report = report_from_json(sample.data())
        line = TextLine(f"{sample.DEPARTMENT}2023年度收入支出总计115.00万元。", Box(12, 72, 300, 500, 314))
        report.pages.append(Page(12, [line]))
        report.ocr = OcrReading(pages=[ImagePage(12, 200.0)])
        if unsure:
            report.ocr.unsure_lines.append(Recognised(Box(12, 72, 300, 500, 314), line.text, 0.7, ambiguous=True))
        return report

    [sure] = _findings_on(report_with(False), "C202")
    assert sure.severity == "error" and sure.message.endswith("（识别自图像，请人工核对）")
    [unsure] = _findings_on(report_with(True), "C202")
    assert unsure.severity == "warning" and "识别把握不足" in unsure.message


def test_a_separator_is_as_sure_as_the_model_is_that_one_stands_there() -> None:
    """A thousands comma the model half took for a semicolon (a comma with a speck above it, at 150 dpi)."""
    engine = recogniser()
    charset = engine._charset
    step = np.zeros(len(charset), np.float32)
    step[charset.index(";")], step[charset.index("；")], step[charset.index(",")] = 0.70, 0.15, 0.05
    glyph = engine._glyph(step, charset.index(","), engine._amount_index, 0.0)
    assert glyph.text == "," and glyph.confidence == pytest.approx(0.90, abs=1e-6)


def test_a_zero_read_as_a_chinese_numeral_beside_a_figure_is_the_digit() -> None:
    from juesuan.read.image.ocr import digits_in_text

    assert _text(digits_in_text(_glyphs("年初预算为〇万元"))) == "年初预算为0万元"
    assert _text(digits_in_text(_glyphs("截至2O24年"))) == "截至2024年"
    assert _text(digits_in_text(_glyphs("二〇二四年度"))) == "二〇二四年度"  # Chinese numerals keep their 〇
    assert _text(digits_in_text(_glyphs("Office"))) == "Office"


def test_a_rule_eaten_short_of_the_table_side_is_drawn_on_to_it() -> None:
    from juesuan.read.image.lines import meet_ends
    from juesuan.read.pdf.document import Segment

    left, right = Segment(59, 100, 59, 300), Segment(300, 100, 300, 300)
    short = Segment(74.4, 200, 300, 200)  # its first 15 points lost to the scan's noise
    under_a_group = Segment(150, 150, 300, 150)  # a rule that really starts mid-table, on a rule across it
    middle = Segment(150, 100, 150, 300)
    top, group = Segment(59, 100, 300, 100), Segment(100, 120, 300, 120)
    overshooting = Segment(200, 119, 200, 300)  # starts a point above the group's rule: it meets it already
    # a header glyph's upright stroke joined to the rule below it, stopping 6 points under the group's rule
    stroke_and_rule = Segment(250, 126, 250, 300)
    found = meet_ends([left, right, short, under_a_group, middle, top, group, overshooting, stroke_and_rule])
    assert Segment(59, 200, 300, 200) in found and Segment(150, 150, 300, 150) in found
    # vertical rules are left as found: drawn up to the group's rule, the stroke would cut its header cell in two
    assert overshooting in found and stroke_and_rule in found
    assert len(found) == 9


def _pdf_with_picture(tmp_path: Path, picture: Image.Image, name: str) -> Path:
    """An A4 page with ``picture`` drawn at (50, 200)-(545, 500), PDF points from the bottom left."""
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    image = pdfium.PdfImage.new(pdf)
    image.load_jpeg(io.BytesIO(buffer.getvalue()), inline=False)
    image.set_matrix(pdfium.PdfMatrix().scale(495, 300).translate(50, 200))
    page.insert_obj(image)
    page.gen_content()
    out = tmp_path / name
    pdf.save(str(out))
    return out


def test_a_picture_of_a_table_is_looked_at_and_a_chart_is_not(tmp_path: Path) -> None:
    from PIL import ImageDraw

    from juesuan.read.image.render import regions_to_read

    table = Image.new("L", (1030, 625), 255)  # 150 dpi
    draw = ImageDraw.Draw(table)
    for y in range(20, 610, 60):
        draw.line([(20, y), (1010, y)], fill=0, width=2)
    for x in (20, 300, 550, 780, 1010):
        draw.line([(x, 20), (x, 560)], fill=0, width=2)
    chart = Image.new("L", (1030, 625), 255)
    draw = ImageDraw.Draw(chart)
    draw.line([(60, 580), (1000, 580)], fill=0, width=2)  # the axis: one rule across
    for i, h in enumerate((300, 420, 180, 500)):
        draw.rectangle([(120 + 220 * i, 580 - h), (240 + 220 * i, 580)], fill=60)
    title = _chars_over(60, 100, 8)  # a text page
    for picture, name, looked_at in ((table, "table.pdf", True), (chart, "chart.pdf", False)):
        doc = pdfium.PdfDocument(str(_pdf_with_picture(tmp_path, picture, name)))
        try:
            assert len(image_regions(doc[0], 1, title, "auto")) == 1  # big enough to be a pasted table
            assert bool(regions_to_read(doc[0], 1, title, "auto")) is looked_at, name
            assert len(regions_to_read(doc[0], 1, [], "auto")) == 1  # a page without text: read whole
        finally:
            doc.close()
