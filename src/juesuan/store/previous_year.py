"""Each stored report against last year's report of its department (rules X4xx), where both are stored.

A pair is the current reading of the latest version of a department's report for year Y and that of
year Y-1.  It is checked when no current cross-document check of the current checker version exists
for exactly that pair: a new version of either year, or a new checker, checks it again (the earlier
check is kept as history).  The checks run on the same workers as the reading.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from juesuan.store import schema as s
from juesuan.store.database import Store
from juesuan.store.records import CheckRecord
from juesuan.store.runners import Runner, TaskFailure
from juesuan.store.versions import checker_version
from juesuan.store.work import check_pair
from juesuan.store.writer import insert_check

CHUNK = 200


def pairs_to_check(store: Store, department_key: str | None = None) -> list[tuple[int, int]]:
    """(reading id, last year's reading id) of every pair without a current check by this checker (of one
    department, when given)."""
    d, pd = aliased(s.documents), aliased(s.documents)
    r, pr = aliased(s.readings), aliased(s.readings)
    c = aliased(s.checks)
    done = (select(c.c.id).where(and_(c.c.reading_id == r.c.id, c.c.previous_reading_id == pr.c.id, c.c.is_current,
                                      c.c.checker_version == checker_version())).exists())
    query = (
        select(r.c.id, pr.c.id)
        .select_from(d)
        .join(r, and_(r.c.document_id == d.c.id, r.c.is_current))
        .join(pd, and_(pd.c.department_key == d.c.department_key, pd.c.year == d.c.year - 1, pd.c.is_latest))
        .join(pr, and_(pr.c.document_id == pd.c.id, pr.c.is_current))
        .where(and_(d.c.is_latest, d.c.status == "ok", pd.c.status == "ok", ~done))
        .order_by(r.c.id)
    )
    if department_key is not None:
        query = query.where(d.c.department_key == department_key)
    with store.reading() as conn:
        return [(int(a), int(b)) for a, b in conn.execute(query).all()]


def _models(store: Store, ids: set[int]) -> dict[int, bytes]:
    with store.reading() as conn:
        rows = conn.execute(select(s.readings.c.id, s.readings.c.model).where(s.readings.c.id.in_(ids))).all()
    return {int(i): bytes(m) for i, m in rows if m is not None}


def _check_task(item: tuple[int, int, bytes, bytes]) -> CheckRecord:
    return check_pair(item[2], item[3])


def _tasks(store: Store, pairs: list[tuple[int, int]]) -> Iterator[tuple[int, int, bytes, bytes]]:
    for start in range(0, len(pairs), CHUNK):
        chunk = pairs[start:start + CHUNK]
        models = _models(store, {i for pair in chunk for i in pair})
        for this, previous in chunk:
            if this in models and previous in models:
                yield this, previous, models[this], models[previous]


def cross_check_all(store: Store, runner: Runner, department_key: str | None = None) -> int:
    """Check every pair that needs it (of one department, when given); returns how many were checked."""
    pairs = pairs_to_check(store, department_key)
    done = 0
    pending: list[tuple[int, int, CheckRecord]] = []

    def flush() -> None:
        with store.writing() as conn:
            for reading_id, previous_id, record in pending:
                insert_check(conn, reading_id, record, previous_reading_id=previous_id)
        pending.clear()

    for (this, previous, _, _), result in runner.run(_check_task, _tasks(store, pairs)):
        if isinstance(result, TaskFailure):
            continue  # a crashing rule is reported by the runner as I001 inside the check; this is the worker
        pending.append((this, previous, result))
        done += 1
        if len(pending) >= CHUNK:
            flush()
    if pending:
        flush()
    return done
