"""Checking many reports: folders, worker processes, streamed results, the index page, the summary table."""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import re
import sys
import weakref
from pathlib import Path

import pytest

from juesuan.check.batch import BatchOptions, FileResult, Task, check_file, expand, run_batch
from juesuan.check.rules import ALL_RULES
from juesuan.cli import main
from juesuan.model_json import dumps, report_from_json
from tests.check import sample


def _write(folder: Path, name: str, change: bool = False, department: str | None = None) -> Path:
    data = sample.data()
    if change:
        data["narrative"]["fiscal"]["total"] = "0.3"  # N401: an error
    if department:
        data["department"] = department
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(dumps(report_from_json(data)), encoding="utf-8")
    return path


def test_a_folder_is_searched_recursively_for_reports_only(tmp_path: Path) -> None:
    _write(tmp_path / "b", "2.json")
    _write(tmp_path / "a" / "deep", "1.json")
    (tmp_path / "a" / "notes.md").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "~$lock.xlsx").write_bytes(b"x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.pdf").write_bytes(b"x")
    (tmp_path / "c.PDF").write_bytes(b"x")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in expand([str(tmp_path)])]
    assert found == ["c.PDF", "a/deep/1.json", "b/2.json"]


def test_check_a_folder_in_parallel_gives_what_one_process_gives(tmp_path: Path) -> None:
    for i in range(4):
        _write(tmp_path / "in" / f"d{i % 2}", f"r{i}.json", change=i % 2 == 1)
    (tmp_path / "in" / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}.json"
        assert main(["check", str(tmp_path / "in"), "-j", jobs, "--format", "json", "-o", str(out)]) == 2
        outs.append(json.loads(out.read_text(encoding="utf-8")))
    assert outs[0] == outs[1]
    files = outs[0]["files"]
    assert [Path(f["file"]).name for f in files] == ["broken.pdf", "r0.json", "r2.json", "r1.json", "r3.json"]
    assert "error" in files[0] and [f["counts"]["error"] for f in files[1:]] == [0, 0, 1, 1]
    assert outs[0]["summary"] == {"files": 5, "unreadable": 1, "counts": {"error": 2, "warning": 0, "info": 0}}


def crash_on_crash_json(task: Task) -> FileResult:
    """A worker that dies (as a native crash would) on one file."""
    if task.file.endswith("crash.json"):
        os._exit(3)
    return check_file(task, BatchOptions())


def test_a_worker_that_dies_costs_only_its_file(tmp_path: Path) -> None:
    files = [_write(tmp_path, name) for name in ("a.json", "crash.json", "b.json", "c.json")]
    results = list(run_batch([Task(str(f)) for f in files], BatchOptions(), jobs=2, worker=crash_on_crash_json))
    assert [Path(r.file).name for r in results] == ["a.json", "crash.json", "b.json", "c.json"]
    assert [r.error is None for r in results] == [True, False, True, True]
    assert "进程异常退出" in (results[1].error or "")


def test_a_batch_keeps_no_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory stays flat: once a file's result is out, its report is gone (the old batch kept every report)."""
    files = [_write(tmp_path, f"r{i}.json") for i in range(6)]
    module = sys.modules["juesuan.read"]
    real = module.read
    alive: list[weakref.ref[object]] = []

    def tracked(path: str, **options: object) -> object:
        report = real(path, **options)
        alive.append(weakref.ref(report))
        return report

    monkeypatch.setattr(module, "read", tracked)
    html = tmp_path / "html"
    html.mkdir()
    tasks = [Task(str(f), str(html / f"{f.name}.html")) for f in files]
    results = list(run_batch(tasks, BatchOptions(), jobs=1))
    gc.collect()
    assert len(alive) == 6 and all(ref() is None for ref in alive)
    assert all(r.page and Path(r.page).is_file() for r in results)


