"""Robustness: deterministic mutations of the real corpus files.

Every mutated input either reads into a Report or raises a JuesuanError (never
another exception); the CLI then exits 0 or with that error's own code, prints
exactly one line ``juesuan: <path>: <reason>`` and no traceback, leaves no
output or temporary file behind on failure, and never changes the input.

Where a case has a known right answer (a damaged page is skipped with a
Problem naming it, a text cut inside a UTF-8 character still reads ...), it is
asserted too.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import openpyxl
import pypdfium2 as pdfium
import pytest

from juesuan import errors
from juesuan.cli import INTERNAL_ERROR_EXIT, main
from juesuan.model import Report
from juesuan.read import read
from tests.conftest import corpus_file

PDF = "putuo-shgzb-2024.pdf"  # 24 pages, WPS export, xref table; the tables on pages 5-16
PDF_TABLE_PAGES = list(range(4, 16))  # 0-based
TEXT = "hanyang-zzb-2022.txt"


@cache
def _corpus_bytes(name: str) -> bytes:
    return corpus_file(name).read_bytes()


def _pdf() -> bytes:
    return _corpus_bytes(PDF)


def _text() -> str:
    return _corpus_bytes(TEXT).decode("utf-8")


# --- PDF mutations ------------------------------------------------------------------------------------------


def _xref_offset(data: bytes) -> int:
    """Where the last cross-reference table starts (the corpus PDFs have tables, not xref streams)."""
    start = data.rindex(b"startxref")
    return int(data[start + len(b"startxref"):].split()[0])


def _after_header(data: bytes) -> bytes:
    return data[: data.index(b"\n", 5) + 1]  # "%PDF-1.7" and its end of line, nothing more


def _truncated(fraction_in_11ths: int) -> Callable[[], bytes]:
    return lambda: _pdf()[: len(_pdf()) * fraction_in_11ths // 11]


def _streams(data: bytes, min_length: int = 200) -> list[tuple[int, int]]:
    """(start, end) of each stream's bytes long enough to be hit in its middle."""
    out = []
    for m in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", m.end())
        if end - m.end() >= min_length:
            out.append((m.end(), end))
    return out


