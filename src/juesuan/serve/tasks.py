"""The tasks the web app's worker processes run (juesuan.serve.workers): plain functions of picklable
arguments, each doing one thing with one file."""

from __future__ import annotations

import io
import json
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from juesuan.model import Report
from juesuan.store.records import ReportRecord, pack_model, unpack_model

# page images: 144 dpi in sixteen greys (as the HTML check report), and never more pixels than this
PAGE_SCALE = 2.0
PAGE_MAX_PIXELS = 4_000_000
GREY_LEVELS = 16
# grey 0-255 to one of sixteen levels (a 4-bit PNG: a third of the bytes of 8-bit grey, text as sharp)
_LEVELS = [(v * (GREY_LEVELS - 1) + 127) // 255 for v in range(256)]
_PALETTE = [level * 255 // (GREY_LEVELS - 1) for level in range(GREY_LEVELS) for _ in range(3)]
PRERENDER_PAGES = 40  # at most this many page images made while an upload is read
PAGE_SIZES = "page-sizes.json"


def _pdf_pages(path: Path) -> int | None:
    """The page count of a PDF, or None where PDFium cannot tell (the reader then says why)."""
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        try:
            return len(pdf)
        finally:
            pdf.close()
    except Exception:
        return None


def process_upload(path: str, max_pages: int, file_name: str, cache: str | None = None) -> ReportRecord:
    """Read, check and flatten an uploaded file (as ``juesuan ingest`` does), refusing more than ``max_pages``;
    with ``cache``, the page sizes and the images of the pages its findings point at are made there too, so
    that its report page shows them at once."""
    from juesuan.read.file_format import file_format
    from juesuan.serve.reading import read_upload
    from juesuan.store.ingest import failed_record
    from juesuan.store.work import process_file

    p = Path(path)
    try:
        is_pdf = file_format(p) == "pdf"
    except Exception:
        is_pdf = False
    pages = _pdf_pages(p) if is_pdf else None
    if pages is not None and max_pages and pages > max_pages:
        record = failed_record(path, f"页数过多：{pages} 页，上限 {max_pages} 页 (too many pages)", 16)
    else:
        # every format as the command line reads it (a web page by juesuan.read.html: its tables as marked up)
        record = process_file(path, reader=read_upload)
    if record.error:
        record.error = record.error.replace(path, file_name, 1)
    record.file_name = file_name
    if cache is not None and is_pdf and record.status == "ok" and record.check is not None:
        _prerender(path, sorted({f.page for f in record.check.findings if f.page}), Path(cache))
    return record


def _prerender(path: str, numbers: list[int], cache: Path) -> None:
    try:
        sizes = page_sizes(path)
        _write(cache / PAGE_SIZES, json.dumps(sizes).encode())
        for number in numbers[:PRERENDER_PAGES]:
            out = cache / f"page-{number}.png"
            if 1 <= number <= len(sizes) and not out.exists():
                render_page(path, number, str(out))
    except Exception:  # only a head start: the page renders them on demand otherwise
        return


def page_sizes(path: str) -> list[tuple[float, float]]:
    """Each page's width and height in PDF points, as displayed (the boxes' coordinates)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        out = []
        for i in range(len(pdf)):
            page = pdf[i]
            width, height = page.get_size()
            out.append((float(width), float(height)))
            page.close()
        return out
    finally:
        pdf.close()


def render_page(path: str, number: int, out: str) -> None:
    """Page ``number`` (from 1) as a grey PNG written to ``out`` (atomically)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        if not 1 <= number <= len(pdf):
            raise ValueError(f"no page {number}")
        page = pdf[number - 1]
        width, height = page.get_size()
        scale = min(PAGE_SCALE, math.sqrt(PAGE_MAX_PIXELS / max(width * height, 1.0)))
        grey = page.render(scale=scale, grayscale=True).to_pil().convert("L")
        page.close()
    finally:
        pdf.close()
    from PIL import Image

    levels = Image.frombytes("P", grey.size, grey.point(_LEVELS).tobytes())
    levels.putpalette(_PALETTE)
    buf = io.BytesIO()
    levels.save(buf, format="PNG", bits=4)
    _write(Path(out), buf.getvalue())


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _report(model: bytes, source: str | None) -> Report:
    report = unpack_model(model)
    report.source = source
    return report


def compose_report(model: bytes, out: str, force: bool) -> None:
    """The whole report composed from its data (DOCX / PDF / HTML by ``out``'s suffix); refused with the
    findings (DataFailsChecks) when the data fails its checks, unless ``force`` (every page 未经审核)."""
    import juesuan

    suffix = Path(out).suffix
    fd, tmp = tempfile.mkstemp(dir=Path(out).parent, prefix=".part-", suffix=suffix)
    os.close(fd)
    try:
        juesuan.compose(_report(model, None), tmp, force=force)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def filled_workbook(model: bytes, out: str) -> None:
    """The 决算填报 workbook filled with the report's data."""
    import juesuan

    fd, tmp = tempfile.mkstemp(dir=Path(out).parent, prefix=".part-", suffix=".xlsx")
    os.close(fd)
    try:
        juesuan.template(tmp, source=_report(model, None))
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def check_html(model: bytes, previous: bytes | None, source: str | None, file_name: str, out: str) -> None:
    """The HTML check report (juesuan check --format html): findings on the page images."""
    from juesuan.check.render.html import render_html
    from juesuan.serve.findings_file import file_result

    report = _report(model, source)
    result = file_result(report, unpack_model(previous) if previous else None, file_name)
    _write(Path(out), render_html(result, report).encode("utf-8"))


@dataclass(frozen=True)
class WorkbookCheck:
    """A filled workbook, read and checked (the compose page)."""

    model: bytes
    department: str | None
    year: int | None
    findings: list[dict[str, Any]]


def check_workbook(path: str) -> WorkbookCheck:
    import juesuan
    from juesuan.serve.reading import read_upload

    report = read_upload(Path(path))
    findings = [f.to_json() for f in juesuan.check(report)]
    return WorkbookCheck(pack_model(report), report.department, report.year, findings)


def template_workbook(out: str) -> None:
    import juesuan

    fd, tmp = tempfile.mkstemp(dir=Path(out).parent, prefix=".part-", suffix=".xlsx")
    os.close(fd)
    try:
        juesuan.template(tmp)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
