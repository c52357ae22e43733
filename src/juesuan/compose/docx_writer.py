"""Document -> DOCX with python-docx: real Word headings, real tables (merged header cells,
repeated header rows), landscape sections for the tables, a page-number footer and the
government fonts set on every style (w:eastAsia 仿宋 / 黑体 / 楷体 / 宋体, Times New Roman for
digits: compose/fonts.py), so that Chinese does not fall back badly.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from juesuan.compose.document import Chart, Document, Grid, GridCell, Heading, PageBreak, Paragraph
from juesuan.compose.fonts import BODY, DOCX_LATIN, HEADING, SUBHEADING, TABLE, FontRole
from juesuan.compose.report_document import build_document
from juesuan.model import Report

_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _set_font(style_or_run: Any, size: float | None = None, bold: bool | None = None,
              role: FontRole = BODY) -> None:
    font = style_or_run.font
    font.name = DOCX_LATIN
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    font.color.rgb = RGBColor(0, 0, 0)
    element = style_or_run.element
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), DOCX_LATIN)
    rfonts.set(qn("w:eastAsia"), role.docx)
    rfonts.set(qn("w:hint"), "eastAsia")  # quotes and dashes of Chinese text in the Chinese font, not Times
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(theme)) is not None:
            del rfonts.attrib[qn(theme)]


TABLE_STYLE = "决算表格文字"
NOTE_STYLE = "决算表注"  # units, notes under a table, figure captions
TOC_STYLE = "决算目录"
# our styles: (name, size, bold, font role, outline level for Word's 目录 or None)
STYLES: tuple[tuple[str, float, bool, FontRole, int | None], ...] = (
    ("Title", 22, True, HEADING, None),
    ("Heading 1", 16, True, HEADING, 0),
    ("Heading 2", 13, True, HEADING, 1),
    ("Heading 3", 12, True, SUBHEADING, 2),
    (TABLE_STYLE, 8, False, TABLE, None),
    (NOTE_STYLE, 9, False, TABLE, None),
    (TOC_STYLE, 11, False, BODY, None),
)


def _styles(doc: Any, keep: bool = False) -> None:
    """The styles the report uses.  With a department's reference document (``keep``) its own styles stand
    and only the missing ones are added, in the government fonts."""
    from docx.enum.style import WD_STYLE_TYPE

    names = {s.name for s in doc.styles}
    if not keep:
        _set_font(doc.styles["Normal"], 11)
        doc.styles["Normal"].paragraph_format.space_after = Pt(3)
        doc.styles["Normal"].paragraph_format.line_spacing = 1.4
    for name, size, bold, role, outline in STYLES:
        if name in names and keep:
            continue
        if name in names:
            style = doc.styles[name]
        else:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = doc.styles["Normal"]
            if outline is not None:  # Word's 目录 field lists paragraphs by outline level
                ppr = style.element.get_or_add_pPr()
                level = OxmlElement("w:outlineLvl")
                level.set(qn("w:val"), str(outline))
                ppr.append(level)
        _set_font(style, size, bold, role)
        if name in (TABLE_STYLE, NOTE_STYLE):
            style.paragraph_format.space_after = Pt(0)
            style.paragraph_format.space_before = Pt(0)
            style.paragraph_format.line_spacing = 1.0


def _has_content(part: Any) -> bool:
    """A body (or header/footer) with any text, table or picture."""
    element = getattr(part, "_element", None)
    if element is None:
        element = part
    return any(t.text and t.text.strip() for t in element.iter(qn("w:t"))) or \
        any(True for _ in element.iter(qn("w:drawing"))) or any(True for _ in element.iter(qn("w:fldSimple")))


PLACEHOLDERS = ("部门", "department", "年度", "year", "标题", "title")


def _fill_placeholders(doc: Any, document: Document) -> None:
    """{{部门}} / {{年度}} / {{标题}} in the reference's cover become this report's (paragraph by paragraph:
    a placeholder split over runs is rejoined into the paragraph's first run)."""
    values = {"部门": document.title, "department": document.title,
              "年度": str(document.year or ""), "year": str(document.year or ""),
              "标题": f"{document.title}{document.subtitle}", "title": f"{document.title}{document.subtitle}"}
    paragraphs = list(doc.paragraphs)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    for para in paragraphs:
        text = para.text
        if "{{" not in text:
            continue
        new = text
        for key in PLACEHOLDERS:
            new = new.replace("{{" + key + "}}", values[key])
        if new != text and para.runs:
            para.runs[0].text = new
            for run in para.runs[1:]:
                run.text = ""


def _page_number_footer(section: Any) -> None:
    para = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.add_run("— ")
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    para._p.append(fld)
    para.add_run(" —")


UNCHECKED = "未经审核（数据未通过校验，强制生成）"


def _unchecked_header(section: Any) -> None:
    para = section.header.paragraphs[0] if section.header.paragraphs else section.header.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = para.add_run(UNCHECKED)
    _set_font(run, 10, True)
    run.font.color.rgb = RGBColor(0xB0, 0, 0)


def _orient(section: Any, landscape: bool, portrait: tuple[Any, ...] | None = None) -> None:
    """A section in portrait (the reference document's page and margins, when given) or landscape (tables)."""
    width, height = Cm(21.0), Cm(29.7)
    if portrait is not None and not landscape:
        section.orientation = WD_ORIENT.PORTRAIT
        (section.page_width, section.page_height, section.left_margin, section.right_margin,
         section.top_margin, section.bottom_margin) = portrait
        return
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = height, width
        section.left_margin = section.right_margin = Cm(1.6)
        section.top_margin = section.bottom_margin = Cm(1.4)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = width, height
        section.left_margin = section.right_margin = Cm(2.2)
        section.top_margin = section.bottom_margin = Cm(2.2)


def _layout(rows: list[list[GridCell]]) -> list[tuple[int, int, GridCell]]:
    """Where each cell of a spanned grid starts: (row, column, cell)."""
    taken: set[tuple[int, int]] = set()
    placed: list[tuple[int, int, GridCell]] = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    return placed


def _merge(snapshot: list[Any], placed: list[tuple[int, int, GridCell]], nrows: int, ncols: int) -> None:
    """Spanned cells as Word writes them (w:gridSpan across, w:vMerge down), on the XML directly:
    python-docx's cell merge re-reads the whole table for every call."""
    for r, c, cell in placed:
        if cell.rowspan == 1 and cell.colspan == 1:
            continue
        span = min(cell.colspan, ncols - c)
        for rr in range(r, min(r + cell.rowspan, nrows)):
            first = snapshot[rr * ncols + c]._tc
            if span > 1:
                first.grid_span = span
                for cc in range(c + 1, c + span):
                    tc = snapshot[rr * ncols + cc]._tc
                    tc.getparent().remove(tc)
            if cell.rowspan > 1:
                first.vMerge = "restart" if rr == r else "continue"


def _field_char(paragraph: Any, kind: str) -> None:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)
    paragraph._p.append(run)


