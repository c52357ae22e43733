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
from juesuan.read.pdf.document import page_objects
from juesuan.read.pdf.page_guard import Census, font_seen
from juesuan.read.pdf.preflight import FontProgram, Preflight, Stream, damaged_streams, stored_checksums

MIN_UNMAPPED = 3  # characters without a Unicode mapping on a page before it is a problem (a stray symbol is not)


def _fonts_to_verify(path: Path, found: Preflight, taken: Census) -> list[FontProgram]:
    """The fonts whose streams must be inflated to tell: those the sample met are settled by comparing the
    Adler-32 of what PDFium decoded with the one the stream stores (a changed byte cannot keep both)."""
    seen = {name: taken.fonts[name] for name in found.fonts if name in taken.fonts}
    stored = stored_checksums(path, [found.fonts[name].stream for name in seen])
    out = []
    for name, program in found.fonts.items():
        font = seen.get(name)
        if font is not None and font.adler32 is not None and font.adler32 in stored.get(id(program.stream), ()):
            continue
        out.append(program)
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
                _count(page.raw, textpage.raw, wanted, names, lost)
                if lost:
                    out[index + 1] = lost
            finally:
                textpage.close()
        finally:
            page.close()
    return out


def _count(page_raw: Any, textpage: Any, wanted: set[str], names: dict[int, str], lost: Counter[str]) -> None:
    for obj in page_objects(page_raw, pdfium_c.FPDF_PAGEOBJ_TEXT):
        font = pdfium_c.FPDFTextObj_GetFont(obj)
        handle = ctypes.cast(font, ctypes.c_void_p).value or 0
        if handle not in names:
            seen = font_seen(font) if handle else None
            names[handle] = seen.name if seen else ""
        name = names[handle]
        if name in wanted and pdfium_c.FPDFTextObj_GetText(obj, textpage, None, 0) <= 2:  # only the final NUL
            lost[name] += 1


def lost_text_problems(path: Path, doc: Any, found: Preflight, taken: Census) -> list[Problem]:
    """The pages whose text PDFium could not give back, each a Problem of kind "lost"; damaged streams whose page
    cannot be told, each a Problem of kind "unreadable"."""
    problems: list[Problem] = []
    fonts = _fonts_to_verify(path, found, taken)
    contents = [s for s in found.streams if s.kind in ("content", "form")]
    damaged = {id(s) for s in damaged_streams(path, [f.stream for f in fonts] + contents)}
    damaged_fonts = [f.name for f in fonts if id(f.stream) in damaged]
    damaged_contents = [s for s in contents if id(s) in damaged]
    if damaged_contents:
        problems += _damaged_content(path, damaged_contents, len(doc))
    if damaged_fonts:
        for number, lost in sorted(lost_pages(doc, damaged_fonts).items()):
            named = "、".join(sorted(lost))
            problems.append(Problem(
                f"第{number}页有 {sum(lost.values())} 段文字因嵌入字体 {named} 损坏而未能读出，其中的数字可能缺失 "
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


def _damaged_content(path: Path, streams: list[Stream], page_count: int) -> list[Problem]:
    """A page whose content stream (or a form it draws) is damaged lost what came after the damage."""
    pages = _pages_of(path, {s.number for s in streams if s.number is not None}, page_count)
    out = []
    for stream in streams:
        where = sorted(pages.get(stream.number, set())) if stream.number is not None else []
        for number in where:
            out.append(Problem(f"第{number}页的内容数据流（第 {stream.number} 号对象）损坏，该页的内容可能未能全部读出 "
                               f"(page {number}: its content stream is damaged)", page=number, kind="lost"))
        if not where:
            out.append(Problem(f"{stream.what}数据流损坏，其内容可能未能读出 (a damaged stream)", kind="unreadable"))
    return out


def _pages_of(path: Path, numbers: set[int], page_count: int) -> dict[int, set[int]]:
    """Which pages (from 1) draw each of these content or form objects: pdfminer walks the page tree (only
    for a document found damaged)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFObjRef, resolve1

    def refs(value: Any) -> list[int]:
        if isinstance(value, PDFObjRef):
            return [value.objid]
        if isinstance(value, list):
            return [v.objid for v in value if isinstance(v, PDFObjRef)]
        return []

    out: dict[int, set[int]] = {}
    try:
        with path.open("rb") as fh:
            document = PDFDocument(PDFParser(fh))
            for index, page in enumerate(PDFPage.create_pages(document), 1):
                if index > page_count:
                    break
                drawn = refs(page.attrs.get("Contents"))
                resources = resolve1(page.attrs.get("Resources")) or {}
                xobjects = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
                if isinstance(xobjects, dict):
                    drawn += [v.objid for v in xobjects.values() if isinstance(v, PDFObjRef)]
                for number in numbers.intersection(drawn):
                    out.setdefault(number, set()).add(index)
    except Exception:  # pdfminer on a damaged file: the object numbers are reported instead
        return out
    return out
