"""Questions across stored reports: compare, rank, findings, read-only sql, reindex, and the exports
(Parquet read back by DuckDB and pandas, a Data Package validated by ``frictionless validate``)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from juesuan.cli import main
from juesuan.store.database import Store
from juesuan.store.errors import BadQuery
from juesuan.store.ingest import ingest
from juesuan.store.queries import run_sql
from juesuan.store.runners import InProcessRunner
from tests.check.test_cross_document import last_year_data
from tests.store.conftest import report_data, write_report


@pytest.fixture
def corpus_db(store: Store, tmp_path: Path) -> Store:
    """Three departments of 上海市普陀区 in 2024, one with its 2023 report (whose total disagrees)."""
    last = last_year_data()
    last["tables"]["summary"]["grand_total"] = {"income": ["130.00"], "expenditure": ["130.00"]}
    write_report(tmp_path / "in" / "a2023.json", last)
    write_report(tmp_path / "in" / "a2024.json", report_data())
    b = report_data("上海市普陀区乙局")
    b["tables"]["three_public"]["actual"]["total"] = "9.00"  # a table error too (合计 ≠ 分项之和)
    write_report(tmp_path / "in" / "b2024.json", b)
    c = report_data("上海市普陀区丙局")
    c["tables"]["three_public"] = {"empty": True, "note": "本部门无“三公”经费支出，故本表无数据。"}
    write_report(tmp_path / "in" / "c2024.json", c)
    ingest(store, [tmp_path / "in"], InProcessRunner())
    return store


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_rank_by_three_public_within_region_and_year(corpus_db: Store, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "rank", "--by", "三公", "--region", "上海市普陀区", "--year", "2024",
                           "--format", "json", "--db", _db_arg(corpus_db))
    assert code == 0
    rows = json.loads(out)
    assert [(r["rank"], r["department"], r["value"]) for r in rows] == [
        (1, "上海市普陀区乙局", "9.00"), (2, "上海市普陀区测试局", "4.00"), (3, "上海市普陀区丙局", "0")]


def test_rank_measures(corpus_db: Store) -> None:
    from juesuan.store.rank import rank

    def values(by: str) -> dict[str, Decimal | None]:
        (group, ranked), = rank(corpus_db, by, "上海市普陀区", 2024).items()
        assert group == ("上海市普陀区", 2024)
        return {r.department: r.value for r in ranked}

    assert values("三公-change")["上海市普陀区测试局"] == Decimal("1.00")  # 4.00 − last year's 3.00
    assert values("三公-change")["上海市普陀区乙局"] == Decimal("1.00")  # no 2023 stored: the text's 增减额
    assert values("execution-rate")["上海市普陀区测试局"] == Decimal("80.00")  # 100.00 / the text's 年初预算 125.00
    assert values("basic-share")["上海市普陀区测试局"] == Decimal("72.73")  # 80.00 / 110.00
    assert values("operating-costs")["上海市普陀区丙局"] == Decimal("20.00")
    errors = values("findings")
    with corpus_db.reading() as conn:
        stored = dict(conn.execute(text("SELECT department, count(*) FROM latest_findings WHERE severity = 'error' "
                                        "AND year = 2024 GROUP BY department")).all())
    assert errors == {d: Decimal(stored.get(d, 0)) for d in errors}
    assert errors["上海市普陀区乙局"] > errors["上海市普陀区测试局"]  # its 三公 合计 is not the sum of its items


def test_findings_filters(corpus_db: Store) -> None:
    from juesuan.store.queries import FindingFilter, findings

    everything = list(findings(corpus_db, FindingFilter()))
    assert {f["department"] for f in everything} >= {"上海市普陀区乙局", "上海市普陀区测试局"}
    x401 = list(findings(corpus_db, FindingFilter(rules=("x401",))))
    assert [(f["department"], f["year"]) for f in x401] == [("上海市普陀区测试局", 2024)]
    errors = list(findings(corpus_db, FindingFilter(severity="error", department="乙局")))
    assert errors and all(f["severity"] == "error" and f["department"] == "上海市普陀区乙局" for f in errors)
    warnings = list(findings(corpus_db, FindingFilter(severity="warning", year=2023)))
    assert all(f["severity"] in ("error", "warning") and f["year"] == 2023 for f in warnings)


def test_compare_year_on_year(corpus_db: Store) -> None:
    from juesuan.store.compare import compare_department

    years, pairs = compare_department(corpus_db, "上海市普陀区测试局")
    assert [y.year for y in years] == [2023, 2024]
    (pair,) = pairs
    total = next(ln for ln in pair.lines if ln.table == "summary" and ln.name == "grand_total.income")
    assert (total.this, total.last, total.change) == (Decimal("115.00"), Decimal("130.00"), Decimal("-15.00"))
    stated = next(c for c in pair.stated if c.label == "收入支出总计")
    assert (stated.stated_change, stated.should_be) == (Decimal("-5.00"), Decimal("-15.00"))
    assert [f[0] for f in pair.findings] == ["X401"]


def test_compare_command(corpus_db: Store, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "compare", "--department", "测试局", "--db", _db_arg(corpus_db))
    assert code == 0
    assert "2024 比 2023" in out and "X401" in out and "收入支出总计" in out
    code, _, err = run_cli(capsys, "compare", "--department", "普陀区", "--db", _db_arg(corpus_db))
    assert code == 22 and "有多个部门符合" in err  # ambiguous: names the candidates


def _db_arg(store: Store) -> str:
    return store.url.removeprefix("sqlite:///") if store.dialect == "sqlite" else store.url


def test_sql_reads_and_refuses_to_write(corpus_db: Store) -> None:
    columns, rows = run_sql(corpus_db, "SELECT department, year FROM latest_documents ORDER BY department, year")
    assert columns == ["department", "year"]
    assert len(list(rows)) == 4
    for statement in ("DELETE FROM documents", "UPDATE documents SET year = 1",
                      "SELECT 1; DELETE FROM documents", "CREATE TABLE x (a int)", "DROP VIEW latest_amounts",
                      "WITH gone AS (DELETE FROM documents RETURNING id) SELECT count(*) FROM gone",
                      "SET TRANSACTION READ WRITE; DELETE FROM documents"):
        with pytest.raises(BadQuery):
            list(run_sql(corpus_db, statement)[1])
    with corpus_db.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM documents")).scalar_one() == 4


def test_sql_command_exit_codes(corpus_db: Store, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "sql", "SELECT count(*) AS n FROM latest_amounts", "--format", "csv",
                           "--db", _db_arg(corpus_db))
    assert code == 0 and out.splitlines()[0] == "n"
    code, _, err = run_cli(capsys, "sql", "DELETE FROM documents", "--db", _db_arg(corpus_db))
    assert code == 21 and err.startswith("juesuan: SQL 查询出错")


def test_reindex_keeps_history(corpus_db: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from juesuan.store import reindex as reindex_module
    from juesuan.store import work

    def count(sql: str) -> int:
        with corpus_db.reading() as conn:
            return int(conn.execute(text(sql)).scalar_one())

    before = count("SELECT count(*) FROM readings"), count("SELECT count(*) FROM checks")
    for module in (reindex_module, work):
        monkeypatch.setattr(module, "checker_version", lambda: "9.9.9+test")
    summary = reindex_module.reindex(corpus_db, InProcessRunner())
    assert (summary.reread, summary.rechecked, summary.cross_checked) == (0, 4, 0)
    assert count("SELECT count(*) FROM readings") == before[0]
    assert count("SELECT count(*) FROM checks") == before[1] + 4  # the old checks stay, not current
    assert count("SELECT count(*) FROM checks WHERE is_current AND checker_version = '9.9.9+test'") == 4
    monkeypatch.setattr(reindex_module, "reader_version", lambda: "9.9.9+reader")
    summary = reindex_module.reindex(corpus_db, InProcessRunner())
    assert summary.reread == 4  # their files are still there: read again
    assert count("SELECT count(*) FROM readings") == before[0] + 4
    assert count("SELECT count(*) FROM readings WHERE is_current") == 4
    assert count("SELECT count(*) FROM report_amounts") == count("SELECT count(*) FROM amounts") // 2


def test_export_parquet_opens_in_duckdb_and_pandas(corpus_db: Store, tmp_path: Path) -> None:
    import duckdb
    import pandas

    from juesuan.store.export import export

    counts = export(corpus_db, "parquet", tmp_path / "out", latest=True)
    assert set(counts) == {"documents", "amounts", "facts", "findings"} and counts["documents"] == 4
    amounts = tmp_path / "out" / "amounts.parquet"
    total = duckdb.sql(f"SELECT sum(amount) FROM '{amounts}' WHERE table_key = 'expenditure' AND side = 'total' "
                       "AND column_key = 'total'").fetchall()
    assert Decimal(str(total[0][0])) == Decimal("440.00")  # 4 reports × 110.00
    frame = pandas.read_parquet(amounts)
    assert len(frame) == counts["amounts"]
    assert set(frame.columns) >= {"department", "year", "table_key", "code", "name", "column_key", "amount"}
    row = frame[(frame.code == "201") & (frame.column_key == "basic") & (frame.table_key == "expenditure")].iloc[0]
    assert row.amount == Decimal("50.00") and row.column_label == "基本支出" and row.table_title == "支出决算表"


def test_export_datapackage_is_valid(corpus_db: Store, tmp_path: Path) -> None:
    from juesuan.store.export import export

    export(corpus_db, "datapackage", tmp_path / "pkg")
    frictionless = Path(sys.executable).with_name("frictionless")
    result = subprocess.run([str(frictionless), "validate", str(tmp_path / "pkg" / "datapackage.json")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    descriptor = json.loads((tmp_path / "pkg" / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in descriptor["resources"]] == ["documents", "amounts", "facts", "findings"]


def test_export_csv_and_xlsx(corpus_db: Store, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from juesuan.store.export import export

    counts = export(corpus_db, "csv", tmp_path / "csv")
    with (tmp_path / "csv" / "amounts.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == counts["amounts"] and rows[0]["department"]
    export(corpus_db, "xlsx", tmp_path / "xlsx")
    book = load_workbook(tmp_path / "xlsx" / "juesuan.xlsx", read_only=True)
    assert book.sheetnames == ["documents", "amounts", "facts", "findings"]
    assert sum(1 for _ in book["amounts"].iter_rows()) == counts["amounts"] + 1
    assert not [p for p in (tmp_path / "xlsx").iterdir() if p.name.startswith(".")]  # no temp left behind