def _update_fields_on_open(doc: Any) -> None:
    """Ask Word to update fields (the TOC's page numbers) when the file is opened."""
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    # w:settings is a sequence: updateFields goes before the first of the elements the schema puts after it
    later = {"hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
             "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
             "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
             "doNotEmbedSmartTags", "decimalSymbol", "listSeparator"}
    for child in settings:
        if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] in later:
            child.addprevious(el)
            return
    settings.append(el)


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _grid(doc: Any, grid: Grid) -> None:
    if grid.title:
        title = doc.add_heading(grid.title, 2)  # a heading, so that Word's 目录 lists the tables too
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if grid.unit:
        unit = doc.add_paragraph(grid.unit, NOTE_STYLE)
        unit.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    ncols = len(grid.widths)
    rows = grid.header + grid.body
    table = doc.add_table(rows=len(rows), cols=ncols)
    _ruled(table)  # explicit borders: a department's reference document may have no "Table Grid" style
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total_width = sum(grid.widths) or 1.0
    usable = 26.5 if grid.landscape else 16.6
    for i, col in enumerate(table.columns):
        col.width = Cm(usable * grid.widths[i] / total_width)
    placed = _layout(rows)
    snapshot = table._cells  # one pass over the XML; table.cell() would redo it for every call
    style_id = doc.styles[TABLE_STYLE].style_id
    for r, c, cell in placed:
        para = snapshot[r * ncols + c].paragraphs[0]
        para._p.style = style_id  # size, spacing and the East Asian font come from the style, not each run
        header = r < len(grid.header)
        para.alignment = _ALIGN["center" if header else cell.align]
        if cell.text:
            run = para.add_run(cell.text)
            if cell.bold:
                run.bold = True
    _merge(snapshot, placed, len(rows), ncols)
    for r in range(len(grid.header)):
        _repeat_header(table.rows[r])
    for note in grid.notes:
        doc.add_paragraph(note, NOTE_STYLE)


