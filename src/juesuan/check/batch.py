"""Check many reports: files and folders in, one small result per report out, as they are done.

``run_batch(files, options, jobs)`` reads and checks each file in a pool of
worker processes (PDFium is not thread-safe, so processes, not threads) and
yields a :class:`FileResult` per file in input order.  A result carries the
counts, the findings and the key totals, never the report itself: the report
is dropped in the worker once its findings (and, for HTML, its page) are made,
so memory stays flat over any number of files.  A file that cannot be read, a
reader that fails on one file and even a worker process that dies on one file
become that file's result; the other files are still checked.
"""

from __future__ import annotations

import os
import signal
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from decimal import Decimal
from multiprocessing import get_context
from pathlib import Path

from juesuan.check.baseline import Baseline, report_key
from juesuan.check.config import RuleSettings, apply_settings
from juesuan.check.finding import SEVERITY_ORDER, Finding, Severity
from juesuan.errors import JuesuanError, LimitExceeded
from juesuan.limits import Limits
from juesuan.model import Report

# what a folder is searched for (case-insensitive); Office lock files (~$x.xlsx) and hidden files are skipped
REPORT_SUFFIXES: tuple[str, ...] = (".pdf", ".txt", ".json", ".xlsx", ".html", ".htm")


@dataclass
class FileResult:
    """One input file, checked: what the batch outputs need, and nothing as large as the report."""

    file: str
    department: str | None = None
    year: int | None = None
    source_format: str | None = None
    page_count: int | None = None
    findings: list[Finding] = field(default_factory=list)
    suppressed: int = 0  # findings left out because the baseline accepts them
    totals: dict[str, Decimal | None] = field(default_factory=dict)
    error: str | None = None  # the one-line reason it could not be read
    page: str | None = None  # its HTML page, where one was written
    page_html: str | None = None  # its HTML page itself, where it was asked for rather than written
    output_error: JuesuanError | None = None  # its HTML page could not be written
    seconds: float = 0.0

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def shown(self, min_severity: Severity) -> list[Finding]:
        limit = SEVERITY_ORDER[min_severity]
        return [f for f in self.findings if SEVERITY_ORDER[f.severity] <= limit]

    @property
    def report_key(self) -> str:
        return report_key(self.file, self.department, self.year)


@dataclass(frozen=True)
class BatchOptions:
    settings: RuleSettings = field(default_factory=RuleSettings)
    baseline: Baseline | None = None
    min_severity: Severity = "info"  # the lowest level an HTML page lists (counts are always complete)
    limits: Limits = field(default_factory=Limits)  # what one file may cost (juesuan.limits)
    ocr: str = "auto"  # which page images OCR reads: never | auto | always (juesuan.read)


@dataclass(frozen=True)
class Task:
    file: str
    html: str | None = None  # write the report's HTML page here ("-": return it in the result)


def expand(inputs: Iterable[str]) -> list[str]:
    """Files as given, and every report file under each folder given (recursively, sorted, no hidden files)."""
    out: list[str] = []
    for item in inputs:
        path = Path(item)
        if not path.is_dir():
            out.append(item)
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith((".", "~$")) or not name.lower().endswith(REPORT_SUFFIXES):
                    continue
                out.append(str(Path(folder) / name))
    return out


def check_file(task: Task, options: BatchOptions, isolate: bool | None = None) -> FileResult:
    """Read and check one file; never raises for a problem with that file.

    The file is read in a process of its own (juesuan.isolation) when ``isolate`` (default: the limits' say);
    a worker process of the pool is already one, bounded as a whole.
    """
    from juesuan.check import check
    from juesuan.read import read

    started = time.perf_counter()
    file = task.file
    try:
        report = read(file, ocr=options.ocr, limits=options.limits,
                      isolate=options.limits.isolate if isolate is None else isolate)
    except JuesuanError as exc:
        return FileResult(file, error=exc.message, seconds=time.perf_counter() - started)
    except (MemoryError, RecursionError):
        return FileResult(file, error=_beyond_limits(file, options.limits), seconds=time.perf_counter() - started)
    except Exception as exc:  # a reader bug on one file must not stop the others
        message = f"{file}: 读取程序出错 (reader failed): {type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
        return FileResult(file, error=message, seconds=time.perf_counter() - started)
    try:
        findings = apply_settings(check(report), options.settings)
        result = FileResult(file, report.department, report.year, report.source_format, report.page_count)
        if options.baseline is not None:
            findings, result.suppressed = options.baseline.suppress(result.report_key, findings)
        result.findings = findings
        from juesuan.check.render.summary_table import key_totals

        result.totals = key_totals(report)
        if task.html is not None:
            _page(task, result, report, options)
    except Exception as exc:  # a checker or renderer bug on one file must not stop the others
        message = f"{file}: 内部错误 (internal error): {type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
        return FileResult(file, error=message, seconds=time.perf_counter() - started)
    result.seconds = time.perf_counter() - started
    return result


