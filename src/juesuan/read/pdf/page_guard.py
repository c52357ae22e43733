"""What the PDF reader does with each page as PDFium loads it, beyond its geometry (two calls from document.py).

- ``page_loaded``: the page's objects against the ``objects`` limit, before they are walked one by one;
- ``text_loaded``: its characters against the ``chars`` limit, and a sample of them (every SAMPLE-th) for
  the census of fonts and of characters without a Unicode mapping that read/pdf/font_damage.py uses to
  tell a report whose numbers were lost from a clean one.  Sampling keeps the census at a few hundred
  calls a document; a font that the sample misses is checked from its bytes instead.

The census of the document being read is found through a context variable (set by the PDF reader), so
that these hooks need nothing passed through the geometry code.
"""

from __future__ import annotations

import ctypes
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import pypdfium2.raw as pdfium_c

from juesuan import limits

SAMPLE = 48  # every SAMPLE-th character is looked at for its font and its Unicode mapping

_VOIDP = ctypes.c_void_p
# the two calls of the sample, bound to return plain addresses (no pointer object, no cast, per call)
def _address(function: Any) -> int:
    return int(ctypes.cast(function, _VOIDP).value or 0)


_text_object = ctypes.CFUNCTYPE(_VOIDP, _VOIDP, ctypes.c_int)(_address(pdfium_c.FPDFText_GetTextObject))
_object_font = ctypes.CFUNCTYPE(_VOIDP, _VOIDP)(_address(pdfium_c.FPDFTextObj_GetFont))


@dataclass
class FontSeen:
    name: str
    decoded: int  # the size of the font program PDFium decoded (0: none embedded)
    adler32: int | None = None  # the Adler-32 of what PDFium decoded (a FlateDecode stream stores the right one)


@dataclass
class Census:
    """The fonts the sampled characters were drawn with, and the pages where sampled characters had no
    Unicode mapping (garbage where text should be)."""

    fonts: dict[str, FontSeen] = field(default_factory=dict)
    unmapped_pages: dict[int, int] = field(default_factory=dict)  # page -> characters without a mapping
    _handles: set[int] = field(default_factory=set)


_CENSUS: ContextVar[Census | None] = ContextVar("juesuan_pdf_census", default=None)


@contextmanager
def census() -> Iterator[Census]:
    """A census for the document read inside the block."""
    taken = Census()
    token = _CENSUS.set(taken)
    try:
        yield taken
    finally:
        _CENSUS.reset(token)


def page_loaded(page: Any, number: int) -> None:
    """Refuse a page with more objects than the ``objects`` limit."""
    limit = limits.limit_of("objects")
    if limit:
        count = pdfium_c.FPDFPage_CountObjects(page.raw)
        if count > limit:
            raise limits.refusal(None, "objects", count, limit, f"第 {number} 页")


def text_loaded(textpage: Any, number: int) -> None:
    """Refuse a page with more characters than the ``chars`` limit; take the census's sample."""
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    limit = limits.limit_of("chars")
    if limit and count > limit:
        raise limits.refusal(None, "chars", count, limit, f"第 {number} 页")
    taken = _CENSUS.get()
    if taken is None or count <= 0:
        return
    unmapped = 0
    page = ctypes.cast(raw, _VOIDP).value
    handles = taken._handles
    for i in range(0, count, SAMPLE):
        if pdfium_c.FPDFText_HasUnicodeMapError(raw, i) == 1:
            unmapped += 1
        obj = _text_object(page, i)
        handle = _object_font(obj) if obj else None
        if not handle or handle in handles:
            continue
        handles.add(handle)
        seen = font_seen(ctypes.cast(handle, pdfium_c.FPDFTextObj_GetFont.restype))
        if seen is not None:
            taken.fonts.setdefault(seen.name, seen)
    if unmapped:  # sampled characters without a mapping: count them all on this page
        taken.unmapped_pages[number] = sum(pdfium_c.FPDFText_HasUnicodeMapError(raw, i) == 1 for i in range(count))


def font_seen(font: Any) -> FontSeen | None:
    """A font's name and the size of the program PDFium decoded from the file."""
    size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    if size <= 0:
        return None
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
    name = buffer.value.decode("utf-8", "replace")
    decoded = ctypes.c_ulong(0)
    if not pdfium_c.FPDFFont_GetFontData(font, None, 0, ctypes.byref(decoded)) or not decoded.value:
        return FontSeen(name, 0)
    program = (ctypes.c_uint8 * decoded.value)()
    if not pdfium_c.FPDFFont_GetFontData(font, program, decoded.value, ctypes.byref(decoded)):
        return FontSeen(name, int(decoded.value))
    return FontSeen(name, int(decoded.value), zlib.adler32(memoryview(program)[: decoded.value]))