def _ruled(table: Any) -> None:
    """Single black lines around and between every cell, whatever the document's table styles."""
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for attr, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            line.set(qn(attr), value)
        borders.append(line)
    tblpr.append(borders)


def _cover(doc: Any, document: Document) -> None:
    doc.add_paragraph().paragraph_format.space_before = Cm(6)
    doc.add_heading(document.title, 0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(sub.add_run(document.subtitle), 20, True, HEADING)


def document_docx(document: Document, reference: bytes | None = None) -> bytes:
    """The document as DOCX; ``reference``: a department's Word file whose styles it uses and whose content,
    if any, is its cover page ({{部门}}, {{年度}}, {{标题}} filled in)."""
    doc = new_docx(io.BytesIO(reference)) if reference is not None else new_docx()
    own_cover = reference is not None and _has_content(doc.element.body)
    _styles(doc, keep=reference is not None)
    section = doc.sections[0]
    portrait: tuple[Any, ...] | None = None
    if reference is not None:
        portrait = (section.page_width or Cm(21.0), section.page_height or Cm(29.7), section.left_margin,
                    section.right_margin, section.top_margin, section.bottom_margin)
    _orient(section, False, portrait)
    if not _has_content(section.footer):
        _page_number_footer(section)
    if document.unchecked:
        _unchecked_header(section)  # later sections repeat it (linked to the previous header)
    if own_cover:
        _fill_placeholders(doc, document)
    else:
        _cover(doc, document)
    if document.unchecked:
        mark = doc.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = mark.add_run(UNCHECKED)
        _set_font(run, 14, True, HEADING)
        run.font.color.rgb = RGBColor(0xB0, 0, 0)
    doc.add_page_break()
    toc = doc.add_paragraph()
    toc.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(toc.add_run("目    录"), 18, True, HEADING)
    for i, (level, text) in enumerate(document.toc):
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Cm(0 if level == 1 else 1)
        if i == 0:  # a Word TOC field whose cached result is this list: 更新域 adds the page numbers
            _field_char(p, "begin")
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = ' TOC \\o "1-2" \\h \\z \\u '
            run = OxmlElement("w:r")
            run.append(instr)
            p._p.append(run)
            _field_char(p, "separate")
        p.style = doc.styles[TOC_STYLE]
        run = p.add_run(text)
        run.bold = level == 1
        if i == len(document.toc) - 1:
            _field_char(p, "end")
    _update_fields_on_open(doc)
    landscape = False
    doc.add_page_break()
    for block in document.blocks:
        if isinstance(block, PageBreak):
            if block.landscape != landscape:
                section = doc.add_section(WD_SECTION.NEW_PAGE)
                _orient(section, block.landscape, portrait)
                landscape = block.landscape
            else:
                doc.add_page_break()
        elif isinstance(block, Heading):
            h = doc.add_heading(block.text, max(1, min(block.level, 3)))
            if block.level == 1:
                h.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif isinstance(block, Paragraph):
            p = doc.add_paragraph(block.text)
            p.paragraph_format.first_line_indent = Pt(22)
        elif isinstance(block, Chart):
            from juesuan.compose.charts import png

            doc.add_picture(io.BytesIO(png(block)), width=Cm(block.width_cm))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            cap = doc.add_paragraph(block.caption, NOTE_STYLE)
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif isinstance(block, Grid):
            block.landscape = landscape
            _grid(doc, block)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def report_docx(report: Report, unchecked: bool = False, reference: bytes | None = None) -> bytes:
    return document_docx(build_document(report, unchecked=unchecked), reference)
