"""Verdicts on findings (确认 / 误报 / 已整改, with a comment, by the logged-in user), their history, and the
审核意见 workbooks: one report's, one department's (every year), or every department's of a region as a zip."""

from __future__ import annotations

import io
import zipfile
from typing import Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from juesuan.serve.context import ServeContext
from juesuan.serve.routes import Ctx, Editor, FormEditor, Reader, Year
from juesuan.store.accounts import User
from juesuan.store.corpus import department_keys, department_name
from juesuan.store.review_export import department_reports, document_report, review_workbook
from juesuan.store.reviews import MAX_COMMENT, STATUSES, history_of, review_counts, reviews_of, set_review

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ZIPPED = 2000


class ReviewBody(BaseModel):
    status: Literal["confirmed", "false_alarm", "fixed"] | None = Field(
        description="confirmed 确认 / false_alarm 误报 / fixed 已整改；null 撤销")
    comment: str = Field("", max_length=MAX_COMMENT)


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}


def _review(ctx: ServeContext, document_id: int, fingerprint: str, status: str | None, comment: str,
            user: User) -> dict[str, Any]:
    review = set_review(ctx.store, document_id, fingerprint, status, comment, user)
    counts = review_counts(ctx.store, [document_id])[document_id]
    history = history_of(ctx.store, document_id).get(fingerprint, [])
    return {
        "review": None if review is None else {"status": review.status, "label": review.label,
                                               "comment": review.comment, "user": review.user,
                                               "updated_at": review.updated_at.isoformat()},
        "history": [{"status": h.status, "label": h.label, "comment": h.comment, "user": h.user,
                     "at": h.created_at.isoformat()} for h in history],
        "report_review": {"status": counts.status, "label": counts.status_label, "open": counts.open,
                          "confirmed": counts.confirmed, "false_alarm": counts.false_alarm, "fixed": counts.fixed,
                          "findings": counts.findings},
    }


@router.put("/api/reports/{document_id}/reviews/{fingerprint}", tags=["审核 review"],
            summary="对一条审核结果下结论：确认 / 误报 / 已整改（附意见）；status 为 null 撤销",
            description="按报告版本和结果的指纹记住：同一份报告重新审核后结论仍在。每次改动都记入历史。")
def api_set_review(ctx: Ctx, user: Editor, document_id: int, fingerprint: str, body: ReviewBody) -> dict[str, Any]:
    return _review(ctx, document_id, fingerprint, body.status, body.comment, user)


@router.post("/reports/{document_id}/reviews/{fingerprint}", include_in_schema=False)
def form_set_review(ctx: Ctx, user: FormEditor, document_id: int, fingerprint: str, status: str = Form(""),
                    comment: str = Form("", max_length=MAX_COMMENT)) -> Response:
    _review(ctx, document_id, fingerprint, status if status in STATUSES else None, comment, user)
    return RedirectResponse(f"/reports/{document_id}#f-{fingerprint}", status_code=303)


@router.get("/api/reports/{document_id}/reviews", tags=["审核 review"], summary="一份报告的审核结论和全部历史")
def api_reviews(ctx: Ctx, access: Reader, document_id: int) -> dict[str, Any]:
    reviews = reviews_of(ctx.store, document_id)
    history = history_of(ctx.store, document_id)
    counts = review_counts(ctx.store, [document_id])[document_id]
    return {
        "status": counts.status, "label": counts.status_label, "open": counts.open,
        "reviews": [{"fingerprint": r.fingerprint, "rule": r.rule, "status": r.status, "label": r.label,
                     "comment": r.comment, "user": r.user, "updated_at": r.updated_at.isoformat()}
                    for r in reviews.values()],
        "history": [{"fingerprint": h.fingerprint, "rule": h.rule, "status": h.status, "label": h.label,
                     "comment": h.comment, "user": h.user, "at": h.created_at.isoformat()}
                    for entries in history.values() for h in entries],
    }


@router.get("/reports/{document_id}/review.xlsx", tags=["审核 review"], summary="一份报告的审核意见（XLSX，按页排列）")
def report_review_xlsx(ctx: Ctx, access: Reader, document_id: int) -> Response:
    report = document_report(ctx.store, document_id)
    data = review_workbook(ctx.store, [report])
    return Response(data, media_type=XLSX, headers=_attachment(f"{report.department}{report.year or ''}-审核意见.xlsx"))


@router.get("/departments/{key}/review.xlsx", tags=["审核 review"],
            summary="一个部门的审核意见（XLSX：每年的最新版本一张表，按页排列须整改和待核实的问题）")
def department_review_xlsx(ctx: Ctx, access: Reader, key: str) -> Response:
    reports = department_reports(ctx.store, key)
    data = review_workbook(ctx.store, reports)
    return Response(data, media_type=XLSX, headers=_attachment(f"{department_name(ctx.store, key)}-审核意见.xlsx"))


@router.get("/review-export.zip", tags=["审核 review"], summary="一个地区（和年度）每个部门一份审核意见，打包为 zip")
def review_zip(request: Request, ctx: Ctx, access: Reader, year: Year,
               region: str | None = Query(None, max_length=100)) -> Response:
    keys = department_keys(ctx.store, region, year)[:MAX_ZIPPED]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for key in keys:
            reports = [r for r in department_reports(ctx.store, key) if year is None or r.year == year]
            if reports:
                zf.writestr(f"{reports[0].department}-审核意见.xlsx", review_workbook(ctx.store, reports))
    name = f"{region or '全部地区'}{year or ''}-审核意见.zip"
    return Response(buf.getvalue(), media_type="application/zip", headers=_attachment(name))
