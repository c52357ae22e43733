"""Compose: a filled 决算填报 workbook uploaded, read and checked on a worker; its findings shown (each at its
cell, ``表3 支出决算表!C9``); the whole report composed from it as Word, PDF or HTML.  A workbook whose data
fails its checks is composed only when asked again with force (every page then says 未经审核).  Drafts
are not stored as reports: only people logged in see them."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from juesuan import __version__
from juesuan.check.finding import SEVERITY_ORDER
from juesuan.check.rules import RULES_BY_ID
from juesuan.serve.auth import NeedLogin
from juesuan.serve.context import ServeContext
from juesuan.serve.dispatcher import WORKBOOK_FINDINGS, WORKBOOK_MODEL
from juesuan.serve.routes import Ctx, Reader
from juesuan.serve.routes.uploads import job_json, receive, upload_answer
from juesuan.serve.tasks import compose_report, template_workbook
from juesuan.store.errors import NotInStore
from juesuan.store.jobs import Job, get_job, recent_jobs

router = APIRouter()
FORMATS: dict[str, tuple[str, str]] = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
    "pdf": ("application/pdf", "PDF"),
    "html": ("text/html; charset=utf-8", "网页"),
}


def _workbook_job(ctx: ServeContext, job_id: int) -> Job:
    job = get_job(ctx.store, job_id)
    if job.kind != "workbook":
        raise NotInStore(str(job_id), "不是编制任务 (not a compose job)")
    return job


def _result(ctx: ServeContext, job: Job) -> dict[str, Any] | None:
    if job.status != "done":
        return None
    path = ctx.files.cache_dir(job.content_hash) / WORKBOOK_FINDINGS
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    findings = sorted(data["findings"], key=lambda f: SEVERITY_ORDER.get(f["severity"], 3))
    for f in findings:
        rule = RULES_BY_ID.get(f["rule"])
        f["title"] = rule.title if rule else f["rule"]
    data["findings"] = findings
    data["errors"] = sum(f["severity"] == "error" for f in findings)
    return data


@router.get("/compose", response_class=HTMLResponse, include_in_schema=False)
def compose_page(request: Request, ctx: Ctx, access: Reader) -> Response:
    jobs = [j for j in recent_jobs(ctx.store, access.user.id, 100) if j.kind == "workbook"][:20] if access.user else []
    return ctx.page(request, "compose.html", jobs=[job_json(ctx, j) for j in jobs])


@router.post("/api/compose", tags=["编制 compose"], status_code=202,
             summary="上传填好的决算填报工作簿（XLSX）：读取并审核；之后查询 /api/compose/{job_id}")
async def api_compose_upload(request: Request, ctx: Ctx) -> JSONResponse:
    _, received, jobs = await receive(request, ctx, "workbook")
    return upload_answer(ctx, received, jobs)


@router.get("/compose/template.xlsx", tags=["编制 compose"], summary="空白决算填报工作簿")
def template(ctx: Ctx, access: Reader) -> Response:
    out = ctx.files.root / "cache" / f"template-{__version__}.xlsx"
    if not out.is_file():
        ctx.quick_task(template_workbook, str(out))
    return FileResponse(out, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote('决算填报.xlsx')}"})


@router.get("/compose/{job_id}", response_class=HTMLResponse, include_in_schema=False)
def compose_result_page(request: Request, ctx: Ctx, access: Reader, job_id: int) -> Response:
    if access.user is None:
        raise NeedLogin()
    job = _workbook_job(ctx, job_id)
    return ctx.page(request, "compose_result.html", job=job_json(ctx, job), result=_result(ctx, job),
                    formats=FORMATS)


@router.get("/api/compose/{job_id}", tags=["编制 compose"], summary="工作簿的审核结果和可下载的报告")
def api_compose_result(ctx: Ctx, access: Reader, job_id: int) -> dict[str, Any]:
    if access.user is None:
        raise NeedLogin()
    job = _workbook_job(ctx, job_id)
    result = _result(ctx, job)
    out: dict[str, Any] = {"job": job_json(ctx, job), "result": result}
    if result is not None:
        out["downloads"] = {fmt: f"/compose/{job_id}/report.{fmt}" for fmt in FORMATS}
    return out


@router.get("/compose/{job_id}/report.{fmt}", tags=["编制 compose"],
            summary="由工作簿编制的报告：docx、pdf 或 html；数据未通过审核时需 force=1（每页标注“未经审核”）")
def compose_download(ctx: Ctx, access: Reader, job_id: int, fmt: str, force: bool = False) -> Response:
    if access.user is None:
        raise NeedLogin()
    if fmt not in FORMATS:
        raise NotInStore(fmt, "只能生成 docx、pdf 或 html (docx, pdf or html only)")
    job = _workbook_job(ctx, job_id)
    folder = ctx.files.cache_dir(job.content_hash)
    model = folder / WORKBOOK_MODEL
    if job.status != "done" or not model.is_file():
        raise NotInStore(job.file_name, "工作簿还没有审核完，或无法读取 (not checked yet, or unreadable)")
    out = folder / f"composed-{'force' if force else 'checked'}.{fmt}"
    if not out.is_file():
        ctx.quick_task(compose_report, model.read_bytes(), str(out), force)
    result = _result(ctx, job) or {}
    base = f"{result.get('department') or '部门'}{result.get('year') or ''}年度部门决算"
    return FileResponse(out, media_type=FORMATS[fmt][0],
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(base + '.' + fmt)}"})
