"""One stored report as its page shows it: the summary, the findings grouped by section with their
verdicts, and for each finding the boxes to draw on its page image (red: what it is about; orange: what
it was compared with, often on another page).

The findings listed are the stored ones (what the findings view, the review and the 审核意见 export
count); the boxes come from checking the stored model again (the store keeps places, not boxes), matched
by fingerprint.  Models and their findings are kept in a small cache by reading.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, select

from juesuan.check.finding import SEVERITY_LABELS, SEVERITY_ORDER, Finding, Location
from juesuan.check.render.marks import sentence_marks
from juesuan.check.rule import SECTIONS
from juesuan.check.rule_fixes import FIXES
from juesuan.check.rules import RULES_BY_ID
from juesuan.model import TABLE_KEYS, TABLE_TITLES, Box, Report, TextLine
from juesuan.serve.findings_file import all_findings
from juesuan.store import schema as s
from juesuan.store.corpus import DocumentRow
from juesuan.store.database import Store
from juesuan.store.records import fingerprint, unpack_model
from juesuan.store.reviewed_findings import FindingQuery, find_findings
from juesuan.store.reviews import HistoryEntry, Review, ReviewCounts, history_of, review_counts, reviews_of

CACHE_SIZE = 32
# the band of the page shown around a finding's boxes, in PDF points (as the HTML check report)
MARGIN = 90.0
MIN_BAND = 240.0


@dataclass(frozen=True)
class Checked:
    """A stored reading's model, last year's (for X4xx), and the findings of checking them again."""

    reading_id: int
    previous_id: int | None
    report: Report
    previous: Report | None
    previous_model: bytes | None
    model: bytes
    by_fingerprint: dict[str, list[Finding]]


class CheckedCache:
    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._items: OrderedDict[tuple[int, int | None], Checked] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, store: Store, document_id: int) -> Checked | None:
        r, c = s.readings, s.checks
        with store.reading() as conn:
            row = conn.execute(select(r.c.id).where(and_(r.c.document_id == document_id, r.c.is_current))).first()
            if row is None:
                return None
            reading_id = int(row[0])
            previous_id = conn.execute(select(c.c.previous_reading_id).where(and_(
                c.c.reading_id == reading_id, c.c.is_current, c.c.previous_reading_id.is_not(None)))).scalar()
        key = (reading_id, previous_id)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        with store.reading() as conn:
            model = conn.execute(select(r.c.model).where(r.c.id == reading_id)).scalar()
            previous = (conn.execute(select(r.c.model).where(r.c.id == previous_id)).scalar()
                        if previous_id is not None else None)
        if model is None:
            return None
        report = unpack_model(bytes(model))
        last = unpack_model(bytes(previous)) if previous is not None else None
        found: dict[str, list[Finding]] = defaultdict(list)
        for f in all_findings(report, last):
            found[finding_fingerprint(f)].append(f)
        checked = Checked(reading_id, previous_id, report, last,
                          bytes(previous) if previous is not None else None, bytes(model), dict(found))
        with self._lock:
            self._items[key] = checked
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return checked


def finding_fingerprint(f: Finding) -> str:
    loc = f.location
    return fingerprint(f.rule, loc.table, loc.row_code, loc.row_name, loc.column, loc.path, loc.text, f.printed,
                       f.expected)


@dataclass
class Figure:
    page: int
    hits: list[Box]
    related: list[Box]


@dataclass
class FindingView:
    row: dict[str, Any]
    title: str
    where: str
    compared: list[str]
    figures: list[Figure]
    review: Review | None
    history: list[HistoryEntry]
    explanation: str
    fix: str | None
    doubt: str | None = None

    @property
    def fingerprint(self) -> str:
        return str(self.row["fingerprint"])

    @property
    def severity(self) -> str:
        return str(self.row["severity"])

    def to_json(self) -> dict[str, Any]:
        row = self.row
        return {
            "finding_id": row["finding_id"], "fingerprint": row["fingerprint"], "rule": row["rule"],
            "title": self.title, "severity": row["severity"], "severity_label": SEVERITY_LABELS.get(row["severity"]),
            "section": row["section"], "section_label": SECTIONS.get(row["section"] or "", row["section"]),
            "message": row["message"], "page": row["page"], "where": self.where, "compared": self.compared,
            "printed": row["printed"], "expected": row["expected"], "doubt": self.doubt,
            "figures": [{"page": fig.page, "hits": [_box(b) for b in fig.hits],
                         "related": [_box(b) for b in fig.related]} for fig in self.figures],
            "review": None if self.review is None else {
                "status": self.review.status, "label": self.review.label, "comment": self.review.comment,
                "user": self.review.user, "updated_at": self.review.updated_at.isoformat()},
            "history": [{"status": h.status, "label": h.label, "comment": h.comment, "user": h.user,
                         "at": h.created_at.isoformat()} for h in self.history],
        }


def _box(b: Box) -> list[float]:
    return [b.page, round(b.x0, 1), round(b.top, 1), round(b.x1, 1), round(b.bottom, 1)]


@dataclass
class ReportView:
    doc: DocumentRow
    report: Report | None
    findings: list[FindingView]
    review: ReviewCounts
    sections: list[tuple[str, str, list[FindingView]]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        out = {k: 0 for k in SEVERITY_LABELS}
        for f in self.findings:
            out[f.severity] = out.get(f.severity, 0) + 1
        return out

    def tables_found(self) -> list[tuple[str, str, list[int], bool]]:
        """(key, title, pages, found) of the nine tables."""
        if self.report is None:
            return []
        out = []
        for key in TABLE_KEYS:
            table = self.report.tables.get(key)
            out.append((key, TABLE_TITLES[key], list(table.pages) if table else [], table is not None))
        return out

    def figure_pages(self) -> list[int]:
        return sorted({fig.page for f in self.findings for fig in f.figures})

    def to_json(self) -> dict[str, Any]:
        report = self.report
        return {
            "document": self.doc.to_json(),
            "counts": self.counts,
            "review": {"status": self.review.status, "label": self.review.status_label,
                       "findings": self.review.findings, "open": self.review.open,
                       "confirmed": self.review.confirmed, "false_alarm": self.review.false_alarm,
                       "fixed": self.review.fixed},
            "tables": [{"key": k, "title": t, "pages": p, "found": found} for k, t, p, found in self.tables_found()],
            "other_tables": len(report.other_tables) if report else 0,
            "problems": [{"kind": p.kind, "table": p.table, "page": p.page, "message": p.message}
                         for p in (report.problems if report else [])],
            "findings": [f.to_json() for f in self.findings],
        }


def _lines(report: Report | None) -> dict[int, list[TextLine]]:
    return {page.number: page.lines for page in report.pages} if report is not None else {}


def _marks(loc: Location, lines: dict[int, list[TextLine]]) -> list[Box]:
    if loc.box is None:
        return []
    return sentence_marks(loc.box, loc.text, lines.get(loc.box.page, []))


def _figures(f: Finding | None, row: dict[str, Any], lines: dict[int, list[TextLine]]) -> list[Figure]:
    if f is None:
        return [Figure(int(row["page"]), [], [])] if row["page"] else []
    hits = _marks(f.location, lines)
    related = [b for rel in f.related for b in _marks(rel, lines)]
    first = f.location.page or (f.location.box.page if f.location.box else None)
    pages = list(dict.fromkeys([*([first] if first else []), *(b.page for b in hits + related)]))
    return [Figure(p, [b for b in hits if b.page == p], [b for b in related if b.page == p]) for p in pages]


def build_view(store: Store, doc: DocumentRow, cache: CheckedCache) -> ReportView:
    checked = cache.get(store, doc.id) if doc.status == "ok" else None
    rows, _ = find_findings(store, FindingQuery(document_id=doc.id), limit=100_000)
    reviews, history = reviews_of(store, doc.id), history_of(store, doc.id)
    lines = _lines(checked.report if checked else None)
    pools: dict[str, list[Finding]] = {k: list(v) for k, v in (checked.by_fingerprint if checked else {}).items()}
    views: list[FindingView] = []
    for row in rows:
        pool = pools.get(row["fingerprint"] or "")
        f = pool.pop(0) if pool else None
        rule = RULES_BY_ID.get(row["rule"])
        loc = Location(page=row["page"], table=row["table_key"], row_code=row["row_code"], row_name=row["row_name"],
                       column=row["column_label"], text=row["text"], path=row["path"])
        views.append(FindingView(
            row, rule.title if rule else row["rule"], loc.describe(),
            [rel.describe() for rel in f.related] if f else [], _figures(f, row, lines),
            reviews.get(row["fingerprint"] or ""), history.get(row["fingerprint"] or "", []),
            rule.explanation if rule else "", FIXES.get(row["rule"]), f.doubt if f else None))
    order = list(SECTIONS)
    views.sort(key=lambda v: (SEVERITY_ORDER.get(v.severity, 3), v.row["page"] or 0))
    sections: list[tuple[str, str, list[FindingView]]] = []
    for key in [*order, *sorted({v.row["section"] or "" for v in views} - set(order))]:
        group = [v for v in views if (v.row["section"] or "") == key]
        if group:
            sections.append((key, SECTIONS.get(key, key or "其他"), group))
    # errors first: the sections holding errors, then those with warnings, in the catalogue's order within
    sections.sort(key=lambda sec: min(SEVERITY_ORDER.get(v.severity, 3) for v in sec[2]))
    counts = review_counts(store, [doc.id])[doc.id]
    return ReportView(doc, checked.report if checked else None, views, counts, sections)
