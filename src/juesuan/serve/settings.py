"""What a server is started with (``juesuan serve`` options): the database, where uploaded files are kept,
whether reading needs a login, the upload limits and the workers."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from juesuan.store.database import database_url

MiB = 1 << 20
GiB = 1 << 30


@dataclass(frozen=True)
class ServeSettings:
    db: str | None = None  # a URL or a SQLite path (default juesuan.db, or $JUESUAN_DB)
    files: Path | None = None  # uploaded files, page images, outputs (default: beside the SQLite file)
    public: bool = True  # reading without a login; uploading, reviewing and deleting always need one
    max_upload_bytes: int = 32 * MiB  # one file
    max_files: int = 50  # files in one request
    max_pages: int = 1000  # pages of one document
    workers: int = 0  # processes reading uploads (0: one per core)
    quick_workers: int = 2  # processes rendering pages and composing reports
    dask: str | None = None  # a Dask scheduler: uploads are read on its workers (they must see ``files``)
    task_memory_bytes: int = 2 * GiB  # what a worker process may add to its address space
    task_cpu_seconds: int = 240  # CPU time of one task
    task_seconds: int = 600  # wall-clock time of one upload, waiting included
    secure_cookies: bool = False  # cookies only over HTTPS (behind a TLS proxy)
    session_days: int = 14

    @property
    def url(self) -> str:
        return database_url(self.db)

    def files_root(self) -> Path:
        """Where files are kept: the option, else a folder beside a SQLite database, else ./juesuan-files."""
        if self.files is not None:
            return Path(self.files).expanduser().resolve()
        url = self.url
        if url.startswith("sqlite"):
            path = Path(make_url(url).database or "juesuan.db").expanduser().resolve()
            return path.with_name(path.stem + "-files")
        return Path("juesuan-files").resolve()

    def upload_workers(self) -> int:
        return self.workers or max(1, os.cpu_count() or 1)