def _junk_in_stream(which: int, of: int) -> Callable[[], bytes]:
    """32 random bytes over the middle of one stream (chosen spread over the file): same length, offsets valid."""

    def make() -> bytes:
        data = _pdf()
        streams = _streams(data)
        start, end = streams[len(streams) * which // of]
        middle = (start + end) // 2
        junk = random.Random(which).randbytes(32)
        return data[:middle] + junk + data[middle + 32:]

    return make


def _without_xref() -> bytes:
    data = _pdf()
    xref = _xref_offset(data)
    trailer = data.index(b"trailer", xref)
    return data[:xref] + data[trailer:]  # startxref now points at the trailer


def _page_objects(data: bytes) -> list[int]:
    return [m.start() for m in re.finditer(rb"/Type\s*/Page\b(?!s)", data)]


def _all_page_dicts_broken() -> bytes:
    """No page object says /Type /Page any more: PDFium opens the file but can load none of its pages."""
    data = bytearray(_pdf())
    for at in _page_objects(bytes(data)):
        data[at:at + 10] = b"/Type/Pagx"
    return bytes(data)


def _pages(indices: list[int] | None) -> Callable[[Path], bytes]:
    """A new PDF with only the given pages of the corpus PDF (pypdfium2 import_pages)."""

    def make(tmp: Path) -> bytes:
        src = pdfium.PdfDocument(corpus_file(PDF))
        new = pdfium.PdfDocument.new()
        try:
            new.import_pages(src, indices)
            scratch = tmp / "scratch.pdf"
            new.save(scratch)
        finally:
            new.close()
            src.close()
        data = scratch.read_bytes()
        scratch.unlink()
        return data

    return make


# --- text, JSON, XLSX and other mutations -------------------------------------------------------------------


def _text_shuffled() -> bytes:
    lines = _text().splitlines()
    random.Random(7).shuffle(lines)
    return "\n".join(lines).encode("utf-8")


def _crlf() -> bytes:
    return _text().replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def _cr_only() -> bytes:
    return _text().replace("\r\n", "\n").replace("\n", "\r").encode("utf-8")


def _garbage_line(length: int) -> bytes:
    rng = random.Random(3)
    return bytes(rng.randrange(33, 127) for _ in range(length))


def _workbook_not_ours(tmp: Path) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sheet1"
    ws.append(["项目", "金额"])
    ws.append(["办公费", 12.5])
    scratch = tmp / "scratch.xlsx"
    wb.save(scratch)
    data = scratch.read_bytes()
    scratch.unlink()
    return data


# what a case must give: a Report, a given error, or either (None)
Expect = type[Report] | type[errors.JuesuanError] | None


@dataclass(frozen=True)
class Case:
    id: str
    name: str  # file name in tmp_path (its suffix matters to detection)
    make: Callable[[Path], bytes | None]  # None: make a directory
    expect: Expect = None
    check: Callable[[Report], None] | None = None  # further assertions on a Report


def _const(make: Callable[[], bytes]) -> Callable[[Path], bytes]:
    return lambda _tmp: make()


def _damaged_page(page: int, at_least_tables: int) -> Callable[[Report], None]:
    def check(report: Report) -> None:
        assert [p.page for p in report.problems if "damaged" in p.message] == [page], report.problems
        assert report.page_count == 24 and report.pages[page - 1].lines == []
        assert len(report.tables) >= at_least_tables, sorted(report.tables)

    return check


def _all_tables(report: Report) -> None:
    assert len(report.tables) == 9, sorted(report.tables)


def _like_the_original_text(report: Report) -> None:
    assert sorted(report.tables) == ["expenditure", "gov_fund", "income", "state_capital"]
    assert report.department == "中国共产党武汉市汉阳区委组织部"


CASES: list[Case] = [
    Case("pdf-cut-after-header", "cut.pdf", _const(lambda: _after_header(_pdf())), errors.DamagedPdf),
    *(Case(f"pdf-cut-at-{k}-11ths", "cut.pdf", _const(_truncated(k))) for k in range(1, 11)),
    Case("pdf-cut-before-xref", "cut.pdf", _const(lambda: _pdf()[: _xref_offset(_pdf())])),
    Case("pdf-no-eof-marker", "cut.pdf", _const(lambda: _pdf()[: _pdf().rindex(b"%%EOF")]), Report, _all_tables),
    *(Case(f"pdf-junk-in-stream-{k}-of-6", "junk.pdf", _const(_junk_in_stream(k, 6))) for k in range(6)),
    Case("pdf-xref-removed", "noxref.pdf", _const(_without_xref), Report, _all_tables),
    Case("pdf-all-pages-damaged", "pages.pdf", _const(_all_page_dicts_broken), errors.DamagedPdf),
    Case("pdf-first-page-only", "first.pdf", _pages([0]), errors.NoStandardTables),
    Case("pdf-table-pages-only", "tables.pdf", _pages(PDF_TABLE_PAGES), Report, _all_tables),
    Case("pdf-every-other-table-page", "half-tables.pdf", _pages(PDF_TABLE_PAGES[::2])),
    Case("text-cut-in-half", "half.txt", _const(lambda: _corpus_bytes(TEXT)[: len(_corpus_bytes(TEXT)) // 2]),
         Report, _like_the_original_text),
    Case("text-lines-shuffled", "shuffled.txt", _const(_text_shuffled)),
    Case("text-gb18030", "gb.txt", _const(lambda: _text().encode("gb18030")), Report, _like_the_original_text),
    Case("text-crlf", "crlf.txt", _const(_crlf), Report, _like_the_original_text),
    Case("text-cr-only", "cr.txt", _const(_cr_only), Report, _like_the_original_text),
    Case("text-utf16", "utf16.txt", _const(lambda: _text().encode("utf-16")), Report, _like_the_original_text),
    Case("json-not-a-report", "other.json", _const(lambda: b'{"name": "x", "items": [1, 2]}'), errors.BadReportJson),
    Case("json-a-list", "list.json", _const(lambda: b"[1, 2, 3]"), errors.BadReportJson),
    Case("json-wrong-shapes", "shapes.json", _const(lambda: b'{"tables": {"income": "x"}, "problems": ["y"]}'),
         errors.BadReportJson),
    Case("json-too-deep", "deep.json", _const(lambda: b'{"tables": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
         errors.LimitExceeded),
    Case("xlsx-not-our-workbook", "other.xlsx", _workbook_not_ours, errors.UnsupportedFile),
    Case("directory", "folder.pdf", lambda _tmp: None, errors.UnsupportedFile),
    Case("zero-bytes-pdf", "empty.pdf", _const(lambda: b""), errors.UnsupportedFile),
    Case("huge-garbage-line", "garbage.txt", _const(lambda: _garbage_line(300_000)), errors.NotAReport),
    Case("huge-garbage-line-pdf", "garbage.pdf", _const(lambda: _garbage_line(300_000)), errors.DamagedPdf),
]
# one damaged page is skipped with a Problem naming it, and the rest of the document is still read:
# page 3 is narrative, page 10 the first of the 财政拨款收入支出决算总表 (fiscal_summary)
CASES += [
    Case("pdf-text-page-damaged", "page3.pdf", _const(lambda: _break_page(3)), Report, _damaged_page(3, 9)),
    Case("pdf-table-page-damaged", "page10.pdf", _const(lambda: _break_page(10)), Report, _damaged_page(10, 8)),
]


def _break_page(number: int) -> bytes:
    """Break the page object that PDFium loads as page ``number`` (found by trying: object order is not page order)."""
    data = _pdf()
    for at in _page_objects(data):
        broken = data[:at] + b"/Type/Pagx" + data[at + 10:]
        doc = pdfium.PdfDocument(broken)
        try:
            try:
                doc[number - 1].close()
            except pdfium.PdfiumError:
                return broken
        finally:
            doc.close()
    raise AssertionError(f"no page object found for page {number}")


def _snapshot(root: Path) -> set[Path]:
    return set(root.rglob("*"))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_mutation_reads_or_says_why(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = case.make(tmp_path)
    path = tmp_path / case.name
    if data is None:
        path.mkdir()
    else:
        path.write_bytes(data)
    before = _snapshot(tmp_path)

    # the library: a Report or a JuesuanError, nothing else
    try:
        outcome: Report | errors.JuesuanError = read(path)
    except errors.JuesuanError as exc:
        outcome = exc
        assert str(path) in exc.message
    if case.expect is not None:
        assert isinstance(outcome, case.expect), outcome
    if case.check is not None:
        assert isinstance(outcome, Report)
        case.check(outcome)

    # the command: the same outcome, one line, nothing left behind
    out = tmp_path / "out.json"
    code = main(["parse", str(path), "--format", "json", "-o", str(out)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if isinstance(outcome, Report):
        assert code == 0, err
        assert _snapshot(tmp_path) == before | {out}
        assert isinstance(json.loads(out.read_text(encoding="utf-8")), dict)
    else:
        assert code == outcome.exit_code
        lines = err.splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith(f"juesuan: {path}: ")
        assert _snapshot(tmp_path) == before  # no output, no temporary file
    if data is not None:
        assert path.read_bytes() == data


def _crash(*_args: object, **_kwargs: object) -> Report:
    raise ZeroDivisionError("a bug\nover two lines")


def test_internal_error_is_one_line_and_exit_70(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"anything")
    monkeypatch.setattr(sys.modules["juesuan.read"], "read", _crash)
    monkeypatch.delenv("JUESUAN_DEBUG", raising=False)
    out = tmp_path / "out.json"
    code = main(["parse", str(path), "--format", "json", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == INTERNAL_ERROR_EXIT == 70
    assert err.splitlines() == [
        f"juesuan: {path}: 内部错误 (internal error): ZeroDivisionError: a bug over two lines; please report it"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


def test_internal_error_traceback_with_debug(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"anything")
    monkeypatch.setattr(sys.modules["juesuan.read"], "read", _crash)
    monkeypatch.setenv("JUESUAN_DEBUG", "1")
    code = main(["parse", str(path)])
    err = capsys.readouterr().err
    assert code == 70
    assert "Traceback" in err and "_crash" in err
    assert err.splitlines()[-1].startswith(f"juesuan: {path}: 内部错误 (internal error): ZeroDivisionError")


def test_error_message_is_one_line() -> None:
    exc = errors.BadReportJson("x.json", "line one\nline two\r\nline three")
    assert exc.message == f"x.json: {errors.BadReportJson.reason}: line one line two line three"
