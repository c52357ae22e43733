"""Fixtures for the web app's tests: a server (FastAPI TestClient, the real worker processes) on a fresh
SQLite database (or a real PostgreSQL), two users, and helpers to log in and to upload and wait."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from juesuan.serve.app import create_app
from juesuan.serve.settings import MiB, ServeSettings
from juesuan.store.accounts import add_user
from juesuan.store.database import Store, open_store
from tests.store.conftest import postgres, report_data  # noqa: F401  (postgres: a fixture)

REVIEWER, ADMIN = "审核员甲", "admin"
PASSWORD = "correct horse battery"
JOB_SECONDS = 180.0


@dataclass
class Served:
    client: TestClient
    store: Store
    settings: ServeSettings
    csrf: dict[str, str] = field(default_factory=dict)

    def login(self, name: str = REVIEWER, client: TestClient | None = None) -> str:
        """Log in through the API; returns the session's CSRF token (also kept as the client's header)."""
        c = client or self.client
        r = c.post("/api/login", json={"name": name, "password": PASSWORD})
        assert r.status_code == 200, r.text
        token = str(r.json()["csrf"])
        c.headers["X-CSRF-Token"] = token
        return token

    def upload(self, *files: tuple[str, bytes], endpoint: str = "/api/uploads",
               client: TestClient | None = None) -> Any:
        c = client or self.client
        return c.post(endpoint, files=[("files", (name, data)) for name, data in files])

    def wait(self, job_id: int, client: TestClient | None = None) -> dict[str, Any]:
        c = client or self.client
        deadline = time.monotonic() + JOB_SECONDS
        while time.monotonic() < deadline:
            job = c.get(f"/api/jobs/{job_id}").json()
            if job["status"] in ("done", "failed"):
                return dict(job)
            time.sleep(0.2)
        raise AssertionError(f"job {job_id} not finished in {JOB_SECONDS} s")

    def upload_and_wait(self, name: str, data: bytes, endpoint: str = "/api/uploads") -> dict[str, Any]:
        r = self.upload((name, data), endpoint=endpoint)
        assert r.status_code == 202, r.text
        return self.wait(r.json()["jobs"][0]["id"])


def settings_for(db: str, files: Path, **changes: Any) -> ServeSettings:
    values: dict[str, Any] = {"db": db, "files": files, "workers": 1, "quick_workers": 1,
                              "max_upload_bytes": 8 * MiB, "task_seconds": 240}
    values.update(changes)
    return ServeSettings(**values)


@pytest.fixture
def serve_db(tmp_path: Path) -> str:
    return str(tmp_path / "juesuan.db")


def _serve(db: str, files: Path, **changes: Any) -> Iterator[Served]:
    store = open_store(db)
    add_user(store, REVIEWER, "reviewer", PASSWORD)
    add_user(store, ADMIN, "admin", PASSWORD)
    settings = settings_for(db, files, **changes)
    with TestClient(create_app(settings, store)) as client:
        yield Served(client, store, settings)


@pytest.fixture
def served(serve_db: str, tmp_path: Path) -> Iterator[Served]:
    yield from _serve(serve_db, tmp_path / "files")


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One server for the tests of a module that only read (and may add what they need)."""
    folder = tmp_path_factory.mktemp("serve")
    yield from _serve(str(folder / "juesuan.db"), folder / "files")


def sample_json(department: str = "上海市普陀区测试局", year: int = 2024, **narrative: Any) -> bytes:
    return json.dumps(report_data(department, year, **narrative), ensure_ascii=False).encode("utf-8")
