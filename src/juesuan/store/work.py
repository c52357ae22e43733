"""The work one worker does on one file, or on stored models: plain functions, safe to ship to a process
pool or a Dask worker (they import juesuan there and return picklable records).
"""

from __future__ import annotations

import hashlib
import resource
import time
from collections.abc import Callable
from pathlib import Path

from juesuan.errors import JuesuanError
from juesuan.model import Report
from juesuan.store.records import (
    CheckRecord,
    FindingRow,
    ReportRecord,
    pack_model,
    report_amounts,
    report_facts,
    report_problems,
    unpack_model,
)
from juesuan.store.region import region_of
from juesuan.store.versions import checker_version, reader_version

HASH_CHUNK = 1 << 20
# exit code of a file the reader crashed on (a bug, as the CLI's internal error)
READER_CRASH_EXIT = 70


def content_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(HASH_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _peak_kb() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _format_of(path: Path) -> str | None:
    from juesuan.read.file_format import file_format

    try:
        return file_format(path)
    except JuesuanError:
        suffix = path.suffix.lower().lstrip(".")
        return suffix[:16] or None


def process_file(path: str, reader: Callable[[Path], Report] | None = None) -> ReportRecord:
    """Hash, read and check one file; a file that cannot be read comes back ``failed`` with its reason.
    ``reader`` reads it (default ``juesuan.read``; the web app reads uploads its own way)."""
    import juesuan

    start, cpu = time.perf_counter(), time.process_time()
    p = Path(path)
    try:
        st = p.stat()
        digest = content_hash(p)
    except OSError as exc:
        return ReportRecord(path, p.name, 0, 0, "", None, reader_version(), status="failed",
                            error=f"{path}: 无法读取文件 (cannot read the file): {exc.strerror or exc}", exit_code=3,
                            worker_peak_kb=_peak_kb())
    record = ReportRecord(path, p.name, st.st_size, st.st_mtime_ns, digest, _format_of(p), reader_version())
    try:
        report = (reader or juesuan.read)(p)
    except JuesuanError as exc:
        record.status, record.error, record.exit_code = "failed", exc.message, exc.exit_code
    except Exception as exc:  # a reader bug on one file must not stop the others: recorded, like check does
        record.status, record.exit_code = "failed", READER_CRASH_EXIT
        record.error = f"{path}: 读取程序出错 (reader failed): {type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
    else:
        _fill(record, report)
    record.seconds = time.perf_counter() - start
    record.cpu_seconds = time.process_time() - cpu
    record.worker_peak_kb = _peak_kb()
    return record


def _fill(record: ReportRecord, report: Report) -> None:
    import juesuan

    record.department = report.department
    record.region = region_of(report)
    record.year = report.year
    record.kind = report.kind
    record.pages = report.page_count if report.page_count is not None else (len(report.pages) or None)
    record.model = pack_model(report)
    record.amounts = report_amounts(report)
    record.facts = report_facts(report)
    record.problems = report_problems(report)
    record.check = CheckRecord(checker_version(), [FindingRow.of(f) for f in juesuan.check(report)])


def recheck(model: bytes) -> CheckRecord:
    """Check a stored reading again (a new checker version)."""
    import juesuan

    return CheckRecord(checker_version(), [FindingRow.of(f) for f in juesuan.check(unpack_model(model))])


def check_pair(model: bytes, previous: bytes) -> CheckRecord:
    """The cross-document (X4xx) check of a stored reading against last year's report of its department."""
    from juesuan.check.rules.cross_document import check_against_previous

    findings = check_against_previous(unpack_model(model), unpack_model(previous))
    return CheckRecord(checker_version(), [FindingRow.of(f) for f in findings])
