"""Writing worker records into the database, a batch per transaction under the store's write lock.

Idempotent: a document is its content hash, so bytes already stored are skipped (whoever wrote them: an
earlier run, or another ingest running at the same time).  A new report of a department and year that is
already stored becomes its next ``version`` and the ``is_latest`` one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import astuple, dataclass, fields
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Connection, and_, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from juesuan.check.names import normalize
from juesuan.store import schema as s
from juesuan.store.database import Store
from juesuan.store.records import CheckRecord, FindingRow, ReportRecord


def department_key(name: str | None) -> str | None:
    """What identifies a department across years: its name without spaces, quotes or numbering."""
    if not name:
        return None
    return normalize(name) or None


def now() -> datetime:
    return datetime.now(UTC)


@dataclass
class BatchResult:
    stored: int = 0  # new documents read
    failed: int = 0  # new documents that could not be read (recorded)
    unchanged: int = 0  # bytes already stored
    new_versions: int = 0  # stored reports that replace an earlier version as the latest


@cache
def _file_upsert(dialect: str) -> Any:
    """INSERT ... ON CONFLICT (path) DO UPDATE, built once (values go as parameters, so it compiles once)."""
    stmt: Any = (pg_insert if dialect == "postgresql" else sqlite_insert)(s.files)
    return stmt.on_conflict_do_update(index_elements=[s.files.c.path],
                                      set_={k: stmt.excluded[k] for k in ("size", "mtime_ns", "content_hash",
                                                                         "seen_at")})


def _upsert_file(conn: Connection, record: ReportRecord) -> None:
    conn.execute(_file_upsert(conn.dialect.name), {"path": record.path, "size": record.size,
                                                   "mtime_ns": record.mtime_ns, "content_hash": record.content_hash,
                                                   "seen_at": now()})


def known_files(store: Store, stats: Sequence[tuple[str, int, int]]) -> set[str]:
    """The paths whose (path, size, mtime) were stored already: nothing to do for them."""
    if not stats:
        return set()
    by_path = {path: (size, mtime) for path, size, mtime in stats}
    with store.reading() as conn:
        rows = conn.execute(select(s.files.c.path, s.files.c.size, s.files.c.mtime_ns)
                            .where(s.files.c.path.in_(list(by_path)))).all()
    return {path for path, size, mtime in rows if by_path.get(path) == (size, mtime)}


AMOUNT_COLUMNS = ("reading_id", "table_key", "side", "line", "code", "name", "column_key", "amount", "printed",
                  "page", "x0", "top", "x1", "bottom")
FACT_COLUMNS = ("reading_id", "path", "value", "amount", "page", "sentence")
PROBLEM_COLUMNS = ("reading_id", "kind", "table_key", "page", "message")
FINDING_COLUMNS = ("check_id", *(f.name for f in fields(FindingRow)))


def _number_parameter(conn: Connection) -> Callable[[Decimal | None], Any]:
    """An exact amount as the driver takes it: psycopg adapts Decimal to numeric, sqlite3 takes its text."""
    if conn.dialect.name == "sqlite":
        return lambda value: None if value is None else str(value)
    return lambda value: value


def _bulk_insert(conn: Connection, table: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Many rows in one driver call (the child rows of a report: hundreds of amounts), without building
    a statement per row."""
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    if conn.dialect.name == "postgresql":  # COPY: one stream for all the rows
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
        return
    mark = "?"
    conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join([mark] * len(columns))})', rows)


def _insert_returning_id(conn: Connection, table: Any, values: dict[str, Any]) -> int:
    return int(conn.execute(insert(table).returning(table.c.id), values).scalar_one())