def _page(task: Task, result: FileResult, report: Report, options: BatchOptions) -> None:
    """The report's HTML page, written where the task says (or kept in the result for ``-``)."""
    from juesuan.atomic_write import write_output
    from juesuan.check.render.html import render_html

    page = render_html(result, report, options.min_severity)
    if task.html == "-":
        result.page_html = page
        return
    try:
        write_output(str(task.html), page, protect=(Path(task.file),))
        result.page = task.html
    except JuesuanError as exc:
        result.output_error = exc


# ---- the worker processes

_OPTIONS = BatchOptions()


def _init_worker(options: BatchOptions) -> None:
    global _OPTIONS
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _OPTIONS = options
    if options.limits.isolate:  # the worker is the file's own process: bounded in memory, and in CPU per file
        from juesuan.isolation import apply_process_limits

        apply_process_limits(replace(options.limits, cpu_seconds=0))


def _work(task: Task) -> FileResult:
    if _OPTIONS.limits.isolate:
        from juesuan.isolation import renew_cpu_budget

        renew_cpu_budget(_OPTIONS.limits)
    return check_file(task, _OPTIONS, isolate=False)


Worker = Callable[[Task], FileResult]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _pool(jobs: int, options: BatchOptions) -> ProcessPoolExecutor:
    # forkserver: workers start from a clean process with juesuan imported once, whatever threads the
    # parent runs (the progress bar has one); a fresh worker every 200 files bounds any slow growth
    context = get_context("forkserver")
    context.set_forkserver_preload(["juesuan.check.batch", "juesuan.check", "juesuan.read"])
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                               initargs=(options,), max_tasks_per_child=200)


def _beyond_limits(file: str, limits: Limits) -> str:
    from juesuan.isolation import stopped_message

    return LimitExceeded(file, stopped_message(limits, "内存或时间")).message


def _crashed(task: Task, options: BatchOptions) -> FileResult:
    """The worker died on this file (killed at its memory or CPU limit, or a crash in a native library)."""
    from juesuan.isolation import limits_text

    message = (f"处理该文件的进程异常退出：超出内存或 CPU 时间上限（{limits_text(options.limits)}），或读取程序崩溃 "
               "(the worker process died on this file; --limit memory=N / cpu=N 可调整)")
    return FileResult(task.file, error=LimitExceeded(task.file, message).message)


def _alone(task: Task, options: BatchOptions, worker: Worker) -> FileResult:
    """One file in a pool of its own: after a worker died, this tells which file it died on."""
    with _pool(1, options) as pool:
        try:
            return pool.submit(worker, task).result()
        except BrokenProcessPool:
            return _crashed(task, options)


def run_batch(tasks: Iterable[Task], options: BatchOptions, jobs: int = 1,
              worker: Worker | None = None, pooled: bool = False) -> Generator[FileResult, None, None]:
    """Check every file; yield one result per task, in order, as soon as it and those before it are done.

    ``jobs`` <= 1 reads in this process (each file in a forked process of its own where the limits isolate),
    unless ``pooled``: then one worker process reads them all, bounded as a whole and warm after the first
    file (a forked process per file starts cold every time: PDFium's fonts, the readers' lazy imports; about
    0.9 s of CPU per corpus report instead of 0.5)."""
    if jobs <= 1 and not pooled:
        for task in tasks:
            yield (worker or (lambda t: check_file(t, options)))(task)
        return
    jobs = max(jobs, 1)
    work = worker or _work
    todo = iter(tasks)
    window = 4 * jobs  # files in flight: enough to keep every worker busy, few enough to keep memory flat
    pool = _pool(jobs, options)
    pending: deque[tuple[Task, Future[FileResult]]] = deque()
    try:
        while True:
            while len(pending) < window:
                following = next(todo, None)
                if following is None:
                    break
                pending.append((following, pool.submit(work, following)))
            if not pending:
                break
            task, future = pending.popleft()
            try:
                yield future.result()
            except BrokenProcessPool:
                # a worker died (a crash in a native library, or killed): every file in flight failed with it.
                # Keep what finished; run the rest one by one, each alone, to tell which file it was.
                pool.shutdown(wait=False, cancel_futures=True)
                for t, f in [(task, future), *pending]:
                    done = f.done() and not f.cancelled() and f.exception() is None
                    yield f.result() if done else _alone(t, options, work)
                pending.clear()
                pool = _pool(jobs, options)
    except BaseException:
        for _, f in pending:
            f.cancel()
        for process in list(getattr(pool, "_processes", {}).values()):  # stop the work in progress now
            process.terminate()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
