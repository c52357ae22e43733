"""HTML -> PDF with WeasyPrint: a text-layer PDF whose tables are ruled grids."""

from __future__ import annotations

import logging

from juesuan.compose.html import report_html
from juesuan.model import Report


def html_to_pdf(html: str) -> bytes:
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    pdf = weasyprint.HTML(string=html).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def report_pdf(report: Report, unchecked: bool = False, extra_css: str | None = None) -> bytes:
    return html_to_pdf(report_html(report, unchecked=unchecked, extra_css=extra_css))