def test_html_index_lists_every_report_with_its_link(tmp_path: Path) -> None:
    _write(tmp_path / "in", "a.json", department="上海市普陀区甲局")
    _write(tmp_path / "in" / "sub", "b.json", change=True, department="上海市普陀区乙局")
    (tmp_path / "in" / "sub" / "missing.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["check", str(tmp_path / "in"), "--format", "html", "-o", str(out), "-j", "1"]) == 2
    index = (out / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr[^>]*data-errors[^>]*>(.*?)</tr>", index, re.S)
    assert len(rows) == 3
    assert "上海市普陀区甲局" in rows[0] and "2024" in rows[0]
    assert "上海市普陀区乙局" in rows[1] and '<td class="num error" data-v="1"><b>1</b>' in rows[1]
    assert "无法读取" in rows[2] and "missing.txt" in rows[2]
    for href in re.findall(r'href="([^"]+)"', index):
        assert (out / href).is_file()
        assert "部门决算审核结果" in (out / href).read_text(encoding="utf-8")


def test_summary_table_csv(tmp_path: Path) -> None:
    a, b = _write(tmp_path, "a.json"), _write(tmp_path, "b.json", change=True)
    out = tmp_path / "汇总.csv"
    assert main(["check", str(a), str(b), "--summary", str(out), "-j", "1"]) == 1
    text = out.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [Path(r["文件"]).name for r in rows] == ["a.json", "b.json"]
    assert rows[1]["部门"] == sample.DEPARTMENT and rows[1]["年度"] == "2024"
    assert (rows[0]["错误"], rows[1]["错误"], rows[1]["N401"], rows[1]["A201"]) == ("0", "1", "1", "0")
    assert rows[0]["收入支出总计（万元）"] == "115.00" and rows[0]["本年支出合计（万元）"] == "110.00"
    assert rows[0]["一般公共预算财政拨款支出（万元）"] == "100.00" and rows[0]["“三公”经费决算数（万元）"] == "4.00"


def test_summary_table_xlsx(tmp_path: Path) -> None:
    from decimal import Decimal

    from openpyxl import load_workbook

    a, b = _write(tmp_path, "a.json"), _write(tmp_path, "b.json", change=True)
    out = tmp_path / "汇总.xlsx"
    assert main(["check", str(a), str(b), "--summary", str(out), "-j", "1", "--format", "json",
                 "-o", str(tmp_path / "x.json")]) == 1
    book = load_workbook(out)
    sheet = book["审核汇总"]
    head = [c.value for c in sheet[1]]
    values = [dict(zip(head, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert [v["错误"] for v in values] == [0, 1] and values[1]["N401"] == 1
    assert Decimal(str(values[0]["收入支出总计（万元）"])) == Decimal("115.00")
    assert [c.value for c in book["规则"]["A"]][1:] == [r.id for r in ALL_RULES]


def test_summary_must_be_xlsx_or_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _write(tmp_path, "a.json")
    assert main(["check", str(a), "--summary", str(tmp_path / "x.ods")]) == 2
    assert ".xlsx" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


@pytest.mark.parametrize("fmt", ["json", "sarif", "html", "text"])
def test_severity_applies_to_every_format(tmp_path: Path, fmt: str) -> None:
    data = sample.data()
    data["narrative"]["fiscal"]["total"] = "0.3"  # an error (N401)
    data["narrative"]["procurement"]["total"] = "10.01"  # a 取整差异 (info)
    path = tmp_path / "r.json"
    path.write_text(dumps(report_from_json(data)), encoding="utf-8")
    texts = {}
    for level in ("info", "error"):
        out = tmp_path / f"{level}.{fmt}"
        assert main(["check", str(path), "--format", fmt, "--severity", level, "-o", str(out)]) == 1
        texts[level] = out.read_text(encoding="utf-8")
    listed = {level: _listed_rules(text, fmt) for level, text in texts.items()}
    assert listed == {"info": {"N401", "N409"}, "error": {"N401"}}
    if fmt == "json":
        [entry] = json.loads(texts["error"])["files"]
        assert entry["counts"]["info"] == 1  # counted, not listed


def _listed_rules(text: str, fmt: str) -> set[str]:
    if fmt == "json":
        return {f["rule"] for entry in json.loads(text)["files"] for f in entry["findings"]}
    if fmt == "sarif":
        return {r["ruleId"] for r in json.loads(text)["runs"][0]["results"]}
    if fmt == "html":
        return set(re.findall(r'<span class="rule">(\w+)</span>', text))
    return set(re.findall(r"^  \S+ (\w\d{3}) ", text, re.M))


def test_outputs_get_the_permissions_of_any_new_file(tmp_path: Path) -> None:
    a = _write(tmp_path, "a.json")
    old = os.umask(0o022)
    try:
        main(["check", str(a), "--format", "json", "-o", str(tmp_path / "out.json"), "--summary",
              str(tmp_path / "s.csv")])
        main(["check", str(a), "--format", "html", "-o", str(tmp_path / "html") + "/"])
    finally:
        os.umask(old)
    for path in (tmp_path / "out.json", tmp_path / "s.csv", tmp_path / "html" / "index.html",
                 tmp_path / "html" / "a.json.check.html"):
        assert path.stat().st_mode & 0o777 == 0o644, path


def test_progress_bar_shows_rate_and_failures() -> None:
    from rich.console import Console

    from juesuan.cli.progress import BatchProgress

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=150, color_system=None)
    with BatchProgress(3, True, console) as progress:
        progress.advance(failed=False, has_errors=True)
        progress.advance(failed=True, has_errors=False)
        progress._progress.refresh()  # type: ignore[union-attr]
    shown = buf.getvalue()
    assert "2/3" in shown and "份/秒" in shown and "无法读取 1" in shown and "有错误 1" in shown


def test_no_progress_bar_when_not_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = _write(tmp_path, "a.json"), _write(tmp_path, "b.json")
    assert main(["check", str(a), str(b), "-j", "1", "--format", "json", "-o", str(tmp_path / "o.json")]) == 0
    err = capsys.readouterr().err
    assert err.startswith("已审核 2 份报告") and "份/秒" in err and "\r" not in err


def test_a_folder_with_no_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path)]) == 2
    assert "未找到" in capsys.readouterr().err


def test_errors_cross_process_boundaries_intact() -> None:
    import pickle

    from juesuan.errors import OutputError

    error = OutputError("out/a.html", "磁盘已满 (disk full)")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is OutputError and again.message == error.message == "out/a.html: 无法写入输出文件 " \
        "(cannot write the output file): 磁盘已满 (disk full)"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_page_that_cannot_be_written_stops_the_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        jobs: str) -> None:
    a, b = _write(tmp_path / "in", "a.json"), _write(tmp_path / "in", "b.json")
    out = tmp_path / "out"
    (out / "b.json.check.html").mkdir(parents=True)  # in the way of b's page
    summary = tmp_path / "s.csv"
    assert main(["check", str(a), str(b), "--format", "html", "-o", str(out), "-j", jobs,
                 "--summary", str(summary)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "b.json.check.html" in err[0] and "无法写入输出文件" in err[0]
    assert not (out / "index.html").exists() and not summary.exists()  # nothing half-written


def test_several_reports_to_one_html_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = _write(tmp_path, "a.json"), _write(tmp_path, "b.json")
    assert main(["check", str(a), str(b), "--format", "html", "-o", str(tmp_path / "out.html")]) == 2
    assert "目录" in capsys.readouterr().err and not (tmp_path / "out.html").exists()
