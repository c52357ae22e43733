"""A report published as a web page (a saved HTML file, or a folder of them) -> Report.

Each file's blocks (``document``) are laid out as pages of geometry (``layout``), then read by the PDF
reader's table recognition and the same running-text facts as any other input.  In the model each file
is one page (a report published over several web pages has one page per file, in name order).  The
positions of the layout are this reader's own, so the model keeps no boxes for a web page: a finding
points at the table, row and column, or at the sentence.
"""

from __future__ import annotations

import re
from pathlib import Path

from juesuan.errors import NotAReport, UnsupportedFile
from juesuan.model import Page, Report, TextLine
from juesuan.read.html.document import read_blocks
from juesuan.read.html.layout import page_geometries
from juesuan.read.pdf.document import PageGeometry
from juesuan.read.pdf.lines import text_lines
from juesuan.read.pdf.tables import read_all_tables
from juesuan.read.prose.report_text import fill_from_text
from juesuan.read.prose.with_tables import read_with_tables
from juesuan.read.tables.document_kind import refuse_if_budget

HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")


def _natural(path: Path) -> list[object]:
    """Sort key: page2.html before page10.html."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name.lower())]


def html_files(path: Path) -> list[Path]:
    """The HTML files a path stands for: itself, or a folder's own (not its sub-folders'), in natural order."""
    if not path.is_dir():
        return [path]
    files = sorted((p for p in path.iterdir() if p.is_file() and p.suffix.lower() in HTML_SUFFIXES), key=_natural)
    if not files:
        raise UnsupportedFile(str(path), "目录中没有网页文件 (a directory without .html files)")
    return files


def _per_file(report: Report, file_of: dict[int, int]) -> None:
    """Pages of the layout back to the files they came from; positions of the layout dropped."""
    for table in (*report.tables.values(), *report.other_tables):
        table.pages = sorted({file_of.get(p, p) for p in table.pages})
        for row in (*table.rows, *table.income, *table.expenditure, *table.totals.values()):
            row.boxes = None
            row.page = file_of.get(row.page, row.page) if row.page is not None else None
        table.total_boxes = None
        for cell in table.cells.values():
            cell.box = None
    for source in (*report.narrative.sources.values(), *(report.performance.sources.values()
                                                          if report.performance else ())):
        source.box = None
        source.page = file_of.get(source.page, source.page)
    for problem in report.problems:
        if problem.page is not None:
            problem.page = file_of.get(problem.page, problem.page)
    merged: dict[int, list[TextLine]] = {}
    for page in report.pages:
        merged.setdefault(file_of.get(page.number, page.number), []).extend(TextLine(ln.text) for ln in page.lines)
    report.pages = [Page(n, lines) for n, lines in sorted(merged.items())]


def read_html(path: Path) -> Report:
    files = html_files(path)
    geometries: list[PageGeometry] = []
    file_of: dict[int, int] = {}  # page of the layout -> file (from 1)
    for i, file in enumerate(files):
        for geometry in page_geometries(read_blocks(file), len(geometries) + 1):
            geometries.append(geometry)
            file_of[geometry.number] = i + 1
    if not any(g.chars for g in geometries):
        raise NotAReport(str(path), "网页中没有文字 (the page holds no text)")
    pages = [Page(g.number, text_lines(g.number, g.chars)) for g in geometries]
    refuse_if_budget(str(path), pages)
    report = Report(source=str(path), source_format="html", page_count=len(files), pages=pages)
    found = read_all_tables(geometries)
    report.tables, report.other_tables = found.tables, found.others
    report.problems.extend(found.problems)
    fill_from_text(report)
    read_with_tables(report, facts=False)  # the narrative was read knowing the tables
    _per_file(report, file_of)
    if not report.tables and not report.other_tables and not report.narrative.facts and report.performance is None:
        raise NotAReport(str(path), "网页中找不到任何表格或决算数字 (no table or figure found in the page)")
    return report
