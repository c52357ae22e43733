"""Hostile and absurd files (issue 9): each refused with one clear line, or read within the limits; never exit 70.

Every file is made at test time (tests/hostile_files.py, or a changed copy of a corpus file); the memory
and time each case takes are measured by bench/hostile.py, not here (no timed unit tests).  The PDF bombs
would take gigabytes if PDFium inflated them: here they are refused from their bytes (juesuan.limits),
and one of them, with the measurements switched off, is stopped by the reading process's own memory limit
(juesuan.isolation).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

import juesuan
from juesuan import errors
from juesuan.cli import INTERNAL_ERROR_EXIT, main
from juesuan.limits import Limits
from juesuan.model_json import report_from_json
from tests import hostile_files as h
from tests.conftest import corpus_file

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_JSON = ROOT / "examples" / "example-2022.json"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    err = capsys.readouterr().err
    assert code != INTERNAL_ERROR_EXIT, err
    assert "Traceback" not in err
    return code, err


def _one_line(err: str, path: Path) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"juesuan: {path}: "), err
    return lines[0]


# --- PDF bombs: refused from their bytes ------------------------------------------------------------------------

PDF_BOMBS: list[tuple[str, Callable[[], bytes], str]] = [
    ("whitespace-4GiB", lambda: h.whitespace_bomb_pdf(4 * h.GiB), "stream"),
    ("text-objects-2GiB", lambda: h.text_bomb_pdf(2 * h.GiB), "stream"),
    ("double-flate-4GiB", lambda: h.double_flate_bomb_pdf(4 * h.GiB), "stream"),
    ("page-tree-200000-kids", lambda: h.page_tree_bomb_pdf(200_000), "pages"),
    ("forms-7-deep-10-wide", lambda: h.nested_forms_pdf(7, 10), "objects"),
    ("image-100000x100000", lambda: h.image_bomb_pdf(100_000, 100_000), "image"),
    ("pages-2001", lambda: h.many_pages_pdf(2001), "pages"),
]


@pytest.mark.parametrize(("name", "make", "limit"), PDF_BOMBS, ids=[c[0] for c in PDF_BOMBS])
def test_pdf_bombs_are_refused_naming_the_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                                                make: Callable[[], bytes], limit: str) -> None:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(make())
    out = tmp_path / "out.json"
    code, err = _run(capsys, "parse", str(path), "--format", "json", "-o", str(out))
    assert code == errors.LimitExceeded.exit_code
    line = _one_line(err, path)
    assert "超出处理限制" in line and f"--limit {limit}=N" in line
    assert not out.exists()


def test_a_bomb_past_the_measurements_stops_only_its_own_process(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """With the measurements switched off, PDFium inflates the forms: the reading process meets its memory
    limit and the file is refused, the test process untouched."""
    path = tmp_path / "forms.pdf"
    path.write_bytes(h.nested_forms_pdf(7, 10))
    code, err = _run(capsys, "parse", str(path), "--limit", "objects=0,stream=0,document=0,memory=300MB")
    assert code == errors.LimitExceeded.exit_code
    assert "读取进程超出" in _one_line(err, path)


def test_a_batch_worker_stopped_at_its_limit_costs_only_its_file(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bomb.pdf").write_bytes(h.nested_forms_pdf(7, 10))
    (folder / "good.json").write_bytes(EXAMPLE_JSON.read_bytes())
    out = tmp_path / "out.json"
    code, _ = _run(capsys, "check", str(folder), "-j", "2", "--format", "json", "-o", str(out), "--no-progress",
                   "--limit", "objects=0,stream=0,document=0,memory=300MB")
    assert code == 2  # a file could not be read; the other was checked
    files = {Path(f["file"]).name: f for f in json.loads(out.read_text(encoding="utf-8"))["files"]}
    assert "超出" in files["bomb.pdf"]["error"] and "error" not in files["good.json"]


@pytest.fixture
def patched_reader_is_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests below patch the PDF reader, which only a forked reading process inherits (one started by the
    forkserver, as for a threaded caller, imports it afresh); another test's Dask client leaves an idle
    thread (Dask-Offload) in this process, so the caller is said to be single-threaded here."""
    from juesuan import isolation

    monkeypatch.setattr(isolation.threading, "active_count", lambda: 1)


