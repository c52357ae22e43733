"""The stored reports as a person browses them: regions, departments and years, a search by name, one
department's reports year on year (with the figures its charts draw), and deleting a report."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Connection, and_, delete, func, or_, select, update

from juesuan.store import schema as s
from juesuan.store.database import Store
from juesuan.store.errors import NotInStore


@dataclass(frozen=True)
class DocumentRow:
    id: int
    file_name: str
    department: str | None
    department_key: str | None
    region: str | None
    year: int | None
    version: int | None
    is_latest: bool
    status: str
    error: str | None
    pages: int | None
    format: str | None
    content_hash: str
    path: str
    ingested_at: datetime
    errors: int = 0
    warnings: int = 0
    infos: int = 0

    @property
    def title(self) -> str:
        return self.department or self.file_name

    def to_json(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in ("id", "file_name", "department", "department_key", "region", "year",
                                             "version",
                                             "is_latest", "status", "error", "pages", "format", "content_hash",
                                             "errors", "warnings", "infos")}
        out["ingested_at"] = self.ingested_at.isoformat()
        return out


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _counts(conn: Connection, ids: list[int]) -> dict[int, tuple[int, int, int]]:
    c, r = s.checks, s.readings
    out: dict[int, tuple[int, int, int]] = {}
    for start in range(0, len(ids), 500):
        query = (select(r.c.document_id, func.sum(c.c.errors), func.sum(c.c.warnings), func.sum(c.c.infos))
                 .join(c, and_(c.c.reading_id == r.c.id, c.c.is_current))
                 .where(and_(r.c.is_current, r.c.document_id.in_(ids[start:start + 500])))
                 .group_by(r.c.document_id))
        out.update({int(i): (int(e or 0), int(w or 0), int(n or 0)) for i, e, w, n in conn.execute(query)})
    return out


def documents(store: Store, *, region: str | None = None, year: int | None = None, search: str | None = None,
              department_key: str | None = None, latest: bool = False, status: str | None = None,
              ids: list[int] | None = None, limit: int = 200, offset: int = 0) -> tuple[list[DocumentRow], int]:
    """Stored documents (newest first within a department and year) and how many match."""
    d = s.documents
    clauses: list[Any] = []
    if region:
        clauses.append(or_(d.c.region == region, d.c.region.like(f"{_like(region)}%", escape="\\")))
    if year is not None:
        clauses.append(d.c.year == year)
    if search:
        words = search.split()
        for word in words[:5]:
            pattern = f"%{_like(word)}%"
            clauses.append(or_(d.c.department.like(pattern, escape="\\"), d.c.file_name.like(pattern, escape="\\")))
    if department_key is not None:
        clauses.append(d.c.department_key == department_key)
    if latest:
        clauses.append(or_(d.c.is_latest, d.c.status != "ok"))
    if status is not None:
        clauses.append(d.c.status == status)
    if ids is not None:
        clauses.append(d.c.id.in_(ids))
    where = and_(*clauses) if clauses else and_(True)
    with store.reading() as conn:
        total = int(conn.execute(select(func.count()).select_from(d).where(where)).scalar_one())
        rows = conn.execute(select(d).where(where)
                            .order_by(d.c.region, d.c.department, d.c.year.desc(), d.c.version.desc(), d.c.id.desc())
                            .limit(limit).offset(offset)).all()
        counts = _counts(conn, [int(r.id) for r in rows])
    return [_row(r, counts.get(int(r.id), (0, 0, 0))) for r in rows], total


def _row(r: Any, counts: tuple[int, int, int]) -> DocumentRow:
    return DocumentRow(int(r.id), str(r.file_name), r.department, r.department_key, r.region, r.year, r.version,
                       bool(r.is_latest), str(r.status), r.error, r.pages, r.format, str(r.content_hash), str(r.path),
                       _aware(r.ingested_at), *counts)


def document(store: Store, document_id: int) -> DocumentRow:
    found, _ = documents(store, ids=[document_id], limit=1)
    if not found:
        raise NotInStore(str(document_id), "没有这份报告 (no such report)")
    return found[0]


@dataclass
class RegionSummary:
    region: str | None
    departments: int
    reports: int
    years: list[int] = field(default_factory=list)


def regions(store: Store) -> list[RegionSummary]:
    """Each region with its departments, readable reports (newest versions) and years."""
    d = s.documents
    query = (select(d.c.region, d.c.year, func.count(func.distinct(d.c.department_key)), func.count())
             .where(and_(d.c.is_latest, d.c.status == "ok")).group_by(d.c.region, d.c.year))
    by_region: dict[str | None, RegionSummary] = {}
    departments: dict[str | None, int] = {}
    with store.reading() as conn:
        for region, year, _, n in conn.execute(query):
            summary = by_region.setdefault(region, RegionSummary(region, 0, 0))
            summary.reports += int(n)
            if year is not None:
                summary.years.append(int(year))
        for region, n in conn.execute(select(d.c.region, func.count(func.distinct(d.c.department_key)))
                                      .where(and_(d.c.is_latest, d.c.status == "ok")).group_by(d.c.region)):
            departments[region] = int(n)
    for region, summary in by_region.items():
        summary.departments = departments.get(region, 0)
        summary.years.sort(reverse=True)
    return sorted(by_region.values(), key=lambda r: (r.region is None, r.region or ""))


def years(store: Store) -> list[int]:
    d = s.documents
    with store.reading() as conn:
        return [int(y) for y in conn.execute(select(d.c.year).distinct().where(d.c.year.is_not(None))
                                             .order_by(d.c.year.desc())).scalars()]


def counts_overall(store: Store) -> dict[str, int]:
    d = s.documents
    with store.reading() as conn:
        ok = int(conn.execute(select(func.count()).where(and_(d.c.is_latest, d.c.status == "ok"))).scalar_one())
        failed = int(conn.execute(select(func.count()).where(d.c.status != "ok")).scalar_one())
        departments = int(conn.execute(select(func.count(func.distinct(d.c.department_key)))
                                       .where(d.c.status == "ok")).scalar_one())
    return {"reports": ok, "failed": failed, "departments": departments}


# ---- one department, year on year


# the figures a department's charts draw, each from the tables (the 情况说明 where the table lacks it)
FIGURE_LABELS: dict[str, str] = {
    "income": "本年收入合计",
    "expenditure": "本年支出合计",
    "basic": "基本支出",
    "project": "项目支出",
    "three_public": "“三公”经费",
    "operating_costs": "机关运行经费",
    "execution_rate": "一般公共预算财政拨款支出执行率（%）",
}


@dataclass
class YearFigures:
    year: int
    document_id: int
    version: int | None
    figures: dict[str, Decimal]
    from_text: set[str]


def department_years(store: Store, department_key: str) -> list[YearFigures]:
    """The figures of the newest version of each year's report of a department, oldest year first."""
    from juesuan.store.rank import document_figures

    d = s.documents
    with store.reading() as conn:
        rows = conn.execute(select(d.c.id, d.c.year, d.c.version)
                            .where(and_(d.c.department_key == department_key, d.c.is_latest, d.c.status == "ok",
                                        d.c.year.is_not(None))).order_by(d.c.year)).all()
    figures = document_figures(store, [int(r[0]) for r in rows])
    out: list[YearFigures] = []
    for doc_id, year, version in rows:
        values, from_text = figures.get(int(doc_id), ({}, set()))
        values = dict(values)
        actual, budget = values.get("general_actual"), values.get("general_budget")
        if actual is not None and budget:
            values["execution_rate"] = (actual / budget * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        out.append(YearFigures(int(year), int(doc_id), version, values, set(from_text)))
    return out


def department_name(store: Store, department_key: str) -> str:
    d = s.documents
    with store.reading() as conn:
        name = conn.execute(select(d.c.department).where(d.c.department_key == department_key)
                            .order_by(d.c.year.desc(), d.c.id.desc()).limit(1)).scalar()
    if name is None:
        raise NotInStore(department_key, "没有这个部门的报告 (no report of this department)")
    return str(name)


# ---- deleting


def delete_document(store: Store, document_id: int) -> str:
    """Remove a document with its readings, amounts, facts, problems, checks, findings and reviews (and the
    cross-document checks that compared another report with it); the previous version becomes the latest.
    Returns the path of its stored file (the caller removes the file)."""
    from juesuan.store.reindex import _relatest

    d, r, c = s.documents, s.readings, s.checks
    with store.writing() as conn:
        row = conn.execute(select(d.c.path, d.c.department_key, d.c.year).where(d.c.id == document_id)).first()
        if row is None:
            raise NotInStore(str(document_id), "没有这份报告 (no such report)")
        reading_ids = [int(i) for i in conn.execute(select(r.c.id).where(r.c.document_id == document_id)).scalars()]
        check_ids = [int(i) for i in conn.execute(select(c.c.id).where(or_(c.c.reading_id.in_(reading_ids),
                                                                          c.c.previous_reading_id.in_(reading_ids))))
                     .scalars()]
        conn.execute(delete(s.findings).where(s.findings.c.check_id.in_(check_ids)))
        conn.execute(delete(c).where(c.c.id.in_(check_ids)))
        for table in (s.amounts, s.facts, s.problems):
            conn.execute(delete(table).where(table.c.reading_id.in_(reading_ids)))
        conn.execute(delete(r).where(r.c.id.in_(reading_ids)))
        conn.execute(delete(s.reviews).where(s.reviews.c.document_id == document_id))
        conn.execute(delete(s.review_history).where(s.review_history.c.document_id == document_id))
        conn.execute(update(s.upload_jobs).where(s.upload_jobs.c.document_id == document_id).values(document_id=None))
        conn.execute(delete(s.files).where(s.files.c.content_hash == select(d.c.content_hash)
                                           .where(d.c.id == document_id).scalar_subquery()))
        conn.execute(delete(d).where(d.c.id == document_id))
        _relatest(conn, row.department_key, row.year)
    return str(row.path)


def department_keys(store: Store, region: str | None = None, year: int | None = None) -> list[str]:
    d = s.documents
    query = select(d.c.department_key).distinct().where(and_(d.c.is_latest, d.c.status == "ok",
                                                             d.c.department_key.is_not(None)))
    if region:
        query = query.where(or_(d.c.region == region, d.c.region.like(f"{_like(region)}%", escape="\\")))
    if year is not None:
        query = query.where(d.c.year == year)
    with store.reading() as conn:
        return sorted(str(k) for k in conn.execute(query).scalars())


def departments_by_region(rows: list[DocumentRow]) -> dict[str | None, list[DocumentRow]]:
    out: dict[str | None, list[DocumentRow]] = defaultdict(list)
    for row in rows:
        out[row.region].append(row)
    return dict(out)
