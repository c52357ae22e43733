"""Findings across stored reports with their verdicts: filtered by rule, severity, review status, region,
year and department, a page at a time (the web app's findings view and its JSON API)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select

from juesuan.store import schema as s
from juesuan.store.database import Store
from juesuan.store.reviews import STATUSES

OPEN = "open"  # no verdict yet (未审核)
REVIEW_FILTERS: dict[str, str] = {OPEN: "未审核", **STATUSES}


@dataclass(frozen=True)
class FindingQuery:
    rules: Sequence[str] = ()
    severities: Sequence[str] = ()  # exactly these (error, warning, info); empty: all
    review: str | None = None  # open | confirmed | false_alarm | fixed
    region: str | None = None  # prefix
    year: int | None = None
    department: str | None = None  # part of the name
    document_id: int | None = None
    latest: bool = True  # the newest version of each department's report for a year


def _query(where: FindingQuery) -> Select[Any]:
    f, c, r, d, v, u = s.findings, s.checks, s.readings, s.documents, s.reviews, s.users
    query = (select(d.c.id.label("document_id"), d.c.department, d.c.region, d.c.year, d.c.version, d.c.file_name,
                    f.c.id.label("finding_id"), f.c.rule, f.c.severity, f.c.section, f.c.message, f.c.page,
                    f.c.table_key, f.c.row_code, f.c.row_name, f.c.column_label, f.c.text, f.c.path, f.c.printed,
                    f.c.expected, f.c.fingerprint, v.c.status.label("review"), v.c.comment.label("review_comment"),
                    u.c.name.label("reviewer"), v.c.updated_at.label("reviewed_at"))
             .select_from(f)
             .join(c, and_(c.c.id == f.c.check_id, c.c.is_current))
             .join(r, and_(r.c.id == c.c.reading_id, r.c.is_current))
             .join(d, d.c.id == r.c.document_id)
             .outerjoin(v, and_(v.c.document_id == d.c.id, v.c.fingerprint == f.c.fingerprint))
             .outerjoin(u, u.c.id == v.c.user_id))
    clauses: list[Any] = []
    if where.latest and where.document_id is None:
        clauses.append(d.c.is_latest)
    if where.document_id is not None:
        clauses.append(d.c.id == where.document_id)
    if where.rules:
        clauses.append(f.c.rule.in_([rule.upper() for rule in where.rules]))
    if where.severities:
        clauses.append(f.c.severity.in_(list(where.severities)))
    if where.review == OPEN:
        clauses.append(v.c.id.is_(None))
    elif where.review is not None:
        clauses.append(v.c.status == where.review)
    if where.region:
        clauses.append(or_(d.c.region == where.region, d.c.region.like(f"{_like(where.region)}%", escape="\\")))
    if where.year is not None:
        clauses.append(d.c.year == where.year)
    if where.department:
        clauses.append(d.c.department.like(f"%{_like(where.department.strip())}%", escape="\\"))
    return query.where(and_(*clauses)) if clauses else query


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_findings(store: Store, where: FindingQuery, limit: int = 100, offset: int = 0
                  ) -> tuple[list[dict[str, Any]], int]:
    """One page of matching findings (errors first, then by department, year, page) and how many match."""
    f, d = s.findings, s.documents
    order = case({"error": 0, "warning": 1}, value=f.c.severity, else_=2)
    query = _query(where)
    with store.reading() as conn:
        total = int(conn.execute(select(func.count()).select_from(query.subquery())).scalar_one())
        rows = conn.execute(query.order_by(order, d.c.department, d.c.year, d.c.version, f.c.page, f.c.rule, f.c.id)
                            .limit(limit).offset(offset)).all()
    return [dict(row._mapping) for row in rows], total


def rule_counts(store: Store, where: FindingQuery) -> list[tuple[str, int]]:
    """How many matching findings each rule has (for the filter's choices)."""
    query = _query(FindingQuery(**{**where.__dict__, "rules": ()})).subquery()
    with store.reading() as conn:
        rows = conn.execute(select(query.c.rule, func.count()).group_by(query.c.rule).order_by(query.c.rule)).all()
    return [(str(rule), int(n)) for rule, n in rows]
