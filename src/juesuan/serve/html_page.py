"""A report published as a web page (HTML): laid out as a printed page with WeasyPrint and read as that PDF.

Read as plain text, a web page loses its columns (an empty cell leaves no trace) and keeps its markup; laid
out, each ``<td>`` lands in its column and the PDF reader places every number by where it is printed, as for a
report published as a PDF, and the page images with their boxes come from the same PDF.  Nothing is fetched
while laying it out (no network, no local file: a page from anyone can name any address), so images and
style sheets it links to are left out; its own ``<style>`` applies.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

from juesuan.errors import JuesuanError, NotAReport

HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
SNIFF_BYTES = 4096
_MARKUP = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<meta|<table|<!--)", re.IGNORECASE)
RENDERED = "rendered.pdf"  # the laid-out page, kept beside the upload (page images, boxes)


def is_html(path: Path) -> bool:
    """An HTML page: named so, or starting as one (a byte-order mark and spaces aside)."""
    if path.suffix.lower() in HTML_SUFFIXES:
        return True
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError:
        return False
    return bool(_MARKUP.match(head.removeprefix(b"\xef\xbb\xbf")))


def _refusing_fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    class Refuse(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"not fetched: {url[:80]}")

    return Refuse()


def html_to_pdf(path: Path, out: Path) -> Path:
    """Lay the page out as a PDF written to ``out`` (atomically); a page with no text is not a report."""
    from weasyprint import HTML

    try:
        document = HTML(filename=str(path), url_fetcher=_refusing_fetcher()).render()
    except JuesuanError:
        raise
    except Exception as exc:
        raise NotAReport(str(path), f"网页无法排版 (the HTML page cannot be laid out): {type(exc).__name__}") from None
    if not document.pages:
        raise NotAReport(str(path), "网页没有内容 (the HTML page is empty)")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".part-", suffix=".pdf")
    os.close(fd)
    try:
        document.write_pdf(tmp)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return out
