"""Fixtures for the store tests: a real PostgreSQL server (started once per session) and SQLite files,
and folders of small synthetic reports (the check sample, in the model's JSON form, one per department
and year)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from juesuan.store.database import Store, open_store
from tests.check import sample
from tests.postgres_server import PostgresServer, find_binaries


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    binaries = find_binaries()
    if binaries is None:
        message = "PostgreSQL is not installed (Debian package postgresql; scripts/setup.sh installs it)"
        if os.environ.get("JUESUAN_REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    server = PostgresServer(binaries).start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "juesuan.db")
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.new_database()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(db_url)
    yield opened
    opened.dispose()


def report_data(department: str = sample.DEPARTMENT, year: int = 2024, **narrative: Any) -> dict[str, Any]:
    """The sample report for another department or year (its narrative figures changed where given)."""
    data = sample.data()
    data["department"] = department
    data["year"] = year
    data["narrative"].update(narrative)
    data["pages"][0]["lines"][0][0] = f"{department}{year}年度部门决算"
    return data


def write_report(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def make_folder(folder: Path, n: int, year: int = 2024, prefix: str = "上海市普陀区测试局") -> list[Path]:
    """``n`` distinct reports, one department each."""
    return [write_report(folder / f"r{i:04d}.json", report_data(f"{prefix}{i:04d}", year)) for i in range(n)]
