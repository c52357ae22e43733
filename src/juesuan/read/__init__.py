"""Read: PDF, web page (HTML), plain text, XLSX workbook or model JSON -> Report."""

from __future__ import annotations

from pathlib import Path

from juesuan import limits as limits_
from juesuan.errors import NotAReport
from juesuan.limits import Limits
from juesuan.model import Report
from juesuan.read.file_format import file_format, regular_file


def read(path: str | Path, ocr: str = "auto", *, limits: Limits | None = None, isolate: bool = False) -> Report:
    """Read one report; raise a ``juesuan.errors.JuesuanError`` saying why not.

    ``ocr`` (never | auto | always): which page images of a PDF are read by OCR (``juesuan.read.image``).
    ``limits`` (juesuan.limits; default: the limits in force, else the defaults) bound what the file may
    cost; ``isolate`` reads it in a process of its own with a memory and CPU-time limit
    (juesuan.isolation), as for a file from anyone.
    """
    chosen = limits or limits_.active()
    if isolate:
        from juesuan.isolation import read_isolated

        return read_isolated(path, chosen, ocr)
    with limits_.applied(chosen):
        return _read(Path(path), ocr)


def _read(p: Path, ocr: str = "auto") -> Report:
    fmt = file_format(p)
    if fmt == "html" and p.is_dir():  # a report published over several web pages
        from juesuan.read.html.reader import html_files

        for page in html_files(p):
            limits_.check(page, "file", regular_file(page).st_size)
    else:
        limits_.check(p, "file", regular_file(p).st_size)
    if fmt in ("pdf", "text", "html"):
        return _scrubbed(_read_document(p, fmt, ocr))
    if fmt == "json":
        from juesuan.model_validation import read_model_json

        return read_model_json(p)
    from juesuan.read.workbook import read_workbook  # xlsx

    return read_workbook(p)


def _read_document(p: Path, fmt: str, ocr: str) -> Report:
    if fmt == "pdf":
        from juesuan.read.pdf.reader import read_pdf

        return read_pdf(p, ocr)
    if fmt == "html":
        from juesuan.read.html.reader import read_html

        return read_html(p)
    if fmt == "text":
        from juesuan.read.text.reader import read_text

        report = read_text(p)
        if not report.tables and not report.other_tables and not report.narrative.facts and report.performance is None:
            raise NotAReport(str(p), "文本中找不到任何表格或决算数字 (no table or figure found in the text)")
        return report
    raise AssertionError(fmt)


def _scrubbed(report: Report) -> Report:
    """A document's text without the control characters a damaged file can put in it (each a U+FFFD, noted)."""
    from juesuan.model import Problem
    from juesuan.model_validation import scrub

    count = scrub(report)
    if count:
        report.problems.append(Problem(f"文本中有 {count} 个控制字符或无效字符，已替换为 “\ufffd” "
                                       "(control characters replaced)"))
    return report


__all__ = ["read"]
