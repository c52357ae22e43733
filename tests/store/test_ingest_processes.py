"""``juesuan ingest`` as a person runs it: killed half-way and resumed, interrupted with Ctrl-C, and two
ingests of the same folder at once, on SQLite and a real PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import text

from juesuan.store.database import open_store
from tests.store.conftest import make_folder

JUESUAN = [str(Path(sys.executable).with_name("juesuan"))]


def start_ingest(folder: Path, db: str, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*JUESUAN, "ingest", str(folder), "--db", db, "--no-progress", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def stored(db: str) -> tuple[int, int]:
    """(documents, distinct content hashes) committed so far."""
    store = open_store(db)
    try:
        with store.reading() as conn:
            row = conn.execute(text("SELECT count(*), count(DISTINCT content_hash) FROM documents")).one()
            return int(row[0]), int(row[1])
    finally:
        store.dispose()


def wait_for(db: str, at_least: int, process: subprocess.Popen[bytes], seconds: float = 120) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        n = stored(db)[0]
        if n >= at_least:
            return n
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    raise AssertionError(f"fewer than {at_least} documents after {seconds} s")


def test_killed_half_way_then_resumed(db_url: str, tmp_path: Path) -> None:
    n = 120
    make_folder(tmp_path / "in", n)
    open_store(db_url).dispose()  # the schema exists before we watch it
    process = start_ingest(tmp_path / "in", db_url, "--workers", "1", "--batch-size", "1")
    wait_for(db_url, 5, process)
    os.killpg(process.pid, signal.SIGKILL)  # the client and its workers, no chance to clean up
    process.wait(30)
    done, distinct = stored(db_url)
    assert 5 <= done < n and done == distinct
    resumed = start_ingest(tmp_path / "in", db_url, "--workers", "1")
    _, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err.decode()
    assert stored(db_url) == (n, n)  # no duplicate, no lost report
    assert f"已入库跳过 {done} 个" in err.decode()


def test_ctrl_c_saves_what_is_finished(tmp_path: Path) -> None:
    db = str(tmp_path / "j.db")
    make_folder(tmp_path / "in", 120)
    open_store(db).dispose()
    process = start_ingest(tmp_path / "in", db, "--workers", "2", "--batch-size", "1")
    wait_for(db, 5, process)
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err.decode()
    assert "已中断" in err.decode() and "Traceback" not in err.decode()
    done = stored(db)[0]
    assert 5 <= done < 120
    resumed = start_ingest(tmp_path / "in", db)
    resumed.communicate(timeout=300)
    assert resumed.returncode == 0 and stored(db) == (120, 120)


def test_two_ingests_of_the_same_folder_at_once(db_url: str, tmp_path: Path) -> None:
    n = 60
    make_folder(tmp_path / "in", n)
    first = start_ingest(tmp_path / "in", db_url, "--workers", "1", "--batch-size", "3")
    second = start_ingest(tmp_path / "in", db_url, "--workers", "1", "--batch-size", "3")
    for process in (first, second):
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()
    assert stored(db_url) == (n, n)
    store = open_store(db_url)
    with store.reading() as conn:
        readings = conn.execute(text("SELECT count(*) FROM readings")).scalar_one()
        latest = conn.execute(text("SELECT count(*) FROM latest_documents")).scalar_one()
    store.dispose()
    assert readings == n and latest == n
