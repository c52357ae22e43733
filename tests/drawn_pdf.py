"""PDFs drawn by hand in the test: text and rules placed exactly, in the ways other producers draw them.

WeasyPrint (tests/synthetic_pdf.py) draws every rule as one stroked line.  Other
producers draw rules as runs of short dashes, rows of dots, thin filled
rectangles (one object each, or all in one path), and print landscape tables
on portrait pages turned by ``/Rotate``.  ``DrawnPage`` writes such pages from
coordinates given as the page is displayed (origin top-left, y downwards);
``draw_table`` lays out a table (cells with colspan/rowspan as in
synthetic_pdf) and rules it in a chosen pattern and style.

Text uses a non-embedded Adobe-GB1 CID font (STSong-Light, UniGB-UCS2-H): PDFium
extracts its Unicode text, and renders it with a substitute font.  Widths are
fixed: a CJK character is one em, an ASCII character half an em.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.minimal_pdf import build_pdf
from tests.synthetic_pdf import CellSpec

# How a rule is drawn.
STROKE = "stroke"  # one stroked line per rule
DASH_ARRAY = "dash-array"  # one stroked line with a dash pattern
DASHES = "dashes"  # a separate short stroked line per dash
DOTS = "dots"  # a separate tiny filled square per dot
FILLED = "filled"  # a thin filled rectangle per rule
FILLED_ONE_PATH = "filled-one-path"  # every rule a thin rectangle, all in one filled path
STYLES = (STROKE, DASH_ARRAY, DASHES, DOTS, FILLED, FILLED_ONE_PATH)

# Which rules a table has.
GRID = "grid"  # every cell side
ROWS = "rows"  # horizontal rules only, under every row
THREE_LINES = "three-lines"  # top, under the header, bottom (三线表)
FRAME_ROWS = "frame-rows"  # a rule under every row and the two outer sides, no rule between columns
COLUMNS = "columns"  # the header ruled in full; in the body the columns ruled, no rule between rows
HEADER_ROWS = "header-rows"  # the header ruled in full; in the body a rule under every row only
HEADER_OPEN = "header-open"  # the header ruled in full; the body closed by one rule at its foot


def text_width(text: str, size: float) -> float:
    return sum(size * (0.5 if ord(ch) < 128 else 1.0) for ch in text)


def _hex(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex() + ">"


def _num(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


@dataclass
class DrawnPage:
    """One page, drawn in display coordinates (width x height as shown, origin top-left)."""

    width: float = 842.0
    height: float = 595.0
    rotate: int = 0  # /Rotate of the page: the content is turned so that it displays upright
    origin: tuple[float, float] = (0.0, 0.0)  # lower-left corner of the media box (most producers: 0 0)
    ops: list[str] = field(default_factory=list)
    _one_path: list[str] = field(default_factory=list)

    def text(self, x: float, baseline: float, text: str, size: float = 9.0) -> None:
        at = f"{_num(x)} {_num(self.height - baseline)}"
        self.ops.append(f"BT /F1 {_num(size)} Tf 1 0 0 1 {at} Tm {_hex(text)} Tj ET")

    def rule(self, x0: float, y0: float, x1: float, y1: float, style: str = STROKE, width: float = 0.75) -> None:
        """A horizontal (y0 == y1) or vertical (x0 == x1) rule from (x0, y0) to (x1, y1)."""
        h = self.height
        if style == STROKE:
            self.ops.append(f"{_num(width)} w {_num(x0)} {_num(h - y0)} m {_num(x1)} {_num(h - y1)} l S")
        elif style == DASH_ARRAY:
            line = f"{_num(x0)} {_num(h - y0)} m {_num(x1)} {_num(h - y1)} l"
            self.ops.append(f"[3 2] 0 d {_num(width)} w {line} S [] 0 d")
        elif style == DASHES:
            self._pieces(x0, y0, x1, y1, 3.0, 3.0, lambda a, b, c, d: self.ops.append(
                f"{_num(width)} w {_num(a)} {_num(h - b)} m {_num(c)} {_num(h - d)} l S"))
        elif style == DOTS:
            r = 0.4

            def dot(a: float, b: float, _c: float, _d: float) -> None:
                self.ops.append(f"{_num(a - r)} {_num(h - b - r)} {_num(2 * r)} {_num(2 * r)} re f")

            self._pieces(x0, y0, x1, y1, 0.0, 2.4, dot)
        elif style in (FILLED, FILLED_ONE_PATH):
            t = width
            if y0 == y1:
                rect = f"{_num(x0)} {_num(h - y0 - t / 2)} {_num(x1 - x0)} {_num(t)} re"
            else:
                rect = f"{_num(x0 - t / 2)} {_num(h - y1)} {_num(t)} {_num(y1 - y0)} re"
            if style == FILLED:
                self.ops.append(rect + " f")
            else:
                self._one_path.append(rect)
        else:  # pragma: no cover - a test's typo
            raise ValueError(style)

    @staticmethod
    def _pieces(x0: float, y0: float, x1: float, y1: float, length: float, step: float,
                draw: Callable[[float, float, float, float], None]) -> None:
        horizontal = y0 == y1
        start, end = (x0, x1) if horizontal else (y0, y1)
        pos = start
        while pos <= end + 1e-6:
            stop = min(pos + length, end)
            if horizontal:
                draw(pos, y0, stop, y0)
            else:
                draw(x0, pos, x0, stop)
            pos += step + length if length else step

    def content(self) -> bytes:
        ops = list(self.ops)
        if self._one_path:
            ops.append(" ".join(self._one_path) + " f")
        body = "\n".join(ops)
        # the page is drawn upright in display space, then turned back into the page's user space
        w, h = self.width, self.height
        matrix = {
            0: "1 0 0 1 0 0",
            90: f"0 1 -1 0 {_num(h)} 0",
            180: f"-1 0 0 -1 {_num(w)} {_num(h)}",
            270: f"0 -1 1 0 0 {_num(w)}",
        }[self.rotate]
        ox, oy = self.origin
        return f"q 1 0 0 1 {_num(ox)} {_num(oy)} cm {matrix} cm\n{body}\nQ".encode()

    def media_box(self) -> str:
        ox, oy = self.origin
        w, h = (self.height, self.width) if self.rotate in (90, 270) else (self.width, self.height)
        return f"[{_num(ox)} {_num(oy)} {_num(ox + w)} {_num(oy + h)}]"


def drawn_pdf(path: Path, pages: Sequence[DrawnPage]) -> Path:
    """Write ``pages`` as one PDF at ``path``."""
    n = len(pages)
    font = 3 + 2 * n  # object numbers: 1 catalog, 2 pages, then page/content pairs, then the font objects
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode()]
    for i, page in enumerate(pages):
        content = page.content()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox {page.media_box()} /Rotate {page.rotate} "
            f"/Contents {4 + 2 * i} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects += [
        f"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        f"/DescendantFonts [{font + 1} 0 R] >>".encode(),
        f"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
        f"/Ordering (GB1) /Supplement 2 >> /FontDescriptor {font + 2} 0 R /DW 1000 /W [1 95 500] >>".encode(),
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ]
    path.write_bytes(build_pdf(objects))
    return path


def _is_number(text: str) -> bool:
    return bool(text) and all(ch.isdigit() or ch in ",.-" for ch in text) and any(ch.isdigit() for ch in text)


def draw_table(
    page: DrawnPage,
    rows: Sequence[Sequence[CellSpec]],
    widths: Sequence[float],
    *,
    x0: float = 40.0,
    top: float = 80.0,
    header_rows: int = 1,
    rules: str = GRID,
    style: str = STROKE,
    size: float = 9.0,
    line_height: float = 11.0,
    padding: float = 4.0,
    title: str | None = None,
    left_columns: Sequence[int] = (),
    header_widths: Sequence[float] | None = None,
) -> float:
    """Lay out ``rows`` (cells as in synthetic_pdf: text or (text, colspan, rowspan)) and rule them.

    Numbers are right-aligned (except in ``left_columns``: codes), header cells centred, other text
    left-aligned; "\\n" wraps a cell.  ``header_widths``: the header rows laid out on columns of their own
    (a header drawn apart from the body, its rules not over the body's).
    Returns the y of the table's bottom.
    """
    if title:
        page.text(x0 + (sum(widths) - text_width(title, 14)) / 2, top - 30, title, 14)
        page.text(x0 + sum(widths) - text_width("单位：万元", size), top - 6, "单位：万元", size)
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    head_xs = [x0]
    for w in header_widths or widths:
        head_xs.append(head_xs[-1] + w)
    # occupancy, as an HTML table is laid out
    placed: list[tuple[int, int, int, int, str]] = []  # r0, r1, c0, c1, text
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for spec in row:
            text, colspan, rowspan = (spec, 1, 1) if isinstance(spec, str) else spec
            while (r, c) in taken:
                c += 1
            for rr in range(r, r + rowspan):
                for cc in range(c, c + colspan):
                    taken.add((rr, cc))
            placed.append((r, r + rowspan, c, c + colspan, text))
            c += colspan
    n_rows = len(rows)
    lines_in_row = [1] * n_rows
    for r0, r1, _c0, _c1, text in placed:
        if r1 - r0 == 1:
            lines_in_row[r0] = max(lines_in_row[r0], text.count("\n") + 1)
    ys = [top]
    for n in lines_in_row:
        ys.append(ys[-1] + n * line_height + 2 * padding)
    for r0, r1, c0, c1, text in placed:
        parts = text.split("\n") if text else []
        box_top, box_bottom = ys[r0], ys[r1]
        cx = head_xs if r0 < header_rows else xs
        first = (box_top + box_bottom) / 2 - (len(parts) * line_height) / 2 + line_height * 0.8
        for i, part in enumerate(parts):
            width = text_width(part, size)
            if r0 < header_rows:
                x = (cx[c0] + cx[c1] - width) / 2
            elif _is_number(part) and c0 not in left_columns:
                x = cx[c1] - padding - width
            else:
                x = cx[c0] + padding
            page.text(x, first + i * line_height, part, size)
    sides: set[tuple[float, float, float, float]] = set()
    for r0, r1, c0, c1, _text in placed:
        cx = head_xs if r0 < header_rows else xs
        if rules in (COLUMNS, HEADER_ROWS, HEADER_OPEN) and r0 < header_rows:
            sides |= {(cx[c0], ys[r0], cx[c1], ys[r0]), (cx[c0], ys[r1], cx[c1], ys[r1]),
                      (cx[c0], ys[r0], cx[c0], ys[r1]), (cx[c1], ys[r0], cx[c1], ys[r1])}
        elif rules == COLUMNS:
            sides |= {(cx[c0], ys[r0], cx[c0], ys[r1]), (cx[c1], ys[r0], cx[c1], ys[r1])}
        elif rules in (HEADER_ROWS, FRAME_ROWS):
            sides |= {(cx[c0], ys[r0], cx[c1], ys[r0]), (cx[c0], ys[r1], cx[c1], ys[r1])}
        if rules == GRID:
            sides |= {(cx[c0], ys[r0], cx[c1], ys[r0]), (cx[c0], ys[r1], cx[c1], ys[r1]),
                      (cx[c0], ys[r0], cx[c0], ys[r1]), (cx[c1], ys[r0], cx[c1], ys[r1])}
        elif rules == ROWS:
            sides |= {(cx[c0], ys[r0], cx[c1], ys[r0]), (cx[c0], ys[r1], cx[c1], ys[r1])}
    if rules == THREE_LINES:
        for y in (ys[0], ys[header_rows], ys[-1]):
            sides.add((xs[0], y, xs[-1], y))
    if rules in (COLUMNS, HEADER_OPEN):
        sides.add((xs[0], ys[-1], xs[-1], ys[-1]))
    if rules == FRAME_ROWS:
        sides |= {(xs[0], ys[0], xs[0], ys[-1]), (xs[-1], ys[0], xs[-1], ys[-1])}
    for side in sorted(sides):
        page.rule(*side, style=style)
    return ys[-1]
