"""Plain text (columns lost) -> Report: pages, running-text facts, then the tables."""

from __future__ import annotations

from pathlib import Path

from juesuan.model import Page, Problem, Report, TextLine
from juesuan.read.prose.report_text import fill_from_text
from juesuan.read.prose.with_tables import read_with_tables
from juesuan.read.tables.document_kind import refuse_if_budget
from juesuan.read.text.line_repair import restore_figures
from juesuan.read.text.tables import read_text_tables


def text_pages(text: str) -> list[Page]:
    """Split text into pages at form feeds (one page if there are none), figures printed apart from
    their sentence put back (line_repair)."""
    chunks = text.replace("\r\n", "\n").replace("\r", "\n").split("\f")
    return [Page(i + 1, [TextLine(line) for line in restore_figures(chunk.split("\n"))])
            for i, chunk in enumerate(chunks)]


def read_text(path: Path) -> Report:
    from juesuan.read.encoding import decode_text
    from juesuan.read.file_format import read_bounded

    text, damage = decode_text(read_bounded(path, "text"))
    pages = text_pages(text)
    refuse_if_budget(str(path), pages)
    report = Report(source=str(path), source_format="text", page_count=len(pages), pages=pages)
    fill_from_text(report)
    report.tables, problems = read_text_tables(pages, report.narrative, others=report.other_tables)
    report.problems.extend(problems)
    if damage:
        report.problems.append(Problem(damage))
    read_with_tables(report)
    return report
