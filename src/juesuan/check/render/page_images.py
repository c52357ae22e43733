"""Page images for the HTML report: a PDF page rendered with pypdfium2, boxes drawn, as a PNG data URI."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

from juesuan.model import Box

SCALE = 1.5
FINDING_COLOUR = (220, 30, 30)
RELATED_COLOUR = (240, 150, 0)


class PageImages:
    """Renders pages of one PDF on demand; silent (no images) when there is no PDF to render."""

    def __init__(self, source: str | None) -> None:
        self._pdf: Any = None
        self._cache: dict[int, Any] = {}
        if source and source.lower().endswith(".pdf") and Path(source).is_file():
            try:
                import pypdfium2 as pdfium

                self._pdf = pdfium.PdfDocument(source)
            except Exception:  # an unreadable PDF only costs the pictures
                self._pdf = None

    @property
    def available(self) -> bool:
        return self._pdf is not None

    def _page(self, number: int) -> Any:
        if number not in self._cache:
            page = self._pdf[number - 1]
            self._cache[number] = page.render(scale=SCALE).to_pil().convert("RGB")
        return self._cache[number]

    def data_uri(self, number: int, boxes: list[Box], related: list[Box]) -> str | None:
        if self._pdf is None or not 1 <= number <= len(self._pdf):
            return None
        from PIL import ImageDraw

        image = self._page(number).copy()
        draw = ImageDraw.Draw(image)
        for colour, group in ((RELATED_COLOUR, related), (FINDING_COLOUR, boxes)):
            for b in group:
                if b.page != number:
                    continue
                draw.rectangle([b.x0 * SCALE - 3, b.top * SCALE - 3, b.x1 * SCALE + 3, b.bottom * SCALE + 3],
                               outline=colour, width=3)
        buf = io.BytesIO()
        image.save(buf, format="PNG", optimize=True)
        return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None
