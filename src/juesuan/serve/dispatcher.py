"""The upload queue at work: a thread that claims queued jobs as workers free up, runs each on a worker
(a local worker process, or a Dask worker when a cluster is configured), and stores what comes back the
way ``juesuan ingest`` does (a document, its reading, amounts, facts, problems and findings; then the
comparison with last year's report of its department).  A filled workbook sent to the compose page is
read and checked only, its result kept beside its file.

Nothing here runs inside a request: a request queues a job and returns; pages poll the job's stage.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Protocol

from juesuan.serve.filestore import FileStore
from juesuan.serve.settings import ServeSettings
from juesuan.serve.tasks import check_workbook, process_upload
from juesuan.serve.workers import TaskFailed
from juesuan.store.database import Store
from juesuan.store.ingest import failed_record
from juesuan.store.jobs import Job, claim_jobs, document_of_hash, finish_job, requeue_interrupted, set_stage
from juesuan.store.records import ReportRecord
from juesuan.store.work import READER_CRASH_EXIT
from juesuan.store.writer import department_key, write_batch

log = logging.getLogger("juesuan.serve")
POLL_SECONDS = 1.0
# what the compose page shows of a checked workbook, kept beside its file: the model and the findings
WORKBOOK_MODEL = "workbook-model.json.z"
WORKBOOK_FINDINGS = "workbook-findings.json"


class Executor(Protocol):
    def submit(self, func: Callable[..., Any], *args: Any, timeout: float = ...) -> Future[Any]: ...

    def close(self) -> None: ...


class DaskExecutor:
    """Tasks on a Dask cluster; a task past its time is cancelled and fails (its worker is the cluster's)."""

    def __init__(self, address: str) -> None:
        from distributed import Client

        from juesuan.store.errors import ClusterUnavailable

        try:
            self._client = Client(address, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterUnavailable(address, " ".join(str(exc).split())[:200]) from None

    def submit(self, func: Callable[..., Any], *args: Any, timeout: float = 600.0) -> Future[Any]:
        out: Future[Any] = Future()
        out.set_running_or_notify_cancel()
        remote = self._client.submit(func, *args, pure=False)
        timer = threading.Timer(timeout, lambda: remote.cancel())
        timer.daemon = True
        timer.start()

        def done(f: Any) -> None:
            timer.cancel()
            try:
                out.set_result(f.result())
            except Exception as exc:
                from juesuan.errors import JuesuanError

                if isinstance(exc, JuesuanError):
                    out.set_exception(TaskFailed(exc.message, error=exc))
                elif f.cancelled():
                    out.set_exception(TaskFailed(f"处理超时：超过 {timeout:.0f} 秒 (timed out)", crashed=True))
                else:
                    out.set_exception(TaskFailed(f"处理出错 (task failed): {type(exc).__name__}",
                                                 crashed=type(exc).__name__ == "KilledWorker"))

        remote.add_done_callback(done)
        return out

    def close(self) -> None:
        self._client.close()


class Dispatcher:
    def __init__(self, store: Store, files: FileStore, executor: Executor, slots: int, settings: ServeSettings) -> None:
        self.store, self.files, self.executor = store, files, executor
        self.slots, self.settings = slots, settings
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._done: queue.Queue[tuple[Job, Future[Any]]] = queue.Queue()
        self._running: dict[int, Job] = {}
        self._thread = threading.Thread(target=self._loop, name="juesuan-dispatcher", daemon=True)

    def start(self) -> None:
        n = requeue_interrupted(self.store)
        if n:
            log.info("%d upload(s) left unfinished by the last run queued again", n)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(30)

    @property
    def running(self) -> int:
        return len(self._running)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._finish_done()
                free = self.slots - len(self._running)
                if free > 0:
                    for job in claim_jobs(self.store, free):
                        self._submit(job)
            except Exception:  # a database hiccup must not end the queue: log it and try again
                log.exception("upload queue")
            self._wake.wait(POLL_SECONDS)
            self._wake.clear()
        self._finish_done()

    def _submit(self, job: Job) -> None:
        self._running[job.id] = job
        if job.kind == "workbook":
            future = self.executor.submit(check_workbook, job.path, timeout=self.settings.task_seconds)
        else:
            future = self.executor.submit(process_upload, job.path, self.settings.max_pages, job.file_name,
                                          str(self.files.cache_dir(job.content_hash)),
                                          timeout=self.settings.task_seconds)

        def done(f: Future[Any]) -> None:
            self._done.put((job, f))
            self._wake.set()

        future.add_done_callback(done)

    def _finish_done(self) -> None:
        while True:
            try:
                job, future = self._done.get_nowait()
            except queue.Empty:
                return
            try:
                if job.kind == "workbook":
                    self._finish_workbook(job, future)
                else:
                    self._finish_report(job, future)
            except Exception as exc:
                log.exception("upload %s", job.id)
                finish_job(self.store, job.id, False, f"{job.file_name}: 内部错误 (internal error): "
                                                       f"{type(exc).__name__}", 70)
            finally:
                self._running.pop(job.id, None)

    def _finish_report(self, job: Job, future: Future[Any]) -> None:
        try:
            record: ReportRecord = future.result()
        except TaskFailed as exc:
            reason = exc.reason.replace(job.path, job.file_name)
            exit_code = exc.error.exit_code if exc.error is not None else READER_CRASH_EXIT
            record = failed_record(job.path, reason, exit_code)
            record.error = f"{job.file_name}: {reason}" if not reason.startswith(job.file_name) else reason
            record.file_name = job.file_name
        set_stage(self.store, job.id, "saving")
        write_batch(self.store, [record])
        document_id = document_of_hash(self.store, job.content_hash)
        if record.status == "ok":
            key = department_key(record.department)
            if key is not None:
                from juesuan.store.previous_year import cross_check_all
                from juesuan.store.runners import InProcessRunner

                cross_check_all(self.store, InProcessRunner(), key)
        finish_job(self.store, job.id, record.status == "ok", record.error, record.exit_code, document_id,
                   record.pages)

    def _finish_workbook(self, job: Job, future: Future[Any]) -> None:
        try:
            result = future.result()
        except TaskFailed as exc:
            reason = exc.reason.replace(job.path, job.file_name)
            exit_code = exc.error.exit_code if exc.error is not None else READER_CRASH_EXIT
            finish_job(self.store, job.id, False, reason if reason.startswith(job.file_name)
                       else f"{job.file_name}: {reason}", exit_code)
            return
        folder = self.files.cache_dir(job.content_hash)
        self.files.write_atomic(folder / WORKBOOK_MODEL, result.model)
        self.files.write_atomic(folder / WORKBOOK_FINDINGS, json.dumps(
            {"department": result.department, "year": result.year, "findings": result.findings},
            ensure_ascii=False).encode("utf-8"))
        finish_job(self.store, job.id, True)