@pytest.mark.usefixtures("patched_reader_is_forked")
def test_a_reader_past_its_cpu_time_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from juesuan.read.pdf import reader

    def spin(path: Path, ocr: str = "auto") -> None:
        while True:
            pass

    monkeypatch.setattr(reader, "read_pdf", spin)  # the forked reading process inherits the patch
    path = tmp_path / "slow.pdf"
    path.write_bytes(h.many_pages_pdf(1))
    with pytest.raises(errors.LimitExceeded) as info:
        juesuan.read_isolated(path, Limits(cpu_seconds=1))
    assert "CPU" in info.value.message


@pytest.mark.usefixtures("patched_reader_is_forked")
def test_a_reader_that_waits_instead_of_working_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time as time_module

    from juesuan.read.pdf import reader

    monkeypatch.setattr(reader, "read_pdf", lambda path, ocr="auto": time_module.sleep(600))
    path = tmp_path / "waits.pdf"
    path.write_bytes(h.many_pages_pdf(1))
    with pytest.raises(errors.LimitExceeded) as info:
        juesuan.read_isolated(path, Limits(cpu_seconds=1))
    assert "运行超过 4 秒" in info.value.message


@pytest.mark.usefixtures("patched_reader_is_forked")
def test_a_reader_bug_in_the_reading_process_is_still_a_bug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A genuine bug is not dressed up as a limit: it reaches the caller as an internal error."""
    from juesuan.isolation import IsolatedCrash
    from juesuan.read.pdf import reader

    def broken(path: Path, ocr: str = "auto") -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(reader, "read_pdf", broken)
    path = tmp_path / "any.pdf"
    path.write_bytes(h.many_pages_pdf(1))
    with pytest.raises(IsolatedCrash) as info:
        juesuan.read_isolated(path)
    assert info.value.kind == "ZeroDivisionError" and "boom" in info.value.trace


def test_a_threaded_caller_reads_through_a_forkserver(tmp_path: Path) -> None:
    """Forking a process that runs threads can deadlock it: such a caller (a web server) gets its reading
    process from a forkserver instead, with the same limits and the same refusals."""
    import threading

    stop = threading.Event()
    worker = threading.Thread(target=stop.wait, daemon=True)
    worker.start()
    try:
        report = juesuan.read_isolated(ROOT / "examples" / "example-2022.pdf")
        assert report.tables
        bomb = tmp_path / "forms.pdf"
        bomb.write_bytes(h.nested_forms_pdf(7, 10))
        with pytest.raises(errors.LimitExceeded):
            juesuan.read_isolated(bomb, Limits(objects_per_page=0, stream_bytes=0, document_bytes=0,
                                               memory_bytes=300 * h.MiB))
    finally:
        stop.set()
        worker.join()


def test_isolated_reading_gives_the_same_report() -> None:
    path = ROOT / "examples" / "example-2022.pdf"
    inside = juesuan.read(path)
    apart = juesuan.read_isolated(path)
    assert juesuan.check(inside) == juesuan.check(apart)
    assert inside.tables == apart.tables and inside.narrative.facts == apart.narrative.facts


# --- numbers silently lost: damaged embedded fonts ------------------------------------------------------------

SHGZB = "putuo-shgzb-2024.pdf"
FONT_MUTATIONS = {
    "digits-and-narrative-fonts": {84757: 0x2A, 213034: 0x01, 215142: 0x7B},  # every table reads empty
    "narrative-font": {205759: 0x3D},  # all 38 narrative facts dropped
}


def _mutated(tmp_path: Path, name: str, changes: dict[int, int]) -> Path:
    data = bytearray(corpus_file(SHGZB).read_bytes())
    for offset, value in changes.items():
        data[offset] = value
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("name", sorted(FONT_MUTATIONS))
def test_text_lost_to_a_damaged_font_is_an_error_never_a_clean_report(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    path = _mutated(tmp_path, name, FONT_MUTATIONS[name])
    report = juesuan.read(path)
    lost = [p for p in report.problems if p.kind == "lost"]
    assert lost and all(p.page for p in lost)
    assert any("损坏" in p.message for p in lost)
    findings = juesuan.check(report)
    assert any(f.rule == "C106" and f.severity == "error" for f in findings)
    code, _ = _run(capsys, "check", str(path))
    assert code == 1
    out = tmp_path / "out.docx"
    code, err = _run(capsys, "compose", str(path), "-o", str(out))
    assert code == errors.DataFailsChecks.exit_code and "未能读出" in err
    assert not out.exists()


def test_every_table_page_of_the_first_mutation_is_named(tmp_path: Path) -> None:
    report = juesuan.read(_mutated(tmp_path, "fonts", FONT_MUTATIONS["digits-and-narrative-fonts"]))
    pages = {p.page for p in report.problems if p.kind == "lost"}
    assert set(range(5, 14)) <= pages  # the tables' pages (5-13), whose digits were lost
    tables = {p.table for p in report.problems if p.kind == "lost" and p.table}
    assert {"summary", "income", "expenditure", "general_budget"} <= tables


@pytest.mark.parametrize("name", ["putuo-shgzb-2024.pdf", "putuo-czj-2024.pdf", "gjxfj-2024.pdf",
                                  "shanghai-template-2024.pdf"])
def test_intact_reports_lose_no_text(name: str) -> None:
    report = juesuan.read(corpus_file(name))
    assert [p for p in report.problems if p.kind == "lost"] == []


def test_the_bundled_example_loses_no_text() -> None:
    report = juesuan.read(ROOT / "examples" / "example-2022.pdf")
    assert [p for p in report.problems if p.kind == "lost"] == []


# --- model JSON: validated at the door --------------------------------------------------------------------------


def _model(**changes: object) -> dict[str, object]:
    return h.model_json(**changes)


def _with_value(value: object) -> dict[str, object]:
    data = _model()
    data["tables"]["income"]["rows"][0]["values"][0] = value  # type: ignore[index]
    return data


JSON_CASES: list[tuple[str, Callable[[], bytes], type[errors.JuesuanError], str]] = [
    *[(f"amount-{word}", (lambda w=word: json.dumps(_with_value(w)).encode()), errors.BadReportJson,
       "tables.income.rows[0].values[0]") for word in ("NaN", "Infinity", "-Infinity", "sNaN", "1e999999", "abc")],
    ("amount-literal-NaN", lambda: json.dumps(_with_value(float("nan"))).encode(), errors.BadReportJson, "NaN"),
    ("amount-too-many-digits", lambda: json.dumps(_with_value("1" * 40)).encode(), errors.BadReportJson,
     "values[0]"),
    ("performance-NaN", lambda: json.dumps(_model(performance={"overall": {"score": "NaN"}})).encode(),
     errors.BadReportJson, "performance.overall.score"),
    ("narrative-Infinity", lambda: json.dumps(_model(narrative={"total": "Infinity"})).encode(),
     errors.BadReportJson, "narrative.total"),
    ("department-NUL", lambda: json.dumps(_model(department="某某\u0000局")).encode(), errors.BadReportJson,
     "department"),
    ("department-control", lambda: json.dumps(_model(department="某某\u001b[31m局")).encode(),
     errors.BadReportJson, "department"),
    ("row-name-lone-surrogate", lambda: json.dumps(_with_value("1.00"), ensure_ascii=False).replace(
        "一般公共服务支出", "\\ud800").encode(), errors.BadReportJson, "tables.income.rows[0].name"),
    ("year-chinese-numerals", lambda: json.dumps(_model(year="二〇二四")).encode(), errors.BadReportJson, "year"),
    ("year-0", lambda: json.dumps(_model(year=0)).encode(), errors.BadReportJson, "year"),
    ("year-negative", lambda: json.dumps(_model(year=-2024)).encode(), errors.BadReportJson, "year"),
    ("year-fraction", lambda: json.dumps(_model(year=2024.5)).encode(), errors.BadReportJson, "year"),
    ("vehicles-negative", lambda: json.dumps(_model(narrative={"assets": {"vehicles": -3}})).encode(),
     errors.BadReportJson, "narrative.assets.vehicles"),
    ("vehicles-10^30", lambda: json.dumps(_model(narrative={"assets": {"vehicles": 10**30}})).encode(),
     errors.BadReportJson, "narrative.assets.vehicles"),
    ("duplicate-key", lambda: b'{"year": 2024, "year": 2025, "tables": {}}', errors.BadReportJson, "year"),
    ("duplicate-nested-key", lambda: b'{"tables": {"income": {"rows": [], "rows": []}}}', errors.BadReportJson,
     "tables.income.rows"),
    ("nested-1000-deep", lambda: h.deep_json(1000), errors.LimitExceeded, "json-depth"),
    ("nested-100-deep", lambda: h.deep_json(100), errors.LimitExceeded, "json-depth"),
]


@pytest.mark.parametrize(("name", "make", "error", "where"), JSON_CASES, ids=[c[0] for c in JSON_CASES])
def test_bad_model_json_is_refused_at_the_door(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                                               make: Callable[[], bytes], error: type[errors.JuesuanError],
                                               where: str) -> None:
    path = tmp_path / f"{name}.json"
    path.write_bytes(make())
    for args in (["parse", str(path)], ["compose", str(path), "-o", str(tmp_path / "r.docx")],
                 ["template", "--from", str(path), "-o", str(tmp_path / "t.xlsx")]):
        code, err = _run(capsys, *args)
        assert code == error.exit_code, (args, err)
        assert where in _one_line(err, path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_a_200_MB_model_json_is_refused_by_its_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.json"
    h.big_model_json(path, 200 * h.MiB)
    code, err = _run(capsys, "parse", str(path))
    assert code == errors.LimitExceeded.exit_code
    assert "--limit json=N" in _one_line(err, path)


def test_every_bad_value_is_named_at_once(tmp_path: Path) -> None:
    data = _with_value("NaN")
    data["year"] = "二〇二四"
    data["department"] = "a\u0000b"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(errors.BadReportJson) as info:
        juesuan.read(path)
    message = info.value.message
    assert "3 处" in message and "year" in message and "department" in message and "values[0]" in message


@pytest.mark.parametrize("year", [None, "missing"])
def test_a_report_without_a_year_checks_as_an_error_and_is_not_composed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], year: object) -> None:
    data = json.loads(EXAMPLE_JSON.read_text(encoding="utf-8"))
    if year == "missing":
        data.pop("year")
    else:
        data["year"] = year
    path = tmp_path / "no-year.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, err = _run(capsys, "check", str(path))
    assert code == 1
    code, err = _run(capsys, "compose", str(path), "-o", str(tmp_path / "r.docx"))
    assert code == errors.DataFailsChecks.exit_code and "年度" in err
    assert not (tmp_path / "r.docx").exists()


def test_absurd_values_made_in_python_are_checked_not_printed(tmp_path: Path) -> None:
    """A Report built in Python bypasses the JSON door: check reports its absurd values (C206) and compose
    refuses them; what no document can carry is refused even when forced."""
    report = report_from_json(json.loads(EXAMPLE_JSON.read_text(encoding="utf-8")))
    report.narrative.set("assets.vehicles", -3, overwrite=True)
    report.year = -2024
    rules = {(f.rule, f.severity) for f in juesuan.check(report)}
    assert ("C206", "error") in rules
    with pytest.raises(errors.DataFailsChecks):
        juesuan.compose(report, tmp_path / "r.docx")
    report.department = "某\u0000局"
    report.tables["income"].rows[0].values[0] = Decimal("NaN")
    with pytest.raises(errors.InvalidReport) as info:
        juesuan.compose(report, tmp_path / "r.docx", force=True)
    assert "department" in info.value.message and "values[0]" in info.value.message
    with pytest.raises(errors.InvalidReport):
        juesuan.template(tmp_path / "t.xlsx", source=report)
    assert list(tmp_path.iterdir()) == []


# --- workbooks -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def filled_workbook(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("wb") / "filled.xlsx"
    juesuan.template(path, source=report_from_json(json.loads(EXAMPLE_JSON.read_text(encoding="utf-8"))))
    return path.read_bytes()


def _edited(tmp_path: Path, data: bytes, edit: Callable[[object], None], name: str = "edited.xlsx") -> Path:
    import openpyxl

    path = tmp_path / name
    path.write_bytes(data)
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)
    return path


def _info_cell(wb: object, key: str) -> object:
    ws = wb["基本信息"]  # type: ignore[index]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 4).value == key)
    return ws.cell(row, 2)


def _set_info(key: str, value: object) -> Callable[[object], None]:
    def edit(wb: object) -> None:
        _info_cell(wb, key).value = value  # type: ignore[attr-defined]

    return edit


def _set_supplement(path_key: str, value: object) -> Callable[[object], None]:
    def edit(wb: object) -> None:
        ws = wb["补充信息"]  # type: ignore[index]
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 5).value == path_key)
        ws.cell(row, 3).value = value

    return edit


def _set_performance(field: str, value: object) -> Callable[[object], None]:
    def edit(wb: object) -> None:
        ws = wb["绩效自评"]  # type: ignore[index]
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 8).value == field)
        ws.cell(row, 2).value = value

    return edit


def _garbage_keys(wb: object) -> None:
    ws = wb["表2 收入决算表"]  # type: ignore[index]
    ws.cell(3, 20).value = "列代码：foo bar,baz"


def _delete_info(wb: object) -> None:
    del wb["基本信息"]  # type: ignore[attr-defined]


WORKBOOK_CASES: list[tuple[str, Callable[[object], None], str]] = [
    ("info-sheet-deleted", _delete_info, "基本信息"),
    ("year-chinese-numerals", _set_info("year", "二〇二四"), "基本信息!B"),
    ("year-0", _set_info("year", 0), "基本信息!B"),
    ("year-negative", _set_info("year", -2024), "基本信息!B"),
    ("vehicles-negative", _set_supplement("assets.vehicles", -3), "补充信息!C"),
    ("vehicles-10^30", _set_supplement("assets.vehicles", 10**30), "补充信息!C"),
    ("performance-NaN", _set_performance("overall.score", "NaN"), "绩效自评!B"),
    ("performance-Infinity", _set_performance("overall.execution_rate", "Infinity"), "绩效自评!B"),
    ("amount-10^30", lambda wb: wb["表2 收入决算表"].cell(5, 3).__setattr__("value", 1e30), "表2 收入决算表!C5"),
    ("garbage-column-keys", _garbage_keys, "列代码"),
]


@pytest.mark.parametrize(("name", "edit", "where"), WORKBOOK_CASES, ids=[c[0] for c in WORKBOOK_CASES])
def test_bad_workbook_cells_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str], filled_workbook: bytes,
                                      name: str, edit: Callable[[object], None], where: str) -> None:
    path = _edited(tmp_path, filled_workbook, edit)
    out = tmp_path / "r.docx"
    code, err = _run(capsys, "compose", str(path), "-o", str(out))
    assert code == errors.BadWorkbook.exit_code, err
    assert where in err
    assert not out.exists()


def test_control_characters_in_a_cell_are_an_error_at_the_cell() -> None:
    """openpyxl keeps Excel's _x0001_ escapes as text, so a control character cannot come out of a real file;
    the check at the door is there all the same."""
    from juesuan.read.workbook import _Sheet

    errors_found: list[str] = []
    sheet = _Sheet("基本信息", {(3, 2): "某\u0000局"}, errors_found)
    assert sheet.text(3, 2) is None
    assert errors_found and errors_found[0].startswith("基本信息!B3")


def test_a_blank_year_is_an_error_compose_stops_on(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    filled_workbook: bytes) -> None:
    path = _edited(tmp_path, filled_workbook, _set_info("year", None))
    code, err = _run(capsys, "compose", str(path), "-o", str(tmp_path / "r.pdf"))
    assert code == errors.DataFailsChecks.exit_code and "年度" in err


def test_a_stray_cell_in_the_last_row_costs_one_row(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    filled_workbook: bytes) -> None:
    def stray(wb: object) -> None:
        for name in wb.sheetnames:  # type: ignore[attr-defined]
            if name.startswith("表"):
                wb[name].cell(1_048_576, 3).value = 1  # type: ignore[index]

    path = _edited(tmp_path, filled_workbook, stray)
    report = juesuan.read(path)
    row = report.tables["income"].rows[-1]
    assert row.cells and row.cells[0] == "表2 收入决算表!C1048576"
    code, _ = _run(capsys, "check", str(path))
    assert code in (0, 1)


def _sheet_member(data: bytes, title: str) -> str:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        workbook = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    import re

    rid = re.search(rf'<sheet [^>]*name="{title}"[^>]*r:id="(rId\d+)"', workbook) or re.search(
        rf'<sheet [^>]*r:id="(rId\d+)"[^>]*name="{title}"', workbook)
    assert rid
    target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="/?(?:xl/)?([^"]+)"', rels) or re.search(
        rf'Target="/?(?:xl/)?([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    assert target
    return "xl/" + target.group(1)


XLSX_BOMBS: list[tuple[str, Callable[[bytes, str], dict[str, bytes | tuple[int, bytes]]], int, str]] = [
    ("sheet-inflates-to-3GiB", lambda data, sheet: {sheet: (3 * h.GiB, h.raw_deflate_bomb(b" " * h.MiB, 3072))},
     errors.LimitExceeded.exit_code, "--limit stream=N"),
    ("shared-strings-8GiB", lambda data, sheet: {"xl/sharedStrings.xml": (8 * h.GiB, h.raw_deflate_bomb(
        b"<si><t>x</t></si>" * 65536, 8192))}, errors.LimitExceeded.exit_code, "--limit stream=N"),
    ("sheet-lies-about-its-size", lambda data, sheet: {sheet: (1000, h.raw_deflate_bomb(b" " * h.MiB, 1024))},
     errors.UnsupportedFile.exit_code, "无法读取"),
    ("sheet-of-1000000-rows", lambda data, sheet: {sheet: h.sheet_xml(1_000_000)}, errors.LimitExceeded.exit_code,
     "--limit stream=N"),
    ("sheet-of-150000-rows", lambda data, sheet: {sheet: h.sheet_xml(150_000)}, errors.LimitExceeded.exit_code,
     "--limit rows=N"),
]


@pytest.mark.parametrize(("name", "change", "code", "said"), XLSX_BOMBS, ids=[c[0] for c in XLSX_BOMBS])
def test_workbook_bombs_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], filled_workbook: bytes,
                                    name: str, change: Callable[[bytes, str], dict[str, bytes | tuple[int, bytes]]],
                                    code: int, said: str) -> None:
    sheet = _sheet_member(filled_workbook, "表3 支出决算表")
    path = tmp_path / f"{name}.xlsx"
    path.write_bytes(h.replace_members(filled_workbook, change(filled_workbook, sheet)))
    got, err = _run(capsys, "parse", str(path))
    assert got == code, err
    assert said in _one_line(err, path)


# --- plain text ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report_text() -> str:
    report = juesuan.read(ROOT / "examples" / "example-2022.pdf")
    return "\f".join(page.text for page in report.pages)


def test_one_bad_byte_does_not_make_a_text_no_report(tmp_path: Path, report_text: str) -> None:
    data = report_text.encode("utf-8")
    middle = data.index("支出决算表".encode()) + 3
    path = tmp_path / "flipped.txt"
    path.write_bytes(data[:middle] + b"\xff" + data[middle + 1:])
    report = juesuan.read(path)
    intact = tmp_path / "intact.txt"
    intact.write_bytes(data)
    assert sorted(report.tables) == sorted(juesuan.read(intact).tables)
    assert any("UTF-8" in p.message for p in report.problems)


def test_utf16_with_a_bom_is_a_text(tmp_path: Path, report_text: str) -> None:
    utf16, utf8 = tmp_path / "notepad.txt", tmp_path / "utf8.txt"
    utf16.write_bytes(report_text.encode("utf-16"))
    utf8.write_text(report_text, encoding="utf-8")
    assert juesuan.read(utf16).tables == juesuan.read(utf8).tables


def test_a_text_interleaving_every_tables_lines_reads_in_bounded_time(tmp_path: Path, report_text: str) -> None:
    """The lines of all the tables woven together: the column search meets rows it cannot settle and marks
    them (or gives up on the table), it does not search without end (bench/hostile.py measures it)."""
    import itertools

    pages = report_text.split("\f")
    tables = [i for i, text in enumerate(pages) if sum(ch.isdigit() for ch in text) > 200]
    lines = [pages[i].split("\n") for i in tables]
    woven = [line for group in itertools.zip_longest(*lines) for line in group if line is not None]
    path = tmp_path / "woven.txt"
    path.write_text("\f".join([p for i, p in enumerate(pages) if i not in tables] + ["\n".join(woven)]),
                    encoding="utf-8")
    outcome = juesuan.read_isolated(path, Limits(cpu_seconds=60))
    assert isinstance(outcome, juesuan.Report)


def test_a_text_beyond_the_text_limit_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 report_text: str) -> None:
    path = tmp_path / "long.txt"
    path.write_text(report_text, encoding="utf-8")
    code, err = _run(capsys, "parse", str(path), "--limit", "text=10KB")
    assert code == errors.LimitExceeded.exit_code and "--limit text=N" in _one_line(err, path)


# --- what is not a file --------------------------------------------------------------------------------------


def test_a_fifo_as_input_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    command = Path(sys.executable).parent / "juesuan"
    proc = subprocess.run([str(command), "parse", str(fifo)], capture_output=True, text=True, timeout=60,
                          check=False)
    assert proc.returncode == errors.UnsupportedFile.exit_code
    assert "命名管道" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("special", ["/proc/self/mem", "/dev/zero", "/dev/null"])
def test_special_files_as_input_are_refused(capsys: pytest.CaptureFixture[str], special: str) -> None:
    if not Path(special).exists():
        pytest.skip(f"{special} not on this system")
    code, err = _run(capsys, "parse", special)
    assert code == errors.UnsupportedFile.exit_code
    _one_line(err, Path(special))


# --- outputs -------------------------------------------------------------------------------------------------


@pytest.fixture
def example_json(tmp_path: Path) -> Path:
    path = tmp_path / "in.json"
    path.write_bytes(EXAMPLE_JSON.read_bytes())
    return path


@pytest.mark.parametrize("target", ["/proc/juesuan-out.json", "/proc/self/juesuan-out.json", "/dev/full"])
def test_unwritable_outputs_exit_13(capsys: pytest.CaptureFixture[str], example_json: Path, target: str) -> None:
    if not Path(target).parent.exists():
        pytest.skip(f"{Path(target).parent} not on this system")
    code, err = _run(capsys, "parse", str(example_json), "--format", "json", "-o", target)
    assert code == errors.OutputError.exit_code
    assert err.strip().startswith(f"juesuan: {target}: ")


def _root_only() -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root (mount, chattr)")


def test_a_read_only_file_system_exits_13(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          example_json: Path) -> None:
    _root_only()
    mount = tmp_path / "ro"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(mount)], check=False,
                      capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        code, err = _run(capsys, "parse", str(example_json), "-o", str(mount / "out.json"))
        assert code == errors.OutputError.exit_code and "Read-only" in err
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_an_immutable_folder_exits_13(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      example_json: Path) -> None:
    _root_only()
    folder = tmp_path / "locked"
    folder.mkdir()
    if subprocess.run(["chattr", "+i", str(folder)], check=False, capture_output=True).returncode:
        pytest.skip("chattr +i not supported here")
    try:
        code, _ = _run(capsys, "parse", str(example_json), "-o", str(folder / "out.json"))
        assert code == errors.OutputError.exit_code
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=False)


def test_a_character_device_is_written_through_not_replaced(capsys: pytest.CaptureFixture[str],
                                                             example_json: Path) -> None:
    code, _ = _run(capsys, "parse", str(example_json), "-o", "/dev/null")
    assert code == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_output_is_written_through_or_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     example_json: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    code, err = _run(capsys, "parse", str(example_json), "-o", str(fifo))  # nobody reads it: refused, not waited
    assert code == errors.OutputError.exit_code and "读取方" in err
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        code, _ = _run(capsys, "parse", str(example_json), "--format", "json", "-o", str(fifo))
    finally:
        out, _ = reader.communicate(timeout=60)
    assert code == 0 and json.loads(out)["year"] == 2022
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_symlink_output_stays_a_link(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       example_json: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    code, _ = _run(capsys, "parse", str(example_json), "--format", "json", "-o", str(link))
    assert code == 0 and link.is_symlink() and json.loads(real.read_text())["year"] == 2022
    to_null = tmp_path / "null.json"
    to_null.symlink_to("/dev/null")
    code, _ = _run(capsys, "parse", str(example_json), "-o", str(to_null))
    assert code == 0 and to_null.is_symlink() and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_socket_is_never_written(tmp_path: Path, capsys: pytest.CaptureFixture[str], example_json: Path) -> None:
    """Sockets (and block devices, refused by the same test: never tried here on a real disk) are not outputs."""
    import socket

    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        code, err = _run(capsys, "parse", str(example_json), "-o", str(path))
    finally:
        server.close()
    assert code == errors.OutputError.exit_code and "socket" in err
    assert stat.S_ISSOCK(path.lstat().st_mode)


def test_a_worker_past_the_wall_clock_that_used_its_cpu_is_said_to_have_run_out_of_cpu() -> None:
    from juesuan import isolation

    limits = Limits(cpu_seconds=2)
    busy = isolation._timed_out("x.pdf", limits, spent=2.3)  # a busy machine: SIGXCPU had not come yet
    idle = isolation._timed_out("x.pdf", limits, spent=0.1)
    assert "CPU 时间上限" in busy.message and "运行超过" not in busy.message
    assert "运行超过 8 秒" in idle.message
    assert isolation._cpu_seconds(os.getpid()) > 0
