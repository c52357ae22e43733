"""A web page as what a reader of it sees: running text and tables, in document order.

One job: parse an HTML file with lxml (a real HTML parser: broken markup is repaired the way browsers
do) into ``Block``s: a ``TextBlock`` per paragraph, heading, list item or line of running text, and a
``TableBlock`` per table of data, its cells placed on a grid with their row and column spans.

* Only tables that hold no other table are tables of data: government sites lay whole pages out in
  tables, and the report's tables sit inside them.  The text of a layout table's cells is running text.
* ``script``, ``style``, ``noscript``, ``template`` and elements hidden with ``hidden`` or
  ``display:none`` say nothing to a reader and are dropped.
* ``<br>`` breaks a line; whitespace inside a line is collapsed as a browser does (``&nbsp;`` too).
* The bytes are decoded as the page declares (``<meta charset>``), else UTF-8, else GB18030 (which
  covers GB2312 and GBK, the encodings older Chinese sites use).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
from lxml.etree import ParserError, _Element

_DROP = {"script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg", "select", "button"}
# Elements that end a line of running text (block-level in browsers).
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "tr", "table", "section", "article",
           "header", "footer", "blockquote", "pre", "center", "ul", "ol", "dl", "form", "fieldset", "caption",
           "figure", "figcaption", "main", "nav", "aside", "address", "hr", "body", "td", "th"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACE = re.compile(r"[ \t\r\n\f\u00a0\u3000]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Largest span honoured (a colspan="1000" of a broken page would make a huge grid).
MAX_SPAN = 100


@dataclass
class TextBlock:
    text: str


@dataclass
class TableCell:
    """A printed cell: its text and where it sits on the table's grid (rows r0..r1, columns c0..c1, exclusive)."""

    text: str
    r0: int
    r1: int
    c0: int
    c1: int


@dataclass
class TableBlock:
    cells: list[TableCell] = field(default_factory=list)
    n_rows: int = 0
    n_cols: int = 0


Block = TextBlock | TableBlock


def decode(raw: bytes) -> str:
    """The page's text: as its ``<meta charset>`` declares, else UTF-8, else GB18030."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    declared = _META_CHARSET.search(raw[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk"):
            name = "gb18030"  # a superset: pages declared GB2312 often use GBK characters
        try:
            return raw.decode(name, errors="replace")
        except LookupError:
            pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def _hidden(el: _Element) -> bool:
    return el.get("hidden") is not None or bool(_HIDDEN_STYLE.search(el.get("style") or ""))


def _tag(el: _Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


class _Walker:
    """Collects blocks in document order: lines of running text, and tables of data."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.line: list[str] = []

    def end_line(self) -> None:
        text = _SPACE.sub(" ", "".join(self.line)).strip()
        if text:
            self.blocks.append(TextBlock(text))
        self.line = []

    def walk(self, el: _Element) -> None:
        tag = _tag(el)
        if not tag or tag in _DROP or _hidden(el):
            self.line.append(el.tail or "")
            return
        if tag == "br":
            self.end_line()
            self.line.append(el.tail or "")
            return
        if tag == "table" and not any(_tag(t) == "table" for t in el.iterdescendants()):
            self.end_line()
            caption = el.find("caption")
            if caption is not None:
                self.blocks.append(TextBlock(_SPACE.sub(" ", caption.text_content()).strip()))
            table = _table(el)
            if table.cells:
                self.blocks.append(table)
            self.line.append(el.tail or "")
            return
        block = tag in _BLOCKS
        if block:
            self.end_line()
        self.line.append(el.text or "")
        for child in el:
            self.walk(child)
        if block:
            self.end_line()
        self.line.append(el.tail or "")


def _cell_text(cell: _Element) -> str:
    """A cell's text with its lines joined (a name wrapped with <br> is one name)."""
    parts: list[str] = []

    def visit(el: _Element) -> None:
        if _tag(el) in _DROP or _hidden(el):
            parts.append(el.tail or "")
            return
        parts.append(el.text or "")
        for child in el:
            visit(child)
        parts.append(el.tail or "")

    parts.append(cell.text or "")
    for child in cell:
        visit(child)
    return _SPACE.sub(" ", "".join(parts)).strip()


def _span(value: str | None) -> int:
    try:
        return max(1, min(MAX_SPAN, int((value or "1").strip())))
    except ValueError:
        return 1


def _rows(table: _Element) -> list[_Element]:
    """The table's rows in order (thead, tbody, tfoot or bare), not those of tables inside it."""
    out: list[_Element] = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            out.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            out.extend(r for r in child if _tag(r) == "tr")
    return out


def _table(el: _Element) -> TableBlock:
    """The table's cells on a grid: each cell takes the first free slot of its row, spans reserve slots below."""
    taken: set[tuple[int, int]] = set()
    block = TableBlock()
    for r, tr in enumerate(_rows(el)):
        if _hidden(tr):
            continue
        c = 0
        for td in tr:
            if _tag(td) not in ("td", "th") or _hidden(td):
                continue
            while (r, c) in taken:
                c += 1
            rows, cols = _span(td.get("rowspan")), _span(td.get("colspan"))
            for i in range(r, r + rows):
                for j in range(c, c + cols):
                    taken.add((i, j))
            block.cells.append(TableCell(_cell_text(td), r, r + rows, c, c + cols))
            c += cols
    if not block.cells:
        return block
    # a rowspan reaching past the last row ends with the table, as in a browser
    last = max(cell.r0 for cell in block.cells) + 1
    for cell in block.cells:
        cell.r1 = min(cell.r1, last)
    block.n_rows = last
    block.n_cols = max(cell.c1 for cell in block.cells)
    return block


def read_blocks(path: Path) -> list[Block]:
    """The blocks of one HTML file; an empty list when it holds nothing a reader would see."""
    text = _XML_DECLARATION.sub("", decode(path.read_bytes()), count=1)
    try:
        root = lxml.html.document_fromstring(text)
    except (ParserError, ValueError):  # nothing parseable: an empty document
        return []
    walker = _Walker()
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.end_line()
    return walker.blocks
