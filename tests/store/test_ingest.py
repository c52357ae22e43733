"""``ingest`` into SQLite and a real PostgreSQL: what is stored, idempotence, versions, unreadable files,
last year's report (X4xx), local processes and a Dask LocalCluster."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from juesuan.store import schema as s
from juesuan.store.database import Store, open_store
from juesuan.store.ingest import ingest
from juesuan.store.records import report_amounts
from juesuan.store.runners import DaskRunner, InProcessRunner, ProcessRunner
from tests.check.test_cross_document import last_year_data
from tests.conftest import corpus_file
from tests.store.conftest import make_folder, report_data, write_report


def count(store: Store, table: str, where: str = "1 = 1") -> int:
    with store.reading() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table} WHERE {where}")).scalar_one())


def test_ingest_stores_documents_amounts_facts_findings(store: Store, tmp_path: Path) -> None:
    make_folder(tmp_path / "in", 3)
    summary = ingest(store, [tmp_path / "in"], InProcessRunner())
    assert (summary.files, summary.stored, summary.failed) == (3, 3, 0)
    assert count(store, "documents", "status = 'ok' AND is_latest") == 3
    per_report = len(report_amounts(__import__("juesuan").read(tmp_path / "in" / "r0000.json")))
    assert per_report > 50
    assert count(store, "amounts") == 3 * per_report
    assert count(store, "report_facts", "path = 'general_budget.actual' AND value = '100.00'") == 3
    with store.reading() as conn:
        row = conn.execute(text("SELECT department, region, year, version FROM documents ORDER BY id")).first()
        assert tuple(row) == ("上海市普陀区测试局0000", "上海市普陀区", 2024, 1)
        amount = conn.execute(text("SELECT printed, page FROM report_amounts WHERE table_key = 'expenditure' "
                                   "AND code = '201' AND column_key = 'basic'")).first()
        assert tuple(amount) == ("50.00", 4)


def test_same_bytes_twice_change_nothing(store: Store, tmp_path: Path) -> None:
    files = make_folder(tmp_path / "in", 2)
    ingest(store, [tmp_path / "in"], InProcessRunner())
    before = [count(store, t) for t in ("documents", "readings", "amounts", "facts", "checks", "findings")]
    again = ingest(store, [tmp_path / "in"], InProcessRunner())
    assert (again.known, again.processed, again.stored) == (2, 0, 0)
    shutil.copy(files[0], tmp_path / "elsewhere.json")  # the same bytes under another name
    moved = ingest(store, [tmp_path / "elsewhere.json"], InProcessRunner())
    assert (moved.processed, moved.unchanged, moved.stored) == (1, 1, 0)
    assert [count(store, t) for t in ("documents", "readings", "amounts", "facts", "checks", "findings")] == before


def test_a_corrected_report_is_a_new_version(store: Store, tmp_path: Path) -> None:
    write_report(tmp_path / "a" / "first.json", report_data())
    ingest(store, [tmp_path / "a"], InProcessRunner())
    write_report(tmp_path / "b" / "corrected.json", report_data(procurement={"total": "10.00", "goods": "4.00",
                                                                              "works": "0", "services": "6.00",
                                                                              "note": "更正"}))
    summary = ingest(store, [tmp_path / "b"], InProcessRunner())
    assert summary.new_versions == 1
    with store.reading() as conn:
        rows = conn.execute(text("SELECT file_name, version, is_latest FROM documents ORDER BY version")).all()
        assert [tuple(r) for r in rows] == [("first.json", 1, False), ("corrected.json", 2, True)]
        assert conn.execute(text("SELECT count(*) FROM latest_documents")).scalar_one() == 1
        latest = conn.execute(text("SELECT DISTINCT version FROM latest_amounts")).scalars().all()
        assert latest == [2]
        assert count(store, "report_amounts") == 2 * count(store, "latest_amounts")


def test_unreadable_files_are_recorded_and_the_run_goes_on(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_folder(folder, 1)
    (folder / "damaged.pdf").write_bytes(b"%PDF-1.7\n1 0 obj garbage")
    (folder / "page.html").write_text("<html><body><p>你好</p></body></html>", encoding="utf-8")
    (folder / "notes.md").write_text("not a report format: not taken from a folder", encoding="utf-8")
    summary = ingest(store, [folder], InProcessRunner())
    assert (summary.files, summary.stored, summary.failed) == (3, 1, 2)
    with store.reading() as conn:
        failed = {r.file_name: r for r in conn.execute(text(
            "SELECT file_name, status, error, exit_code, content_hash FROM documents WHERE status = 'failed'"))}
    assert set(failed) == {"damaged.pdf", "page.html"}
    assert failed["damaged.pdf"].exit_code == 6 and "PDF 文件损坏" in failed["damaged.pdf"].error
    assert failed["page.html"].exit_code and "page.html" in failed["page.html"].error
    assert all(len(r.content_hash) == 64 for r in failed.values())
    again = ingest(store, [folder], InProcessRunner())  # recorded failures are not retried by ingest
    assert again.processed == 0


def test_a_real_pdf_report(tmp_path: Path) -> None:
    pdf = corpus_file("putuo-czj-2024.pdf")
    store = open_store(str(tmp_path / "j.db"))
    ingest(store, [pdf], InProcessRunner())
    with store.reading() as conn:
        doc = conn.execute(text("SELECT department, region, year, pages, format, status FROM documents")).one()
        assert tuple(doc) == ("上海市普陀区财政局", "上海市普陀区", 2024, 25, "pdf", "ok")
        cell = conn.execute(text("SELECT printed, page, x0 FROM amounts WHERE table_key = 'summary' "
                                 "AND side = 'totals' AND name = 'grand_total.income'")).one()
        assert cell.printed == "2995.39" and cell.page is not None and cell.x0 is not None
        rules = set(conn.execute(text("SELECT rule FROM report_findings")).scalars())
    assert {"N401", "X302"} <= rules  # the publisher's own inconsistencies, as `juesuan check` finds them
    store.dispose()


def test_last_years_report_is_compared_when_both_are_stored(store: Store, tmp_path: Path) -> None:
    # this year says 总计 115.00, 比上年减少 5.00: last year printed 130.00, not 120.00
    last = last_year_data()  # agrees with every 上年 figure of this year's sample but the total
    last["tables"]["summary"]["grand_total"] = {"income": ["130.00"], "expenditure": ["130.00"]}
    write_report(tmp_path / "in" / "2024.json", report_data())
    ingest(store, [tmp_path / "in"], InProcessRunner())
    assert count(store, "checks", "previous_reading_id IS NOT NULL") == 0
    write_report(tmp_path / "in2" / "2023.json", last)
    summary = ingest(store, [tmp_path / "in2"], InProcessRunner())
    assert summary.cross_checked == 1
    with store.reading() as conn:
        found = conn.execute(text("SELECT department, year, rule, severity FROM report_findings "
                                  "WHERE rule LIKE 'X4%'")).all()
    assert [tuple(f) for f in found] == [("上海市普陀区测试局", 2024, "X401", "warning")]
    assert ingest(store, [tmp_path / "in2"], InProcessRunner()).cross_checked == 0  # done once


def test_local_processes(tmp_path: Path) -> None:
    make_folder(tmp_path / "in", 12)
    store = open_store(str(tmp_path / "j.db"))
    runner = ProcessRunner(2)
    try:
        summary = ingest(store, [tmp_path / "in"], runner, batch_size=5)
    finally:
        runner.close()
    assert (summary.stored, summary.failed) == (12, 0)
    assert summary.worker_peak_kb > 0
    assert count(store, "documents") == 12
    store.dispose()


def test_dask_local_cluster(db_url: str, tmp_path: Path) -> None:
    from distributed import LocalCluster

    make_folder(tmp_path / "in", 10, year=2024)
    write_report(tmp_path / "in" / "last.json", report_data("上海市普陀区测试局0003", 2023))
    store = open_store(db_url)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        runner = DaskRunner(cluster.scheduler_address)
        try:
            assert runner.workers == 2
            summary = ingest(store, [tmp_path / "in"], runner, batch_size=4)
        finally:
            runner.close()
    assert (summary.stored, summary.failed, summary.cross_checked) == (11, 0, 1)
    with store.reading() as conn:
        assert conn.execute(select(func.count()).select_from(s.documents)).scalar_one() == 11
        assert conn.execute(select(func.count(func.distinct(s.documents.c.content_hash)))).scalar_one() == 11
    store.dispose()


def test_migrations_create_exactly_the_schema(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with store.reading() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), s.metadata)
    assert diff == []


def test_a_missing_path_is_refused_before_any_work(store: Store, tmp_path: Path) -> None:
    from juesuan.errors import FileMissing

    with pytest.raises(FileMissing):
        ingest(store, [tmp_path / "nowhere"], InProcessRunner())
    assert count(store, "documents") == 0
