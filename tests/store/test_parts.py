"""The small parts of the store: regions from names, file discovery, the runners' failure handling, records,
and the progress bar."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from juesuan.store.discover import discover
from juesuan.store.region import region_of, region_of_name
from juesuan.store.runners import InProcessRunner, ProcessRunner, TaskFailure
from tests.check import sample


@pytest.mark.parametrize(("name", "region"), [
    ("上海市普陀区财政局", "上海市普陀区"),
    ("中共上海市普陀区委社会工作部", "上海市普陀区"),
    ("中国共产党武汉市汉阳区委组织部", "武汉市汉阳区"),
    ("广东省广州市天河区教育局", "广东省广州市天河区"),
    ("江苏省政协办公厅", "江苏省"),
    ("新疆维吾尔自治区财政厅", "新疆维吾尔自治区"),
    ("内蒙古自治区阿拉善盟阿拉善左旗教育局", "内蒙古自治区阿拉善盟阿拉善左旗"),
    ("上海市市场监督管理局", "上海市"),
    ("国家信访局", None),  # a central department: no region printed
    ("城市管理局", None),  # 城市 is not a place
    ("市场监督管理局", None),
    ("苏州工业园区管理委员会", None),
    (None, None),
])
def test_region_where_the_name_says_it(name: str | None, region: str | None) -> None:
    assert region_of_name(name) == region


def test_region_from_the_title_when_the_name_has_none() -> None:
    report = sample.report()
    report.department = "测试局"
    report.pages[0].lines[0].text = "2024年度黄浦区测试局部门决算"
    assert region_of(report) == "黄浦区"


def test_discovery_takes_report_formats_recursively(tmp_path: Path) -> None:
    for name in ("a.pdf", "b/c.TXT", "b/d.html", "b/e.htm", "b/f.xlsx", "b/g.json", "b/h.md", "b/.hidden.pdf",
                 ".git/x.pdf", "b/i.docx"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    named = tmp_path / "b" / "h.md"  # a file named on the command line is taken whatever its suffix
    found = [Path(p).relative_to(tmp_path).as_posix() for p in discover([tmp_path, named])]
    assert found == ["a.pdf", "b/c.TXT", "b/d.html", "b/e.htm", "b/f.xlsx", "b/g.json", "b/h.md"]


def _work(item: str) -> str:
    if item == "die":
        os._exit(1)  # the worker process dies, as on a crash or the OOM killer
    if item == "raise":
        raise ValueError("bad item")
    return item.upper()


def test_a_dying_worker_fails_its_item_only() -> None:
    runner = ProcessRunner(2)
    try:
        results = dict(runner.run(_work, ["a", "b", "die", "c", "raise", "d"]))
    finally:
        runner.close()
    assert {k: v for k, v in results.items() if isinstance(v, str)} == {"a": "A", "b": "B", "c": "C", "d": "D"}
    died, raised = results["die"], results["raise"]
    assert isinstance(died, TaskFailure) and died.crashed
    assert isinstance(raised, TaskFailure) and not raised.crashed and "bad item" in raised.reason


def test_in_process_runner_reports_exceptions() -> None:
    results = dict(InProcessRunner().run(_work, ["x", "raise"]))
    assert results["x"] == "X" and isinstance(results["raise"], TaskFailure)


def test_progress_bar_shows_rates_failures_and_eta() -> None:
    from rich.console import Console

    from juesuan.store.progress import RichProgress
    from juesuan.store.records import ReportRecord

    out = io.StringIO()
    progress = RichProgress(Console(file=out, force_terminal=True, width=200))
    progress.start(3)
    progress.done(ReportRecord("a", "a", 1, 1, "h", "pdf", "v", pages=25))
    progress.done(ReportRecord("b", "b", 1, 1, "h", "pdf", "v", status="failed", error="b: 损坏"))
    progress.note("juesuan: b: 损坏")
    progress.stop()
    text = out.getvalue()
    assert "2/3" in text and "份/s" in text and "页/s" in text and "失败 1" in text and "剩余" in text
    assert "juesuan: b: 损坏" in text


def test_an_unreachable_dask_scheduler_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from juesuan.cli import main

    (tmp_path / "in").mkdir()
    code = main(["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "j.db"), "--dask", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err
    assert code == 23 and len(err.splitlines()) == 1
    assert err.startswith("juesuan: tcp://127.0.0.1:9: 无法连接 Dask 集群")


def test_a_database_that_cannot_be_opened(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from juesuan.cli import main

    code = main(["findings", "--db", str(tmp_path / "none.db")])
    assert code == 20 and "请先 juesuan ingest" in capsys.readouterr().err
    code = main(["ingest", str(tmp_path), "--db", "postgresql://nobody@127.0.0.1:9/none"])
    err = capsys.readouterr().err
    assert code == 20 and err.startswith("juesuan: postgresql+psycopg://nobody@127.0.0.1:9/none: 无法打开数据库")
