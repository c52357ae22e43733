"""The web app on PostgreSQL, and with its uploads read on a Dask cluster."""

from __future__ import annotations

from pathlib import Path

from tests.postgres_server import PostgresServer
from tests.serve.conftest import ADMIN, REVIEWER, _serve, sample_json


def test_upload_review_export_and_delete_on_postgresql(postgres: PostgresServer, tmp_path: Path) -> None:
    for served in _serve(postgres.new_database(), tmp_path / "files"):
        served.login(REVIEWER)
        job = served.upload_and_wait("测试局.json", sample_json(total="999.00"))
        assert job["status"] == "done"
        doc = job["document_id"]
        report = served.client.get(f"/api/reports/{doc}").json()
        error = next(f for f in report["findings"] if f["severity"] == "error")
        r = served.client.put(f"/api/reports/{doc}/reviews/{error['fingerprint']}",
                              json={"status": "confirmed", "comment": "总计应为 115.00"})
        assert r.status_code == 200 and r.json()["report_review"]["confirmed"] == 1
        assert served.client.get("/api/findings", params={"review": "confirmed"}).json()["total"] == 1
        assert served.client.get(f"/reports/{doc}/review.xlsx").content[:2] == b"PK"
        served.login(ADMIN)
        assert served.client.delete(f"/api/reports/{doc}").status_code == 200
        assert served.client.get("/api/reports").json()["total"] == 0


def test_uploads_read_on_a_dask_cluster(tmp_path: Path) -> None:
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        for served in _serve(str(tmp_path / "j.db"), tmp_path / "files", dask=cluster.scheduler_address):
            served.login(REVIEWER)
            jobs = [served.upload_and_wait(f"局{i}.json", sample_json(f"上海市普陀区测试局{i}")) for i in range(3)]
            assert [j["status"] for j in jobs] == ["done"] * 3, [j["error"] for j in jobs]
            bad = served.upload_and_wait("坏.json", b'{"not": "a report"}')
            assert bad["status"] == "failed" and "JSON" in bad["error"] and bad["error"].startswith("坏.json")
