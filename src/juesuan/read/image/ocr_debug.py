"""Draw what OCR saw on a page: the straightened image, its rules, its cells and what each line read.

One job: a debugging picture for image pages, beside ``read.pdf.grid_debug`` (which draws the table
reading on any page, OCR'd or not).  Rules are red, grid cells green, each line of print boxed and
its reading written above it: blue when sure, orange when below the confidence threshold::

    .venv/bin/python -m juesuan.read.image.ocr_debug scan.pdf 8 /tmp/page8.png
"""

from __future__ import annotations

import sys
from pathlib import Path

RULE = (220, 30, 30)
CELL = (20, 160, 60)
SURE = (30, 60, 220)
UNSURE = (240, 130, 0)


def draw_page(pdf: Path, number: int, out: Path, mode: str = "always") -> int:
    """Write a PNG of page ``number`` as OCR read it; return how many lines of print were read."""
    from PIL import Image, ImageDraw, ImageFont

    from juesuan.read.image.geometry import read_region
    from juesuan.read.image.lines import straight_image
    from juesuan.read.image.ocr import recogniser
    from juesuan.read.image.recognised import LOW_CONFIDENCE
    from juesuan.read.image.render import image_regions, render_region
    from juesuan.read.pdf.document import open_pdf, page_geometry
    from juesuan.read.pdf.grid import find_grids

    doc = open_pdf(pdf)
    try:
        chars = page_geometry(doc, number - 1, segments=False).chars
        page = doc[number - 1]
        regions = image_regions(page, number, chars, mode) or image_regions(page, number, chars, "always")
        region = regions[0]
        image = straight_image(render_region(page, region), region.scale)
        read = read_region(page, region, recogniser, only_tables=False)
        assert read is not None  # every picture is read when only_tables is False
        _, segments, result = read
        page.close()
    finally:
        doc.close()
    scale = region.scale
    picture = Image.fromarray(image.grey).convert("RGB")
    draw = ImageDraw.Draw(picture)
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    try:
        font = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", max(10, int(7 * scale)))
    except OSError:  # no CJK font: the readings are still drawn, as boxes
        font = ImageFont.load_default()

    def px(x: float, y: float) -> tuple[float, float]:
        return (x - region.x0) * scale, (y - region.top) * scale

    for seg in segments:
        draw.line([*px(seg.x0, seg.top), *px(seg.x1, seg.bottom)], fill=RULE, width=1)
    grids, _ = find_grids(number, segments, [])
    for grid in grids:
        for cell in grid.cells:
            (a, b), (c, d) = px(cell.x0, cell.top), px(cell.x1, cell.bottom)
            draw.rectangle([a + 3, b + 3, c - 3, d - 3], outline=CELL, width=1)
    for reading in result.readings:
        colour = SURE if reading.confidence >= LOW_CONFIDENCE else UNSURE
        (a, b), (c, d) = px(reading.x0, reading.top), px(reading.x1, reading.bottom)
        draw.rectangle([a, b, c, d], outline=colour, width=1)
        draw.text((a, b - 8 * scale), reading.text, fill=colour, font=font)
    picture.save(out)
    return len(result.readings)


def main(argv: list[str]) -> int:
    if len(argv) not in (3, 4):
        print("usage: python -m juesuan.read.image.ocr_debug FILE.pdf PAGE OUT.png [auto|always]", file=sys.stderr)
        return 2
    count = draw_page(Path(argv[0]), int(argv[1]), Path(argv[2]), argv[3] if len(argv) == 4 else "always")
    print(f"{count} line(s) of print drawn to {argv[2]}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
