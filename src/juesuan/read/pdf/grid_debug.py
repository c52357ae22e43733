"""Draw what the table reader saw on a page: its grids, header rows and data columns.

One job: a debugging picture, like pdfplumber's ``page.debug_tablefinder()``.
The page is rendered with PDFium; on it, every printed cell is outlined (blue
for header rows, green for data rows), a grid cut by its text rather than by
ruling lines (open_grid: a 三线表) is framed in orange, and each data column's
role (model key, code, name) is written above the grid, so a wrong reading can
be seen at a glance::

    .venv/bin/python -m juesuan.read.pdf.grid_debug report.pdf 8 /tmp/page8.png
"""

from __future__ import annotations

import sys
from pathlib import Path

from juesuan.read.pdf.document import open_pdf, page_geometry
from juesuan.read.pdf.grid import find_grids
from juesuan.read.pdf.table_layout import read_layout
from juesuan.read.pdf.table_rows import assign_row_roles, assign_two_sided_roles

HEADER_COLOUR = (40, 90, 220)
DATA_COLOUR = (20, 160, 60)
ROLE_COLOUR = (200, 30, 30)
OPEN_COLOUR = (235, 130, 0)


def draw_page(pdf: Path, number: int, out: Path, table_key: str = "income", scale: float = 1.5) -> int:
    """Write a PNG of page ``number`` with its grids drawn on it; return how many grids were found.

    ``table_key`` says how to name the columns (row tables by default; "summary" for a two-sided table).
    """
    from PIL import ImageDraw

    from juesuan.read.image.geometry import recognise_pages

    doc = open_pdf(pdf)
    try:
        geometry = page_geometry(doc, number - 1)
        # a scanned page or an image table: its geometry read by OCR (a scan drawn turned straight, as read)
        scanned = [p for p in recognise_pages(doc, [geometry], "auto") if p.region.whole_page]
        image = doc[number - 1].render(scale=scale).to_pil().convert("RGB")
        if scanned:
            image = image.rotate(-scanned[0].skew, fillcolor=(255, 255, 255))
    finally:
        doc.close()
    grids, _ = find_grids(number, geometry.segments, geometry.chars)
    draw = ImageDraw.Draw(image)
    for grid in grids:
        layout = read_layout(grid)
        if table_key in ("summary", "fiscal_summary"):
            assign_two_sided_roles(table_key, layout)
        else:
            assign_row_roles(table_key, layout)
        for cell in grid.cells:
            colour = HEADER_COLOUR if cell.r0 < layout.first_data_row else DATA_COLOUR
            draw.rectangle([cell.x0 * scale + 2, cell.top * scale + 2, cell.x1 * scale - 2, cell.bottom * scale - 2],
                           outline=colour, width=2)
        if grid.rebuild is not None:  # cut by its text: the columns are the reader's guess
            draw.rectangle([grid.x0 * scale - 3, grid.top * scale - 3, grid.x1 * scale + 3, grid.bottom * scale + 3],
                           outline=OPEN_COLOUR, width=3)
        for col in layout.columns:
            draw.text((col.x0 * scale + 3, grid.top * scale - 14), col.role or "?", fill=ROLE_COLOUR)
    image.save(out)
    return len(grids)


def main(argv: list[str]) -> int:
    if len(argv) not in (3, 4):
        print("usage: python -m juesuan.read.pdf.grid_debug FILE.pdf PAGE OUT.png [TABLE_KEY]", file=sys.stderr)
        return 2
    count = draw_page(Path(argv[0]), int(argv[1]), Path(argv[2]), argv[3] if len(argv) == 4 else "income")
    print(f"{count} grid(s) drawn to {argv[2]}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
