"""Text the page draws but PDFium cannot give back: a read problem, never a clean report.

A few changed bytes inside an embedded font program leave its glyphs without outlines; PDFium then
drops every character drawn with them from the page's text, silently: a table's amounts vanish (and
read as a table with nothing in it), a sentence loses its figures.  Characters whose font maps them to
no Unicode come out as their raw codes instead: garbage where text should be.

Each embedded font program is held to what it declares: PDFium's decoded program must have the size its
stream declares (/Length1), and where that cannot be told (a font the page sample never met, a CFF
program) the stream itself must inflate cleanly with its checksum right.  A damaged font is then looked
for on every page: its text objects that yield no character are lost text, counted per page.  Each such
page (and each table printed on it), and each page where sampled characters had no Unicode mapping,
becomes a Problem of kind "lost": ``juesuan check`` reports it as an error (C106) and compose refuses.
"""

from __future__ import annotations

import ctypes
from collections import Counter
from pathlib import Path
from typing import Any

import pypdfium2.raw as pdfium_c

from juesuan.model import Problem, Report
from juesuan.read.pdf.page_guard import Census, font_seen
from juesuan.read.pdf.preflight import Preflight, stream_is_intact

MIN_UNMAPPED = 3  # characters without a Unicode mapping on a page before it is a problem (a stray symbol is not)
MAX_FORM_DEPTH = 8


def damaged_fonts(path: Path, found: Preflight, taken: Census) -> list[str]:
    """The embedded fonts whose programs are damaged."""
    out = []
    for name, program in found.fonts.items():
        seen = taken.fonts.get(name)
        if seen is not None and program.length1 is not None and seen.decoded == program.length1:
            continue  # decoded to exactly the size it declares
        if not stream_is_intact(path, program.stream):
            out.append(name)
    return out


def lost_pages(doc: Any, damaged: list[str]) -> dict[int, Counter[str]]:
    """Per page (from 1), how many text objects drawn with each damaged font gave no character."""
    out: dict[int, Counter[str]] = {}
    wanted = set(damaged)
    names: dict[int, str] = {}
    for index in range(len(doc)):
        try:
            page = doc[index]
        except Exception:  # a page PDFium cannot load is reported as damaged by the reader already
            continue
        try:
            textpage = page.get_textpage()
            try:
                lost: Counter[str] = Counter()
                raw = page.raw
                _count(raw, pdfium_c.FPDFPage_CountObjects(raw), pdfium_c.FPDFPage_GetObject, textpage.raw,
                       wanted, names, lost, 0)
                if lost:
                    out[index + 1] = lost
            finally:
                textpage.close()
        finally:
            page.close()
    return out


def _count(container: Any, count: int, get: Any, textpage: Any, wanted: set[str], names: dict[int, str],
           lost: Counter[str], depth: int) -> None:
    for i in range(count):
        obj = get(container, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            _count(obj, pdfium_c.FPDFFormObj_CountObjects(obj), pdfium_c.FPDFFormObj_GetObject, textpage, wanted,
                   names, lost, depth + 1)
        elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            font = pdfium_c.FPDFTextObj_GetFont(obj)
            handle = ctypes.cast(font, ctypes.c_void_p).value or 0
            if handle not in names:
                seen = font_seen(font) if handle else None
                names[handle] = seen.name if seen else ""
            name = names[handle]
            if name in wanted and pdfium_c.FPDFTextObj_GetText(obj, textpage, None, 0) <= 2:  # only the final NUL
                lost[name] += 1


def lost_text_problems(path: Path, doc: Any, found: Preflight, taken: Census) -> list[Problem]:
    """The pages whose text PDFium could not give back, each a Problem of kind "lost"."""
    problems: list[Problem] = []
    damaged = damaged_fonts(path, found, taken)
    if damaged:
        for number, lost in sorted(lost_pages(doc, damaged).items()):
            fonts = "、".join(sorted(lost))
            problems.append(Problem(
                f"第{number}页有 {sum(lost.values())} 段文字因嵌入字体 {fonts} 损坏而未能读出，其中的数字可能缺失 "
                f"(page {number}: text lost to a damaged font)", page=number, kind="lost"))
    for number, count in sorted(taken.unmapped_pages.items()):
        if count >= MIN_UNMAPPED:
            problems.append(Problem(
                f"第{number}页有 {count} 个字符没有 Unicode 编码，读出的文字和数字可能有误 "
                f"(page {number}: characters without a Unicode mapping)", page=number, kind="lost"))
    return problems


def mark_tables(report: Report, problems: list[Problem]) -> None:
    """A table printed on a page that lost text: a Problem of its own (its blank cells are not its data)."""
    pages = {p.page for p in problems if p.kind == "lost" and p.page is not None}
    for key, table in report.tables.items():
        hit = sorted(pages.intersection(table.pages or []))
        if hit:
            where = "、".join(str(n) for n in hit)
            report.problems.append(Problem(f"第{where}页的文字未能全部读出，本表的数字可能缺失 "
                                           f"(text lost on its page)", table=key, page=hit[0], kind="lost"))
