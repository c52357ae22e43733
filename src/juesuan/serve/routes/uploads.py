"""The home page (drop reports here), upload requests, and the upload jobs with their progress."""

from __future__ import annotations

import hmac
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from juesuan.serve.auth import CSRF_FIELD, CSRF_HEADER, Forbidden, NeedLogin
from juesuan.serve.context import ServeContext
from juesuan.serve.filestore import SUFFIXES, WORKBOOK_SUFFIXES
from juesuan.serve.multipart_upload import Received, receive_upload
from juesuan.serve.routes import Ctx, Reader
from juesuan.store.accounts import User
from juesuan.store.corpus import counts_overall, documents
from juesuan.store.jobs import Job, create_job, get_job, get_jobs, queue_position, recent_jobs

router = APIRouter()


def job_json(ctx: ServeContext, job: Job) -> dict[str, Any]:
    out = job.to_json()
    out["position"] = queue_position(ctx.store, job) if job.status == "queued" else 0
    end = job.finished_at or datetime.now(UTC)
    out["seconds"] = round((end - (job.started_at or job.created_at)).total_seconds(), 1)
    if job.kind == "workbook":
        out["url"] = f"/compose/{job.id}"
    elif job.document_id is not None:
        out["url"] = f"/reports/{job.document_id}"
    else:
        out["url"] = None
    return out


async def receive(request: Request, ctx: ServeContext, kind: str) -> tuple[User, Received, list[Job]]:
    """Take an upload request: who sends it (before reading a byte), its files stored, a job for each."""
    access = await run_in_threadpool(ctx.auth.access, request)
    if access.user is None:
        raise NeedLogin()
    header = request.headers.get(CSRF_HEADER)

    def csrf(fields: dict[str, str]) -> None:
        if access.via != "session":
            return
        given = header or fields.get(CSRF_FIELD, "")
        if not hmac.compare_digest(given.encode(), access.csrf.encode()):
            raise Forbidden("页面已过期或来源不明，请刷新页面后重试 (missing or wrong CSRF token)")

    if header is not None:
        csrf({})
    length = request.headers.get("content-length")
    s = ctx.settings
    received = await receive_upload(ctx.files, request.headers.get("content-type", ""),
                                    int(length) if length and length.isdigit() else None, request.stream(),
                                    s.max_upload_bytes, s.max_files,
                                    WORKBOOK_SUFFIXES if kind == "workbook" else SUFFIXES, csrf)
    csrf(received.fields)  # a request without any file still had to be sent from our page
    jobs = []
    for stored in received.files:
        jobs.append(await run_in_threadpool(create_job, ctx.store, kind, stored.name, stored.content_hash,
                                            stored.size, str(stored.path), access.user.id))
    if ctx.dispatcher is not None:
        ctx.dispatcher.wake()
    return access.user, received, jobs


def upload_answer(ctx: ServeContext, received: Received, jobs: list[Job]) -> JSONResponse:
    body: dict[str, Any] = {"jobs": [job_json(ctx, job) for job in jobs],
            "refused": [{"file_name": r.path, "error": r.message} for r in received.refused]}
    if jobs:
        return JSONResponse(body, status_code=202)
    if not received.refused:
        body["refused"] = [{"file_name": None, "error": "没有收到文件 (no file in the request)"}]
    status = 413 if any("过大" in r.message for r in received.refused) else 400
    body["detail"] = "；".join(r["error"] for r in body["refused"])
    return JSONResponse(body, status_code=status)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, ctx: Ctx, access: Reader) -> Response:
    recent, _ = documents(ctx.store, latest=True, limit=12)
    jobs = recent_jobs(ctx.store, access.user.id, limit=20) if access.user else []
    return ctx.page(request, "home.html", recent=recent, jobs=[job_json(ctx, j) for j in jobs],
                    totals=counts_overall(ctx.store))


@router.post("/api/uploads", tags=["上传 upload"], status_code=202,
             summary="上传报告（PDF、HTML、XLSX、文本或模型 JSON），每个文件一个任务；之后查询 /api/jobs",
             description="multipart/form-data，字段 files（可多个）。每个文件不超过设置的大小和页数；"
                         "同样内容的文件只保存、读取一次。返回 202 和任务列表；全部被拒绝时返回 413 或 400 及原因。")
async def api_upload(request: Request, ctx: Ctx) -> JSONResponse:
    _, received, jobs = await receive(request, ctx, "report")
    return upload_answer(ctx, received, jobs)


@router.post("/uploads", include_in_schema=False)
async def form_upload(request: Request, ctx: Ctx) -> Response:
    """The same without JavaScript: a plain form, then the jobs page."""
    _, received, jobs = await receive(request, ctx, "report")
    if not jobs:
        reasons = [r.message for r in received.refused] or ["没有收到文件 (no file in the request)"]
        return ctx.page(request, "error.html", status_code=400, status=400, message="；".join(reasons))
    return RedirectResponse("/jobs?ids=" + ",".join(str(j.id) for j in jobs), status_code=303)


def _ids(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip().isdigit()][:200]


@router.get("/api/jobs", tags=["上传 upload"], summary="上传任务的进度（ids=1,2,3；不给则为我最近的任务）")
def api_jobs(ctx: Ctx, access: Reader, ids: str = Query("", max_length=2000)) -> list[dict[str, Any]]:
    if ids:
        found = get_jobs(ctx.store, _ids(ids))
    elif access.user is not None:
        found = recent_jobs(ctx.store, access.user.id)
    else:
        found = []
    return [job_json(ctx, job) for job in found]


@router.get("/api/jobs/{job_id}", tags=["上传 upload"], summary="一个上传任务的进度")
def api_job(ctx: Ctx, access: Reader, job_id: int) -> dict[str, Any]:
    return job_json(ctx, get_job(ctx.store, job_id))


@router.get("/jobs", response_class=HTMLResponse, include_in_schema=False)
def jobs_page(request: Request, ctx: Ctx, access: Reader, ids: str = "") -> Response:
    if not ids and access.user is None:
        raise NeedLogin()
    found = get_jobs(ctx.store, _ids(ids)) if ids else recent_jobs(ctx.store, access.user.id if access.user else None)
    listed = [job_json(ctx, job) for job in found]
    return ctx.page(request, "jobs.html", jobs=listed, pending=any(not j.finished for j in found))
