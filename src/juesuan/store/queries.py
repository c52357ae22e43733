"""``findings`` and ``sql``: questions across the stored reports."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, StatementError

from juesuan.check.finding import SEVERITY_ORDER
from juesuan.store.database import Store
from juesuan.store.departments import find_department
from juesuan.store.errors import BadQuery

FINDING_COLUMNS: tuple[str, ...] = ("document_id", "department", "region", "year", "version", "file_name", "rule",
                                    "severity", "message", "page", "table_key", "row_code", "row_name",
                                    "column_label", "text", "printed", "expected")


@dataclass(frozen=True)
class FindingFilter:
    severity: str | None = None  # the lowest severity shown
    rules: Sequence[str] = ()
    department: str | None = None
    region: str | None = None
    year: int | None = None
    latest: bool = False


def findings(store: Store, where: FindingFilter) -> Iterator[dict[str, Any]]:
    """Findings of the stored reports (current readings and checks), errors first."""
    view = "latest_findings" if where.latest else "report_findings"
    clauses: list[str] = ["1 = 1"]
    params: dict[str, Any] = {}
    if where.severity is not None:
        allowed = [sev for sev, order in SEVERITY_ORDER.items() if order <= SEVERITY_ORDER[where.severity]]
        clauses.append("severity IN (" + ", ".join(f":sev{i}" for i in range(len(allowed))) + ")")
        params.update({f"sev{i}": sev for i, sev in enumerate(allowed)})
    if where.rules:
        clauses.append("rule IN (" + ", ".join(f":rule{i}" for i in range(len(where.rules))) + ")")
        params.update({f"rule{i}": rule.upper() for i, rule in enumerate(where.rules)})
    if where.region is not None:
        clauses.append("region LIKE :region")
        params["region"] = f"{where.region}%"
    if where.year is not None:
        clauses.append("year = :year")
        params["year"] = where.year
    with store.reading() as conn:
        if where.department is not None:
            clauses.append("document_id IN (SELECT id FROM documents WHERE department_key = :key)")
            params["key"] = find_department(conn, where.department)
        order = ("CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, department, year, version, "
                 "page, rule")
        query = text(f"SELECT {', '.join(FINDING_COLUMNS)} FROM {view} WHERE {' AND '.join(clauses)} "
                     f"ORDER BY {order}")
        for row in conn.execute(query, params):
            yield dict(row._mapping)


def run_sql(store: Store, sql: str) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    """Run one statement on a read-only connection: its column names and rows (streamed).

    The database refuses writes (see ``Store.read_only``); the statement goes to the driver with a
    (empty) parameter list, which both drivers run as exactly one statement, so "SELECT 1; DELETE ..."
    is refused rather than split.
    """
    def rows() -> Iterator[tuple[Any, ...]]:
        try:
            with store.read_only() as conn:
                cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
                try:
                    cursor.execute(sql, ())
                    columns.extend(d[0] for d in cursor.description or ())
                    yield ()
                    if cursor.description is not None:
                        while batch := cursor.fetchmany(500):
                            yield from (tuple(row) for row in batch)
                finally:
                    cursor.close()
        except Exception as exc:  # the driver's error: a bad statement, a write refused, ...
            if not _is_database_error(exc):
                raise
            raise BadQuery(None, " ".join(str(getattr(exc, "orig", None) or exc).split())[:300]) from None

    columns: list[str] = []
    stream = rows()
    next(stream)  # run the statement now, so that its errors and columns come before any output
    return columns, stream


def _is_database_error(exc: Exception) -> bool:
    if isinstance(exc, DBAPIError | StatementError):
        return True
    import sqlite3

    import psycopg

    return isinstance(exc, sqlite3.Error | psycopg.Error)
