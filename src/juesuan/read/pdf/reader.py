"""PDF with a text layer -> Report: geometry, then tables, text lines, facts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from juesuan.errors import DamagedPdf, NoStandardTables, NoTextLayer
from juesuan.model import Page, Problem, Report
from juesuan.read.pdf.document import iter_pages, open_pdf
from juesuan.read.pdf.lines import text_lines
from juesuan.read.prose.report_text import fill_from_text
from juesuan.read.prose.with_tables import read_with_tables
from juesuan.read.tables.document_kind import refuse_if_budget


def read_pdf(path: Path, ocr: str = "auto") -> Report:
    """Read a PDF; ``ocr`` (never | auto | always) says which page images OCR reads (read.image.render)."""
    from juesuan import limits
    from juesuan.read.pdf.font_damage import lost_text_problems, mark_tables
    from juesuan.read.pdf.page_guard import census
    from juesuan.read.pdf.preflight import preflight

    measured = preflight(path)  # what PDFium would inflate, measured first: beyond the limits is refused here
    doc = open_pdf(path)
    images: list[Any] = []  # read.image.geometry.OcrPage: what OCR read
    try:
        limits.check(path, "pages", len(doc))
        with census() as taken:
            geometries = list(iter_pages(doc))
        lost = lost_text_problems(path, doc, measured, taken)  # text PDFium drew but could not give back
        from juesuan.read.image.render import any_regions

        if any_regions(doc, geometries, ocr):  # pages (or regions) printed as images: geometry from their pixels
            from juesuan.read.image.geometry import recognise_pages

            images = recognise_pages(doc, geometries, ocr)
    finally:
        doc.close()
    damaged = [g.number for g in geometries if g.damaged]
    if len(damaged) == len(geometries):
        raise DamagedPdf(str(path), "没有一页可以读取 (no page can be read)")
    if not any(g.chars for g in geometries):
        if lost:
            raise DamagedPdf(str(path), lost[0].message)
        raise NoTextLayer(str(path), "可用 --ocr auto 识别图像 (use --ocr auto to read the images)"
                          if ocr == "never" else None)
    pages = [Page(g.number, text_lines(g.number, g.chars)) for g in geometries]
    refuse_if_budget(str(path), pages)
    report = Report(source=str(path), source_format="pdf", page_count=len(geometries), pages=pages)
    # a reviewer gets the rest of the document, and each page that could not be read named
    report.problems.extend(Problem(f"第{n}页损坏，无法读取，已跳过 (page {n} is damaged: skipped)", page=n)
                           for n in damaged)
    report.problems.extend(lost)

    from juesuan.read.pdf.tables import read_all_tables

    found = read_all_tables(geometries)
    report.tables, report.other_tables = found.tables, found.others
    report.problems.extend(found.problems)
    if not report.tables and not report.other_tables:
        if lost:
            raise DamagedPdf(str(path), lost[0].message)
        raise NoStandardTables(str(path))
    mark_tables(report, lost)
    fill_from_text(report)
    read_with_tables(report, facts=False)  # the narrative was read knowing the tables
    if images:
        from juesuan.read.image.recognised import annotate

        annotate(report, images)
    return report
