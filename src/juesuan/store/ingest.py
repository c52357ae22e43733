"""``ingest``: files and folders into the database, read and checked by parallel workers.

The client lists the files, skips those whose path, size and modification time are stored already,
hands the rest to a runner (local processes or a Dask cluster) a few at a time, and writes the results
in batches, one transaction each.  Ctrl-C (or SIGTERM) stops the workers and commits every finished
result; the next run resumes where this one stopped, since stored files are skipped and the same
bytes are never stored twice.  After the files, each report is compared with last year's report of
its department where both are stored (rules X4xx).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from juesuan.store.database import Store
from juesuan.store.discover import discover
from juesuan.store.records import ReportRecord
from juesuan.store.runners import Runner, TaskFailure
from juesuan.store.versions import reader_version
from juesuan.store.work import READER_CRASH_EXIT, content_hash, process_file
from juesuan.store.writer import BatchResult, known_files, write_batch

BATCH_SIZE = 50
FLUSH_SECONDS = 2.0
STAT_CHUNK = 500


class Progress(Protocol):
    """What an ingest reports while it runs (the CLI shows a progress bar; tests and benchmarks keep quiet)."""

    def start(self, total: int) -> None: ...

    def skipped(self, n: int) -> None: ...

    def done(self, record: ReportRecord) -> None: ...

    def note(self, line: str) -> None: ...

    def stop(self) -> None: ...


class QuietProgress:
    def start(self, total: int) -> None:
        pass

    def skipped(self, n: int) -> None:
        pass

    def done(self, record: ReportRecord) -> None:
        pass

    def note(self, line: str) -> None:
        pass

    def stop(self) -> None:
        pass


@dataclass
class IngestSummary:
    files: int = 0  # files found
    known: int = 0  # skipped: path, size and time already stored
    processed: int = 0  # read by a worker this run
    stored: int = 0  # new reports stored
    failed: int = 0  # files that could not be read (recorded with their reason)
    unchanged: int = 0  # same bytes as a stored document
    new_versions: int = 0
    cross_checked: int = 0  # reports compared with last year's
    pages: int = 0
    seconds: float = 0.0
    write_seconds: float = 0.0  # spent by the client writing to the database
    worker_cpu_seconds: float = 0.0  # CPU time the workers spent reading and checking
    client_cpu_seconds: float = 0.0  # CPU time of the client (listing, receiving, writing)
    interrupted: bool = False
    worker_peak_kb: int = 0
    failures: list[str] = field(default_factory=list)  # the first few reasons, for the summary

    def add(self, batch: BatchResult) -> None:
        self.stored += batch.stored
        self.failed += batch.failed
        self.unchanged += batch.unchanged
        self.new_versions += batch.new_versions


MAX_LISTED_FAILURES = 20


def failed_record(path: str, reason: str, exit_code: int) -> ReportRecord:
    """A record for a file whose worker raised or died: stored as failed, so a rerun does not loop on it."""
    p = Path(path)
    try:
        st, digest = p.stat(), content_hash(p)
    except OSError as exc:
        return ReportRecord(path, p.name, 0, 0, "", None, reader_version(), status="failed",
                            error=f"{path}: 无法读取文件 (cannot read the file): {exc}", exit_code=3)
    return ReportRecord(path, p.name, st.st_size, st.st_mtime_ns, digest, p.suffix.lower().lstrip(".") or None,
                        reader_version(), status="failed", error=f"{path}: {reason}", exit_code=exit_code)


def _new_files(store: Store, paths: Sequence[str], progress: Progress, summary: IngestSummary) -> Iterator[str]:
    """The paths not stored yet with the same size and time, looked up a chunk at a time."""
    for start in range(0, len(paths), STAT_CHUNK):
        chunk = paths[start:start + STAT_CHUNK]
        stats: list[tuple[str, int, int]] = []
        for path in chunk:
            try:
                st = os.stat(path)
            except OSError:
                continue
            stats.append((path, st.st_size, st.st_mtime_ns))
        known = known_files(store, stats)
        if known:
            summary.known += len(known)
            progress.skipped(len(known))
        yield from (p for p in chunk if p not in known)


class _Batcher:
    """Results waiting to be written; written when there are enough of them or they have waited enough."""

    def __init__(self, store: Store, summary: IngestSummary, batch_size: int, flush_seconds: float) -> None:
        self.store, self.summary = store, summary
        self.batch_size, self.flush_seconds = batch_size, flush_seconds
        self.pending: list[ReportRecord] = []
        self.last = time.monotonic()

    def add(self, record: ReportRecord) -> None:
        self.pending.append(record)
        if len(self.pending) >= self.batch_size or time.monotonic() - self.last >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            start = time.perf_counter()
            self.summary.add(write_batch(self.store, self.pending))
            self.summary.write_seconds += time.perf_counter() - start
            self.pending = []  # only once committed: an interrupted write is written again
        self.last = time.monotonic()


def _terminate_as_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


class _Interrupts:
    """Ctrl-C (and SIGTERM) noted, then acted on between two files: a KeyboardInterrupt raised inside a
    database call leaves SQLAlchemy resetting a connection half-way (it logs a traceback at the user).  A
    second Ctrl-C acts at once (a worker that never answers cannot hold the command)."""

    def __init__(self) -> None:
        self.noted = False

    def note(self, signum: int, frame: Any) -> None:
        self.noted = True
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _terminate_as_interrupt)

    def act(self) -> None:
        if self.noted:
            raise KeyboardInterrupt


def ingest(store: Store, paths: Iterable[str | Path], runner: Runner, progress: Progress | None = None,
           batch_size: int = BATCH_SIZE, flush_seconds: float = FLUSH_SECONDS,
           cross_check: bool = True) -> IngestSummary:
    """Ingest files and folders; returns what happened.  Interrupted: everything finished is committed."""
    progress = progress or QuietProgress()
    started, client_cpu = time.perf_counter(), time.process_time()
    files = list(discover(paths))  # FileMissing before any work when a named path does not exist
    summary = IngestSummary(files=len(files))
    batcher = _Batcher(store, summary, batch_size, flush_seconds)
    in_main = threading.current_thread() is threading.main_thread()  # signals can only be handled there
    interrupts = _Interrupts()
    previous_term = signal.signal(signal.SIGTERM, interrupts.note) if in_main else None
    previous_int = signal.signal(signal.SIGINT, interrupts.note) if in_main else None
    progress.start(len(files))
    try:
        for path, result in runner.run(process_file, _new_files(store, files, progress, summary)):
            record = result if isinstance(result, ReportRecord) else failed_record(
                path, f"处理出错 (processing failed): {result.reason}" if isinstance(result, TaskFailure)
                else "处理出错 (processing failed)", READER_CRASH_EXIT)
            _account(summary, record, progress)
            batcher.add(record)
            interrupts.act()
        batcher.flush()
        interrupts.act()
        if cross_check:
            from juesuan.store.previous_year import cross_check_all

            summary.cross_checked = cross_check_all(store, runner)
    except KeyboardInterrupt:
        summary.interrupted = True
        if in_main:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # finish saving before anything else
        try:
            runner.close(cancel=True)
            batcher.flush()
        finally:
            if in_main:
                signal.signal(signal.SIGINT, signal.default_int_handler)
    except Exception:
        batcher.flush()  # the runner failed (a lost cluster, say): keep what came back before raising
        raise
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous_term)
            signal.signal(signal.SIGINT, previous_int)
        progress.stop()
        summary.seconds = time.perf_counter() - started
        summary.client_cpu_seconds = time.process_time() - client_cpu
    return summary


def _account(summary: IngestSummary, record: ReportRecord, progress: Progress) -> None:
    summary.processed += 1
    summary.pages += record.pages or 0
    summary.worker_cpu_seconds += record.cpu_seconds
    summary.worker_peak_kb = max(summary.worker_peak_kb, record.worker_peak_kb)
    if record.status != "ok" and record.error:
        if len(summary.failures) < MAX_LISTED_FAILURES:
            summary.failures.append(record.error)
        progress.note(f"juesuan: {record.error}")
    progress.done(record)
