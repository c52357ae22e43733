"""Upload jobs: files people sent to the web app, waiting to be read and checked, being read, or done.

A job is queued when its file is stored (by content hash); the server's dispatcher claims queued jobs
(an UPDATE that only one claimer wins, so several server processes may share a queue) and hands them
to its workers.  Bytes already stored as a document are not read again: the job is done at once and
points at that document.  A job left ``running`` by a server that stopped is queued again when the
server starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, func, insert, select, update

from juesuan.store import schema as s
from juesuan.store.database import Store

KINDS: tuple[str, ...] = ("report", "workbook")  # stored like ingest | compose: read and checked only
STAGES: dict[str, str] = {
    "queued": "排队等待",
    "reading": "读取和审核中",
    "saving": "写入数据库",
    "done": "完成",
    "failed": "无法读取",
    "duplicate": "已有相同文件",
}


@dataclass(frozen=True)
class Job:
    id: int
    kind: str
    file_name: str
    content_hash: str
    size: int
    path: str
    status: str  # queued | running | done | failed
    stage: str | None
    error: str | None
    exit_code: int | None
    document_id: int | None
    pages: int | None
    user_id: int | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    @property
    def stage_label(self) -> str:
        return STAGES.get(self.stage or self.status, self.stage or self.status)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "file_name": self.file_name, "content_hash": self.content_hash,
                "size": self.size, "status": self.status, "stage": self.stage, "stage_label": self.stage_label,
                "error": self.error, "exit_code": self.exit_code, "document_id": self.document_id,
                "pages": self.pages, "created_at": self.created_at.isoformat(),
                "started_at": self.started_at.isoformat() if self.started_at else None,
                "finished_at": self.finished_at.isoformat() if self.finished_at else None}


def _aware(when: datetime | None) -> datetime | None:
    if when is None:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _job(row: Any) -> Job:
    return Job(int(row.id), str(row.kind), str(row.file_name), str(row.content_hash), int(row.size), str(row.path),
               str(row.status), row.stage, row.error, row.exit_code, row.document_id, row.pages, row.user_id,
               _aware(row.created_at) or datetime.now(UTC), _aware(row.started_at), _aware(row.finished_at))


def _now() -> datetime:
    return datetime.now(UTC)


Stored = tuple[int, str, str | None, int | None, int | None]  # document id, status, error, exit code, pages


def _stored_document(conn: Connection, content_hash: str) -> Stored | None:
    d = s.documents
    row = conn.execute(select(d.c.id, d.c.status, d.c.error, d.c.exit_code, d.c.pages)
                       .where(d.c.content_hash == content_hash)).first()
    return None if row is None else (int(row[0]), str(row[1]), row[2], row[3], row[4])


def _finish_as_stored(conn: Connection, job_id: int, stored: Stored) -> None:
    document_id, status, error, exit_code, pages = stored
    conn.execute(update(s.upload_jobs).where(s.upload_jobs.c.id == job_id).values(
        status="done" if status == "ok" else "failed", stage="duplicate", document_id=document_id, error=error,
        exit_code=exit_code, pages=pages, finished_at=_now()))


def create_job(store: Store, kind: str, file_name: str, content_hash: str, size: int, path: str,
               user_id: int | None) -> Job:
    """A new job for a stored file; done at once when a report of the same bytes is stored already."""
    if kind not in KINDS:
        raise ValueError(kind)
    with store.writing() as conn:
        job_id = int(conn.execute(insert(s.upload_jobs).returning(s.upload_jobs.c.id), {
            "user_id": user_id, "kind": kind, "file_name": file_name, "content_hash": content_hash, "size": size,
            "path": path, "status": "queued", "stage": "queued", "created_at": _now()}).scalar_one())
        if kind == "report":
            stored = _stored_document(conn, content_hash)
            if stored is not None:
                _finish_as_stored(conn, job_id, stored)
    return get_job(store, job_id)


def get_job(store: Store, job_id: int) -> Job:
    from juesuan.store.errors import NotInStore

    with store.reading() as conn:
        row = conn.execute(select(s.upload_jobs).where(s.upload_jobs.c.id == job_id)).first()
    if row is None:
        raise NotInStore(str(job_id), "没有这个上传任务 (no such upload job)")
    return _job(row)


def get_jobs(store: Store, job_ids: Iterable[int]) -> list[Job]:
    ids = list(job_ids)[:500]
    with store.reading() as conn:
        rows = conn.execute(select(s.upload_jobs).where(s.upload_jobs.c.id.in_(ids)).order_by(s.upload_jobs.c.id)).all()
    return [_job(r) for r in rows]


def recent_jobs(store: Store, user_id: int | None = None, limit: int = 50) -> list[Job]:
    query = select(s.upload_jobs).order_by(s.upload_jobs.c.id.desc()).limit(limit)
    if user_id is not None:
        query = query.where(s.upload_jobs.c.user_id == user_id)
    with store.reading() as conn:
        return [_job(r) for r in conn.execute(query).all()]


def queue_position(store: Store, job: Job) -> int:
    """How many queued jobs are ahead of ``job``."""
    j = s.upload_jobs
    with store.reading() as conn:
        return int(conn.execute(select(func.count()).where(and_(j.c.status == "queued", j.c.id < job.id)))
                   .scalar_one())


def claim_jobs(store: Store, n: int) -> list[Job]:
    """Up to ``n`` queued jobs, oldest first, now ``running`` (each claimed by one caller only); a report whose
    bytes were stored meanwhile (the same file sent twice at once) is finished instead of claimed."""
    if n <= 0:
        return []
    j = s.upload_jobs
    claimed: list[int] = []
    with store.writing() as conn:
        rows = conn.execute(select(j.c.id, j.c.kind, j.c.content_hash).where(j.c.status == "queued")
                            .order_by(j.c.id).limit(n * 4)).all()
        running = set(conn.execute(select(j.c.content_hash).where(j.c.status == "running")).scalars())
        for job_id, kind, content_hash in rows:
            if len(claimed) >= n:
                break
            if kind == "report":
                stored = _stored_document(conn, content_hash)
                if stored is not None:
                    _finish_as_stored(conn, int(job_id), stored)
                    continue
                if content_hash in running:  # the same bytes are being read: wait for them, then take the result
                    continue
            done = conn.execute(update(j).where(and_(j.c.id == job_id, j.c.status == "queued"))
                                .values(status="running", stage="reading", started_at=_now())).rowcount
            if done:
                claimed.append(int(job_id))
                running.add(content_hash)
    return get_jobs(store, claimed)


def set_stage(store: Store, job_id: int, stage: str) -> None:
    with store.writing() as conn:
        conn.execute(update(s.upload_jobs).where(s.upload_jobs.c.id == job_id).values(stage=stage))


def finish_job(store: Store, job_id: int, ok: bool, error: str | None = None, exit_code: int | None = None,
               document_id: int | None = None, pages: int | None = None) -> None:
    with store.writing() as conn:
        conn.execute(update(s.upload_jobs).where(s.upload_jobs.c.id == job_id).values(
            status="done" if ok else "failed", stage="done" if ok else "failed", error=error, exit_code=exit_code,
            document_id=document_id, pages=pages, finished_at=_now()))


def document_of_hash(store: Store, content_hash: str) -> int | None:
    with store.reading() as conn:
        stored = _stored_document(conn, content_hash)
    return None if stored is None else stored[0]


def requeue_interrupted(store: Store) -> int:
    """Jobs a stopped server left running go back to the queue; returns how many."""
    j = s.upload_jobs
    with store.writing() as conn:
        return int(conn.execute(update(j).where(j.c.status == "running")
                                .values(status="queued", stage="queued", started_at=None)).rowcount)
