"""For the HTML report: the image of each cell a finding rests on that was read by OCR, beside what was read.

One job: a reviewer checks an OCR'd number against its print at a glance.  For each place of a finding
whose value was recognised from a page image (``Report.ocr``), the cell is cut out of the page picture
the report already embeds (an SVG ``<use>`` of it, with the cell's box as the view: no second picture),
and set beside the reading: "识别为“1,503.52”，把握 0.93；另可能为 1508.52".

A scan turned by a few tenths of a degree is shown turned straight, as OCR read it, so that the boxes
(which are those of the straightened page) sit on their cells.
"""

from __future__ import annotations

from html import escape

from juesuan.check.finding import Finding
from juesuan.check.render.page_images import PageImages
from juesuan.model import Box, Report

STYLE = """
.ocr-cells{margin:.5em 0 0}.ocr{display:flex;align-items:center;gap:1em;margin:.2em 0}
.ocr svg{border:1px solid #999;background:#fff;flex:none}.ocr .unsure{color:#b07000}
"""
ZOOM = 2.0  # the cell is shown at twice its printed size
PAD = 2.0  # points of the page shown round the cell


def straightening(report: Report | None, page: int, width: float, height: float) -> str:
    """The SVG transform that turns a page picture straight as OCR read it ("" for a page read from text)."""
    if report is None or report.ocr is None:
        return ""
    image = next((p for p in report.ocr.pages if p.page == page and p.region is None), None)
    if image is None or not image.skew:
        return ""
    return f' transform="rotate({image.skew:.3f} {width / 2:.1f} {height / 2:.1f})"'


def _cell_svg(box: Box, transform: str) -> str:
    x, y, w, h = box.x0 - PAD, box.top - PAD, box.x1 - box.x0 + 2 * PAD, box.bottom - box.top + 2 * PAD
    return (f'<svg viewBox="{x:.1f} {y:.1f} {w:.1f} {h:.1f}" width="{w * ZOOM:.0f}" height="{h * ZOOM:.0f}" '
            f'role="img" aria-label="第{box.page}页单元格图像"><use href="#page-{box.page}"{transform}/></svg>')


def ocr_cells_html(report: Report | None, finding: Finding, images: PageImages) -> str:
    """The OCR'd cells of a finding (its place, then what it was compared with), each image beside its reading."""
    if report is None or report.ocr is None or not images.available:
        return ""
    rows: list[str] = []
    seen: set[Box] = set()
    for loc in (finding.location, *finding.related):
        cell = report.ocr.cell(loc.box)
        if cell is None or cell.box in seen:
            continue
        seen.add(cell.box)
        picture = images.page(cell.box.page)
        if picture is None:
            continue
        text = f"识别为“{cell.text}”，把握 {cell.confidence:.2f}"
        if cell.candidates:
            text += f"；另可能为 {'、'.join(cell.candidates)}"
        css = ' class="unsure"' if cell.ambiguous else ""
        transform = straightening(report, cell.box.page, picture.width, picture.height)
        rows.append(f'<div class="ocr">{_cell_svg(cell.box, transform)}<span{css}>{escape(text)}</span></div>')
    if not rows:
        return ""
    head = '<div class="where">识别自图像的单元格（左为页面图像，右为识别结果），请人工核对：</div>'
    return f'<div class="ocr-cells">{head}{"".join(rows)}</div>'
