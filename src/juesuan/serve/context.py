"""What every request of a running server shares: its settings, the store, the kept files, who is asking,
the page templates, the workers and the upload queue."""

from __future__ import annotations

import json
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader

from juesuan import __version__
from juesuan.check.finding import SEVERITY_LABELS
from juesuan.check.rule import SECTIONS
from juesuan.serve.auth import Auth
from juesuan.serve.dispatcher import DaskExecutor, Dispatcher, Executor
from juesuan.serve.filestore import FileStore
from juesuan.serve.report_view import CheckedCache
from juesuan.serve.settings import ServeSettings
from juesuan.serve.tasks import PAGE_SIZES, page_sizes
from juesuan.serve.workers import TaskFailed, WorkerPool
from juesuan.store.accounts import server_secret
from juesuan.store.corpus import DocumentRow
from juesuan.store.database import Store, open_store
from juesuan.store.reviews import HISTORY_LABELS, STATUSES

QUICK_SECONDS = 120.0
UPLOAD_NICENESS = 10  # reading uploads yields the processor to the pages people are waiting for


def templates() -> Environment:
    env = Environment(loader=PackageLoader("juesuan.serve", "templates"), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True)
    env.globals.update(severity_labels=SEVERITY_LABELS, sections=SECTIONS, review_labels=STATUSES,
                       history_labels=HISTORY_LABELS, version=__version__)
    env.filters["q"] = lambda value: quote(str(value), safe="")
    env.filters["mb"] = lambda n: f"{(n or 0) / (1 << 20):.3g} MB"
    return env


class ServeContext:
    def __init__(self, settings: ServeSettings, store: Store | None = None) -> None:
        self.settings = settings
        self.store = store or open_store(settings.db)
        self.files = FileStore(settings.files_root())
        self.auth = Auth(self.store, server_secret(self.store), settings)
        self.env = templates()
        self.checked = CheckedCache()
        self.quick: WorkerPool | None = None
        self.executor: Executor | None = None
        self.dispatcher: Dispatcher | None = None

    # ---- life

    def start(self) -> None:
        s = self.settings
        self.quick = WorkerPool(s.quick_workers, s.task_memory_bytes, s.task_cpu_seconds, "juesuan-quick")
        if s.dask:
            self.executor = DaskExecutor(s.dask)
            slots = max(2, s.upload_workers())
        else:
            self.executor = WorkerPool(s.upload_workers(), s.task_memory_bytes, s.task_cpu_seconds, "juesuan-upload",
                                       niceness=UPLOAD_NICENESS)
            slots = s.upload_workers()
        self.dispatcher = Dispatcher(self.store, self.files, self.executor, slots, s)
        self.dispatcher.start()

    def close(self) -> None:
        if self.dispatcher is not None:
            self.dispatcher.stop()
        for pool in (self.executor, self.quick):
            if pool is not None:
                pool.close()
        self.store.dispose()

    # ---- helpers for the routes

    def page(self, request: Request, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
        access = self.auth.access(request)
        html = self.env.get_template(template).render(
            request=request, user=access.user, csrf=access.csrf, public=self.settings.public,
            max_upload=self.settings.max_upload_bytes, max_files=self.settings.max_files,
            max_pages=self.settings.max_pages, path=request.url.path, **values)
        return HTMLResponse(html, status_code=status_code)

    def quick_task(self, func: Any, *args: Any, timeout: float = QUICK_SECONDS) -> Any:
        """Run a short task (a page image, a composed report) on a worker and wait for it."""
        assert self.quick is not None, "the server has not started"
        future = self.quick.submit(func, *args, timeout=timeout)
        try:
            return future.result(timeout + 30)
        except FutureTimeout:
            raise TaskFailed(f"处理超时 (timed out after {timeout:.0f} s)") from None

    def pdf_path(self, doc: DocumentRow) -> str | None:
        """The PDF whose pages the findings point at (a text, a web page or a workbook has none to show)."""
        path = doc.path if doc.format == "pdf" else None
        return path if path is not None and Path(path).is_file() else None

    def page_sizes(self, doc: DocumentRow) -> list[tuple[float, float]] | None:
        """Each page's size in points (for the boxes), kept beside the file; None when it has no pages."""
        pdf = self.pdf_path(doc)
        if pdf is None:
            return None
        cached = self.files.cache_dir(doc.content_hash) / PAGE_SIZES
        if cached.is_file():
            return [(float(w), float(h)) for w, h in json.loads(cached.read_text())]
        try:
            sizes: list[tuple[float, float]] = self.quick_task(page_sizes, pdf, timeout=30)
        except TaskFailed:
            return None
        self.files.write_atomic(cached, json.dumps(sizes).encode())
        return sizes
