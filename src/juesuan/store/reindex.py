"""``reindex``: re-process what is stored with the current reader and checker, keeping history.

A document whose current reading was made by another reader version is read again from its file (when
the file is still at its path with the same bytes); a reading whose current check was made by another
checker version is checked again from its stored model.  The new reading or check becomes current; the
old ones stay in the database.  Then every pair of consecutive years is compared again (X4xx).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, and_, func, select, update

from juesuan.store import schema as s
from juesuan.store.database import Store
from juesuan.store.previous_year import cross_check_all
from juesuan.store.records import CheckRecord, ReportRecord
from juesuan.store.runners import Runner, TaskFailure
from juesuan.store.versions import checker_version, reader_version
from juesuan.store.work import content_hash, process_file, recheck
from juesuan.store.writer import assign_version, department_key, insert_check, insert_reading, now

BATCH = 50


@dataclass
class ReindexSummary:
    reread: int = 0
    rechecked: int = 0
    missing: int = 0  # file gone or changed since it was stored: its old reading stays current
    failed: int = 0
    cross_checked: int = 0


def _stale_readings(store: Store, force: bool) -> list[tuple[int, str, str]]:
    d, r = s.documents, s.readings
    query = (select(d.c.id, d.c.path, d.c.content_hash).join(r, and_(r.c.document_id == d.c.id, r.c.is_current)))
    if not force:
        query = query.where(r.c.reader_version != reader_version())
    with store.reading() as conn:
        return [(int(i), str(p), str(h)) for i, p, h in conn.execute(query.order_by(d.c.id)).all()]


def _stale_checks(store: Store) -> list[int]:
    """Current ok readings (of the current reader) whose current own check is by another checker."""
    r, c = s.readings, s.checks
    query = (select(r.c.id).join(c, and_(c.c.reading_id == r.c.id, c.c.is_current,
                                         c.c.previous_reading_id.is_(None)))
             .where(and_(r.c.is_current, r.c.status == "ok", c.c.checker_version != checker_version()))
             .order_by(r.c.id))
    with store.reading() as conn:
        return [int(i) for i in conn.execute(query).scalars()]


def _reread_task(item: tuple[int, str, str]) -> ReportRecord | None:
    _, path, digest = item
    p = Path(path)
    try:
        if content_hash(p) != digest:
            return None
    except OSError:
        return None
    return process_file(path)


def _replace_reading(store: Store, document_id: int, record: ReportRecord) -> None:
    with store.writing() as conn:
        conn.execute(update(s.readings).where(and_(s.readings.c.document_id == document_id, s.readings.c.is_current))
                     .values(is_current=False))
        insert_reading(conn, document_id, record)
        ok = record.status == "ok"
        key = department_key(record.department) if ok else None
        old = conn.execute(select(s.documents.c.department_key, s.documents.c.year)
                           .where(s.documents.c.id == document_id)).one()
        conn.execute(update(s.documents).where(s.documents.c.id == document_id).values(
            status=record.status, error=record.error, exit_code=record.exit_code, department=record.department,
            department_key=key, region=record.region, year=record.year, kind=record.kind, pages=record.pages,
            reader_version=record.reader_version,
            checker_version=record.check.checker_version if record.check else None, updated_at=now()))
        if (key, record.year) != tuple(old):
            if ok:
                assign_version(conn, document_id, key, record.year)
            else:
                conn.execute(update(s.documents).where(s.documents.c.id == document_id)
                             .values(version=None, is_latest=False))
            _relatest(conn, old[0], old[1])


def _relatest(conn: Connection, key: str | None, year: int | None) -> None:
    """After a document left its department and year: the highest remaining version is the latest."""
    if key is None or year is None:
        return
    d = s.documents
    same = and_(d.c.department_key == key, d.c.year == year)
    top = conn.execute(select(func.max(d.c.version)).where(same)).scalar()
    conn.execute(update(d).where(same).values(is_latest=False))
    if top is not None:
        conn.execute(update(d).where(and_(same, d.c.version == top)).values(is_latest=True))


def _models(store: Store, ids: list[int]) -> Iterator[tuple[int, bytes]]:
    for start in range(0, len(ids), 200):
        chunk = ids[start:start + 200]
        with store.reading() as conn:
            rows = conn.execute(select(s.readings.c.id, s.readings.c.model).where(s.readings.c.id.in_(chunk))).all()
        yield from ((int(i), bytes(m)) for i, m in rows if m is not None)


def _recheck_task(item: tuple[int, bytes]) -> CheckRecord:
    return recheck(item[1])


def reindex(store: Store, runner: Runner, force: bool = False) -> ReindexSummary:
    summary = ReindexSummary()
    for (document_id, _, _), result in runner.run(_reread_task, _stale_readings(store, force)):
        if result is None:
            summary.missing += 1
        elif isinstance(result, TaskFailure):
            summary.failed += 1
        else:
            _replace_reading(store, document_id, result)
            summary.reread += 1
    pending: list[tuple[int, CheckRecord]] = []

    def flush() -> None:
        with store.writing() as conn:
            for reading_id, check in pending:
                insert_check(conn, reading_id, check)
                conn.execute(update(s.documents).where(s.documents.c.id == select(s.readings.c.document_id)
                                                       .where(s.readings.c.id == reading_id).scalar_subquery())
                             .values(checker_version=check.checker_version, updated_at=now()))
        pending.clear()

    for (reading_id, _), result in runner.run(_recheck_task, _models(store, _stale_checks(store))):
        if isinstance(result, TaskFailure):
            summary.failed += 1
            continue
        pending.append((reading_id, result))
        summary.rechecked += 1
        if len(pending) >= BATCH:
            flush()
    if pending:
        flush()
    summary.cross_checked = cross_check_all(store, runner)
    return summary