def insert_reading(conn: Connection, document_id: int, record: ReportRecord) -> int:
    reading_id = _insert_returning_id(conn, s.readings, {
        "document_id": document_id, "reader_version": record.reader_version, "status": record.status,
        "error": record.error, "exit_code": record.exit_code, "department": record.department,
        "region": record.region, "year": record.year, "kind": record.kind, "pages": record.pages,
        "seconds": record.seconds, "model": record.model, "is_current": True, "created_at": now()})
    number = _number_parameter(conn)
    _bulk_insert(conn, s.amounts, AMOUNT_COLUMNS, [
        (reading_id, t, side, line, code, name, column, number(amount), str(amount), page,
         box.x0 if box else None, box.top if box else None, box.x1 if box else None, box.bottom if box else None)
        for t, side, line, code, name, column, amount, page, box in record.amounts])
    _bulk_insert(conn, s.facts, FACT_COLUMNS, [
        (reading_id, path, value, number(amount), page, sentence)
        for path, value, amount, page, sentence in record.facts])
    _bulk_insert(conn, s.problems, PROBLEM_COLUMNS, [
        (reading_id, kind, table, page, message) for kind, table, page, message in record.problems])
    if record.check is not None:
        insert_check(conn, reading_id, record.check)
    return reading_id


def insert_check(conn: Connection, reading_id: int, check: CheckRecord, previous_reading_id: int | None = None) -> int:
    """A new current check of a reading; the check it replaces (same kind) is kept as history."""
    same_kind = (s.checks.c.previous_reading_id.is_(None) if previous_reading_id is None
                 else s.checks.c.previous_reading_id.is_not(None))
    conn.execute(update(s.checks).where(and_(s.checks.c.reading_id == reading_id, same_kind,
                                             s.checks.c.is_current)).values(is_current=False))
    check_id = _insert_returning_id(conn, s.checks, {
        "reading_id": reading_id, "previous_reading_id": previous_reading_id,
        "checker_version": check.checker_version, "is_current": True, "created_at": now(), **check.counts()})
    _bulk_insert(conn, s.findings, FINDING_COLUMNS, [(check_id, *astuple(f)) for f in check.findings])
    return check_id


def assign_version(conn: Connection, document_id: int, key: str | None, year: int | None) -> int | None:
    """Make ``document_id`` the newest version of its department and year; return its version."""
    if key is None or year is None:
        return None
    same = and_(s.documents.c.department_key == key, s.documents.c.year == year, s.documents.c.id != document_id)
    highest = conn.execute(select(func.max(s.documents.c.version)).where(same)).scalar()
    version = int(highest or 0) + 1
    # only the one that was latest changes (not every earlier version: each update is a new row version)
    conn.execute(update(s.documents).where(and_(same, s.documents.c.is_latest)).values(is_latest=False))
    conn.execute(update(s.documents).where(s.documents.c.id == document_id).values(version=version, is_latest=True))
    return version


def write_batch(store: Store, records: Iterable[ReportRecord]) -> BatchResult:
    """Store a batch of worker records in one transaction; skip bytes already stored."""
    result = BatchResult()
    records = list(records)
    batch = [r for r in records if r.content_hash]
    unreadable = [r for r in records if not r.content_hash]
    result.failed += len(unreadable)  # a file that vanished or cannot be opened: nothing to store by its bytes
    if not batch:
        return result
    with store.writing() as conn:
        stored = set(conn.execute(select(s.documents.c.content_hash)
                                  .where(s.documents.c.content_hash.in_({r.content_hash for r in batch}))).scalars())
        for record in batch:
            _upsert_file(conn, record)
            if record.content_hash in stored:
                result.unchanged += 1
                continue
            stored.add(record.content_hash)
            _insert_document(conn, record, result)
    return result


def _insert_document(conn: Connection, record: ReportRecord, result: BatchResult) -> None:
    ok = record.status == "ok"
    key = department_key(record.department) if ok else None
    stamp = now()
    document_id = _insert_returning_id(conn, s.documents, {
        "content_hash": record.content_hash, "file_name": record.file_name, "path": record.path,
        "size": record.size, "format": record.format, "status": record.status, "error": record.error,
        "exit_code": record.exit_code, "department": record.department, "department_key": key,
        "region": record.region, "year": record.year, "kind": record.kind, "pages": record.pages,
        "version": None, "is_latest": False, "reader_version": record.reader_version,
        "checker_version": record.check.checker_version if record.check else None,
        "ingested_at": stamp, "updated_at": stamp})
    insert_reading(conn, document_id, record)
    if ok:
        result.stored += 1
        version = assign_version(conn, document_id, key, record.year)
        if version is not None and version > 1:
            result.new_versions += 1
    else:
        result.failed += 1
