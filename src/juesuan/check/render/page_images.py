"""Page images for the HTML report: each PDF page rendered once, in grey, as a PNG data URI.

The boxes are not drawn into the picture: the HTML page shows the picture
under an SVG layer of boxes, so one picture serves every finding on its page
and is embedded in the file once.  Sixteen grey levels at 144 dpi keep text
sharp at a third of the size of a colour picture at 108 dpi.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCALE = 2.0  # 144 dpi
GREY_LEVELS = 16


@dataclass(frozen=True)
class PageImage:
    number: int
    width: float  # PDF points, as the boxes are
    height: float
    data_uri: str


class PageImages:
    """Renders pages of one PDF on demand; silent (no images) when there is no PDF to render."""

    def __init__(self, source: str | None) -> None:
        self._pdf: Any = None
        self._cache: dict[int, PageImage | None] = {}
        if source and source.lower().endswith(".pdf") and Path(source).is_file():
            try:
                import pypdfium2 as pdfium

                self._pdf = pdfium.PdfDocument(source)
            except Exception:  # an unreadable PDF only costs the pictures
                self._pdf = None

    @property
    def available(self) -> bool:
        return self._pdf is not None

    def page(self, number: int) -> PageImage | None:
        if number not in self._cache:
            self._cache[number] = self._render(number)
        return self._cache[number]

    def rendered(self) -> list[PageImage]:
        """Every page rendered so far, in page order."""
        return [self._cache[n] for n in sorted(self._cache) if self._cache[n] is not None]  # type: ignore[misc]

    def _render(self, number: int) -> PageImage | None:
        if self._pdf is None or not 1 <= number <= len(self._pdf):
            return None
        try:
            page = self._pdf[number - 1]
            width, height = page.get_size()
            picture = page.render(scale=SCALE).to_pil().convert("L").quantize(GREY_LEVELS)
            page.close()
        except Exception:  # a page PDFium cannot render only costs its picture
            return None
        buf = io.BytesIO()
        picture.save(buf, format="PNG", optimize=True)
        uri = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
        return PageImage(number, float(width), float(height), uri)

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None
