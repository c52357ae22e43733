"""Scanned and partly scanned variants of the corpus, made here, read to the corpus answers.

The default run reads one table page per document (at 150, 200 and 300 dpi, grey and colour, skewed,
speckled, JPEG-compressed), a document whose table pages are images among text pages, and a page whose
table alone was pasted in as a picture.  The whole matrix (every page of the three documents at three
resolutions, with the accuracy figures of issue 10) runs with ``-m ocr_full`` (and in
bench/ocr_bench.py, which prints the figures).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from juesuan import errors
from juesuan.check import check
from juesuan.cli import main
from juesuan.model import Report
from juesuan.model_json import report_to_json
from juesuan.read import read
from juesuan.read.image.recognised import LOW_CONFIDENCE
from tests.conftest import corpus_file
from tests.model_cells import cells, compare
from tests.scanned_pdf import Scan, image_region_pdf, partly_scanned_pdf, scanned_pdf


def _answer(name: str) -> dict[str, Any]:
    return json.loads(corpus_file(f"{name}.expected.json").read_text(encoding="utf-8"))


def _only(answer: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {"tables": {k: v for k, v in answer["tables"].items() if k in keys}}


# one table page per document: (document, page, table, scan)
PAGES = [
    ("putuo-czj-2024", 15, "general_budget", Scan(dpi=150, colour=True)),
    ("putuo-shgzb-2024", 13, "basic_expenditure", Scan(dpi=300)),
    ("gjxfj-2024", 10, "fiscal_summary", Scan(dpi=200, skew=-0.5)),
]


@pytest.mark.parametrize(("name", "page", "key", "scan"), PAGES, ids=[p[0] for p in PAGES])
def test_a_scanned_table_page_reads_to_its_answer(tmp_path: Path, name: str, page: int, key: str, scan: Scan) -> None:
    source = corpus_file(f"{name}.pdf")
    path = scanned_pdf(source, tmp_path / "scan.pdf", scan, pages=[page])
    report = read(path)
    assert report.source_format == "pdf" and report.ocr is not None
    [image] = report.ocr.pages
    assert image.region is None and image.dpi == scan.dpi and abs(image.skew - scan.skew) < 0.1
    got = report_to_json(report, with_pages=False)
    n, wrong = compare(got, _only(_answer(name), key))
    assert n > 20 and wrong == [], wrong
    # every value printed in the table was tied to what the recogniser read, with its confidence
    values = [c for c in report.ocr.cells if c.text]
    assert len(values) >= sum(1 for v in cells(got).values() if v) * 0.9
    assert all(0 < c.confidence <= 1 for c in values)
    assert all(c.ambiguous == (c.confidence < LOW_CONFIDENCE) or c.candidates for c in values)


def test_a_scan_reads_in_a_bounded_process_of_its_own(tmp_path: Path) -> None:
    """The command line reads in a bounded process (juesuan.isolation): OCR's models and threads need more
    address space than a text layer, and each page more CPU time; the limits grow by that as pages are OCR'd.
    Here under 600 MB (the default is 1 GB, under which a 50-page scan at 300 dpi failed with std::bad_alloc
    before the limits grew for OCR)."""
    from juesuan.limits import Limits, MiB

    path = scanned_pdf(corpus_file("putuo-czj-2024.pdf"), tmp_path / "scan.pdf", Scan(dpi=300), pages=[15])
    report = read(path, limits=Limits(memory_bytes=600 * MiB), isolate=True)
    assert report.ocr is not None and len(report.ocr.pages) == 1
    n, wrong = compare(report_to_json(report, with_pages=False), _only(_answer("putuo-czj-2024"), "general_budget"))
    assert n > 20 and wrong == [], wrong


def test_ocr_never_refuses_a_scan_and_auto_reads_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = scanned_pdf(corpus_file("putuo-czj-2024.pdf"), tmp_path / "scan.pdf", Scan(dpi=150), pages=[18])
    assert main(["parse", str(path), "--ocr", "never"]) == errors.NoTextLayer.exit_code
    assert "--ocr auto" in capsys.readouterr().err
    out = tmp_path / "scan.json"
    assert main(["parse", str(path), "--format", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["ocr"]["pages"][0]["page"] == 1
    assert data["tables"]["three_public"]["actual"] == _answer("putuo-czj-2024")["tables"]["three_public"]["actual"]


def test_ocr_never_reads_the_text_pages_and_leaves_the_images_unread(tmp_path: Path) -> None:
    source = corpus_file("putuo-shgzb-2024.pdf")
    path = partly_scanned_pdf(source, tmp_path / "mixed.pdf", Scan(dpi=200), image_pages=[6, 7])
    report = read(path, ocr="never")
    assert report.ocr is None
    assert "income" not in report.tables or report.tables["income"].pages == []  # its pages are images
    answer = _answer("putuo-shgzb-2024")
    rest = _only(answer, *(k for k in answer["tables"] if k != "income"))
    n, wrong = compare(report_to_json(report, with_pages=False), rest)
    assert n > 350 and wrong == [], wrong


def test_ocr_always_reads_a_page_with_a_text_layer_from_its_image(tmp_path: Path) -> None:
    """For a text layer that cannot be trusted (wrong font encodings): the page is rendered and read by OCR,
    its text layer set aside; without --ocr always the same page is never OCR'd."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(corpus_file("putuo-czj-2024.pdf")))
    one = pdfium.PdfDocument.new()
    one.import_pages(src, [14])  # page 15: the 一般公共预算财政拨款支出决算表
    path = tmp_path / "page15.pdf"
    one.save(str(path))
    one.close()
    src.close()
    assert read(path).ocr is None
    out = tmp_path / "page15.json"
    assert main(["parse", str(path), "--ocr", "always", "--format", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [(p["page"], p.get("region")) for p in data["ocr"]["pages"]] == [(1, None)]
    assert data["ocr"]["cells"]
    n, wrong = compare(data, _only(_answer("putuo-czj-2024"), "general_budget"))
    assert n > 20 and wrong == [], wrong


def test_a_report_with_its_table_pages_as_images(tmp_path: Path) -> None:
    """The income table's two pages are scans; every other page keeps its text layer and is not OCR'd."""
    source = corpus_file("putuo-shgzb-2024.pdf")
    path = partly_scanned_pdf(source, tmp_path / "mixed.pdf", Scan(dpi=200), image_pages=[6, 7])
    report = read(path)
    assert report.ocr is not None and [p.page for p in report.ocr.pages] == [6, 7]  # not the others
    assert {c.box.page for c in report.ocr.cells} == {6, 7}
    n, wrong = compare(report_to_json(report, with_pages=False), _answer("putuo-shgzb-2024"))
    assert n > 500 and wrong == [], wrong
    # the text pages are read from their text layer: the same as the original
    original = read(source)
    assert report.narrative.facts == original.narrative.facts
    assert [p.text for p in report.pages if p.number not in (6, 7)] == \
        [p.text for p in original.pages if p.number not in (6, 7)]
    _findings_on_images_say_so(report)


def test_scanned_narrative_pages_read_to_the_same_facts(tmp_path: Path) -> None:
    """The 情况说明 (pages 21-24) as scans: the figures, reasons and quoted names (“三公”经费, a quotation
    that opens at a line's end) read as from the text layer, and the same findings, each saying it was read
    from an image."""
    source = corpus_file("putuo-czj-2024.pdf")
    path = partly_scanned_pdf(source, tmp_path / "mixed.pdf", Scan(dpi=200), image_pages=[21, 22, 23, 24])
    report = read(path)
    assert report.ocr is not None and [p.page for p in report.ocr.pages] == [21, 22, 23, 24]
    original = read(source)
    assert report.narrative.facts == original.narrative.facts
    assert {k: s.page for k, s in report.narrative.sources.items()} == \
        {k: s.page for k, s in original.narrative.sources.items()}
    assert sorted(f.rule for f in check(report)) == sorted(f.rule for f in check(original))
    _findings_on_images_say_so(report)


def test_a_check_on_a_scanned_table_says_so_and_shows_the_cells(tmp_path: Path) -> None:
    """The 收入支出决算总表 prints 社会保障和就业支出 326.71, the 支出决算表 326.72: with the first table a
    scan, the finding says its number was read from an image, and the HTML report shows that cell's image
    beside the reading (the page turned straight as OCR read it)."""
    path = partly_scanned_pdf(corpus_file("putuo-czj-2024.pdf"), tmp_path / "mixed.pdf", Scan(dpi=200),
                              image_pages=[6, 7])
    report = read(path)
    [finding] = [f for f in check(report) if f.rule == "X302"]
    assert finding.location.page == 6 and finding.severity == "error"  # read sure: the document's own error
    assert finding.message.endswith("（识别自图像，请人工核对）")
    out = tmp_path / "check.html"
    assert main(["check", str(path), "--format", "html", "-o", str(out), "--no-progress"]) == 1
    page = out.read_text(encoding="utf-8")
    assert 'aria-label="第6页单元格图像"' in page and "识别为“326.71”，把握" in page
    assert re.search(r'<use href="#page-6" transform="rotate\(0\.[45]\d* ', page)


def _findings_on_images_say_so(report: Report) -> None:
    assert report.ocr is not None
    for finding in check(report):
        places = (finding.location, *finding.related)
        if finding.section != "completeness" and finding.severity != "info" and \
                any(report.ocr.covers(p.page, p.box) for p in places if p.page is not None):
            assert "识别自图像，请人工核对" in finding.message, finding


def _grid_box(source: Path, page: int) -> tuple[float, float, float, float]:
    """The box of the ruled table on a page, from its text layer, with a margin."""
    from juesuan.read.pdf.document import open_pdf, page_geometry
    from juesuan.read.pdf.grid import find_grids

    doc = open_pdf(source)
    try:
        geometry = page_geometry(doc, page - 1)
    finally:
        doc.close()
    grids, _ = find_grids(page, geometry.segments, geometry.chars)
    grid = max(grids, key=lambda g: (g.x1 - g.x0) * (g.bottom - g.top))
    return grid.x0 - 4, grid.top - 4, grid.x1 + 4, grid.bottom + 4


def test_a_table_pasted_in_as_a_picture_on_a_text_page(tmp_path: Path) -> None:
    """Only the grid of the 一般公共预算 table is an image; its title and unit stay text."""
    source = corpus_file("putuo-shgzb-2024.pdf")
    region = _grid_box(source, 12)
    path = image_region_pdf(source, tmp_path / "pasted.pdf", Scan(dpi=200, skew=0.0, speckles=0.0), 12, region)
    report = read(path)
    assert report.ocr is not None
    [image] = report.ocr.pages
    assert image.page == 12 and image.region is not None
    assert abs(image.region.x0 - region[0]) < 1 and abs(image.region.bottom - region[3]) < 1
    n, wrong = compare(report_to_json(report, with_pages=False), _answer("putuo-shgzb-2024"))
    assert n > 500 and wrong == [], wrong


def test_charts_pasted_in_as_pictures_are_not_read_as_tables() -> None:
    """gjxfj-2024 prints its 情况说明 charts (pages 19 and 20) as pictures with no text over them: big enough to
    be a pasted table, but without a grid or the rules of an open table, so OCR leaves them (it would take
    seconds and read chart labels into the page) and the report reads as from its text layer alone."""
    from juesuan.read.image.render import image_regions
    from juesuan.read.pdf.document import iter_pages, open_pdf

    source = corpus_file("gjxfj-2024.pdf")
    doc = open_pdf(source)
    try:
        pictures = [g.number for g in iter_pages(doc) if image_regions(doc[g.number - 1], g.number, g.chars, "auto")]
    finally:
        doc.close()
    assert pictures == [19, 20]  # the candidates the page's pictures give
    report = read(source)
    assert report.ocr is None
    assert report_to_json(report, with_pages=False) == report_to_json(read(source, ocr="never"), with_pages=False)


# ---------------------------------------------------------------- the whole matrix (-m ocr_full)

DOCUMENTS = ("putuo-czj-2024", "putuo-shgzb-2024", "gjxfj-2024")
# least share of cells read right, by resolution (issue 10)
LEAST = {150: Decimal("0.98"), 200: Decimal("0.995"), 300: Decimal("0.995")}


def _caught(key: str, report: Report, findings: list[Any]) -> bool:
    """Whether a wrongly read cell is marked (an ambiguous reading, a reading problem of its table) or a
    check finding points at its table: a person is sent to look at it."""
    table = key.split("/", 1)[0]
    if any(p.table == table for p in report.problems):
        return True
    if report.ocr is not None and any(c.ambiguous for c in report.ocr.cells if _in_table(report, table, c.box)):
        return True
    return any(f.location.table == table and f.severity != "info" for f in findings)


def _in_table(report: Report, table: str, box: Any) -> bool:
    t = report.tables.get(table)
    return t is not None and box.page in t.pages


@pytest.mark.ocr_full
@pytest.mark.parametrize("dpi", [150, 200, 300])
@pytest.mark.parametrize("name", DOCUMENTS)
def test_a_whole_scanned_report(tmp_path: Path, name: str, dpi: int) -> None:
    source = corpus_file(f"{name}.pdf")
    scan = Scan(dpi=dpi, colour=dpi == 150, skew=0.5)
    report = read(scanned_pdf(source, tmp_path / "scan.pdf", scan))
    reference = report_to_json(read(source), with_pages=False)  # the text layer's reading of the same pages
    n, wrong = compare(report_to_json(report, with_pages=False), reference)
    assert Decimal(n - len(wrong)) / n >= LEAST[dpi], wrong
    findings = check(report)
    assert all(_caught(k, report, findings) for k in wrong), wrong
    _findings_on_images_say_so(report)
