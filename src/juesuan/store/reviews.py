"""Reviews: a named user's verdict on a finding of a stored report (确认 / 误报 / 已整改, with a comment), and
every change kept as history.

A review belongs to a document (one report version: its bytes) and a finding fingerprint
(``records.fingerprint``: rule, place and values, not page or wording), so a verdict survives a re-check of
the same report (``juesuan reindex``, a new checker): a false alarm marked once stays marked.  A corrected
report is a new document and is reviewed afresh.  Errors and warnings need a verdict; 提示 (info) does not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Select, and_, func, insert, select, update

from juesuan.store import schema as s
from juesuan.store.accounts import User
from juesuan.store.database import Store
from juesuan.store.errors import NotInStore

STATUSES: dict[str, str] = {"confirmed": "确认", "false_alarm": "误报", "fixed": "已整改"}
CLEARED = "cleared"  # in the history: the verdict was withdrawn (撤销)
HISTORY_LABELS: dict[str, str] = {**STATUSES, CLEARED: "撤销"}
NEEDS_REVIEW: tuple[str, ...] = ("error", "warning")
MAX_COMMENT = 2000


@dataclass(frozen=True)
class Review:
    fingerprint: str
    rule: str
    status: str
    comment: str
    user: str
    updated_at: datetime

    @property
    def label(self) -> str:
        return STATUSES.get(self.status, self.status)


@dataclass(frozen=True)
class HistoryEntry:
    fingerprint: str
    rule: str
    status: str
    comment: str
    user: str
    created_at: datetime

    @property
    def label(self) -> str:
        return HISTORY_LABELS.get(self.status, self.status)


@dataclass
class ReviewCounts:
    """A report's review status: its errors and warnings, and how many have each verdict."""

    findings: int = 0
    confirmed: int = 0
    false_alarm: int = 0
    fixed: int = 0

    @property
    def open(self) -> int:
        return self.findings - self.confirmed - self.false_alarm - self.fixed

    @property
    def status(self) -> str:
        """none (无需审核) | open (未审核) | partial (审核中) | done (已审核)."""
        if self.findings == 0:
            return "none"
        if self.open == self.findings:
            return "open"
        return "partial" if self.open else "done"

    @property
    def status_label(self) -> str:
        return {"none": "无需审核", "open": "未审核", "partial": "审核中", "done": "已审核"}[self.status]


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def current_findings_query(document_ids: Iterable[int]) -> Select[Any]:
    """The findings of the current check(s) of the current reading of each document (own and X4xx)."""
    f, c, r = s.findings, s.checks, s.readings
    return (select(r.c.document_id, f)
            .select_from(f)
            .join(c, and_(c.c.id == f.c.check_id, c.c.is_current))
            .join(r, and_(r.c.id == c.c.reading_id, r.c.is_current))
            .where(r.c.document_id.in_(list(document_ids))))


def _finding_rule(conn: Connection, document_id: int, fingerprint: str) -> str | None:
    query = current_findings_query([document_id]).where(s.findings.c.fingerprint == fingerprint)
    row = conn.execute(query.limit(1)).first()
    return None if row is None else str(row.rule)


def set_review(store: Store, document_id: int, fingerprint: str, status: str | None, comment: str,
               user: User) -> Review | None:
    """Record ``user``'s verdict (``status`` None withdraws it) on a finding of a stored document; the change
    goes into the history.  Raises NotInStore when the document has no such current finding."""
    if status is not None and status not in STATUSES:
        raise ValueError(status)
    comment = comment.strip()[:MAX_COMMENT]
    now = datetime.now(UTC)
    v = s.reviews
    with store.writing() as conn:
        rule = _finding_rule(conn, document_id, fingerprint)
        if rule is None:
            raise NotInStore(str(document_id), "这份报告没有这条审核结果 (no such finding in this report)")
        existing = conn.execute(select(v.c.id).where(and_(v.c.document_id == document_id,
                                                           v.c.fingerprint == fingerprint))).scalar()
        if status is None:
            if existing is not None:
                conn.execute(v.delete().where(v.c.id == existing))
        elif existing is None:
            conn.execute(insert(v), {"document_id": document_id, "fingerprint": fingerprint, "rule": rule,
                                     "status": status, "comment": comment, "user_id": user.id, "updated_at": now})
        else:
            conn.execute(update(v).where(v.c.id == existing).values(status=status, comment=comment, user_id=user.id,
                                                                    updated_at=now))
        conn.execute(insert(s.review_history), {"document_id": document_id, "fingerprint": fingerprint,
                                                "rule": rule, "status": status or CLEARED, "comment": comment,
                                                "user_id": user.id, "created_at": now})
    if status is None:
        return None
    return Review(fingerprint, rule, status, comment, user.name, now)


def reviews_of(store: Store, document_id: int) -> dict[str, Review]:
    v, u = s.reviews, s.users
    with store.reading() as conn:
        rows = conn.execute(select(v, u.c.name).join(u, u.c.id == v.c.user_id)
                            .where(v.c.document_id == document_id)).all()
    return {str(r.fingerprint): Review(str(r.fingerprint), str(r.rule), str(r.status), str(r.comment), str(r.name),
                                       _aware(r.updated_at)) for r in rows}


def history_of(store: Store, document_id: int) -> dict[str, list[HistoryEntry]]:
    """Every change of every verdict on the document's findings, oldest first, by fingerprint."""
    h, u = s.review_history, s.users
    with store.reading() as conn:
        rows = conn.execute(select(h, u.c.name).join(u, u.c.id == h.c.user_id)
                            .where(h.c.document_id == document_id).order_by(h.c.id)).all()
    out: dict[str, list[HistoryEntry]] = defaultdict(list)
    for r in rows:
        out[str(r.fingerprint)].append(HistoryEntry(str(r.fingerprint), str(r.rule), str(r.status), str(r.comment),
                                                    str(r.name), _aware(r.created_at)))
    return dict(out)


def review_counts(store: Store, document_ids: Iterable[int]) -> dict[int, ReviewCounts]:
    """The review status of each document: its current errors and warnings, and their verdicts."""
    ids = list(document_ids)
    out = {i: ReviewCounts() for i in ids}
    if not ids:
        return out
    f, c, r, v = s.findings, s.checks, s.readings, s.reviews
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        query = (select(r.c.document_id, v.c.status, func.count())
                 .select_from(f)
                 .join(c, and_(c.c.id == f.c.check_id, c.c.is_current))
                 .join(r, and_(r.c.id == c.c.reading_id, r.c.is_current))
                 .outerjoin(v, and_(v.c.document_id == r.c.document_id, v.c.fingerprint == f.c.fingerprint))
                 .where(and_(r.c.document_id.in_(chunk), f.c.severity.in_(NEEDS_REVIEW)))
                 .group_by(r.c.document_id, v.c.status))
        with store.reading() as conn:
            for doc_id, status, n in conn.execute(query):
                counts = out[int(doc_id)]
                counts.findings += int(n)
                if status in STATUSES:
                    setattr(counts, status, getattr(counts, status) + int(n))
    return out
