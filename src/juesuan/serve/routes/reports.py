"""A report: its page (summary, findings by section on their page images, verdicts), its tables beside its
pages, page images, downloads (model JSON, check JSON / SARIF / HTML, the filled workbook, the composed
Word and PDF report), the list of reports, and deleting one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from juesuan.check.render.json_report import render_json
from juesuan.check.render.sarif import render_sarif
from juesuan.model_json import report_to_json
from juesuan.serve.context import ServeContext
from juesuan.serve.findings_file import file_result
from juesuan.serve.report_view import MARGIN, MIN_BAND, ReportView, build_view
from juesuan.serve.routes import Admin, Ctx, FormAdmin, Reader, Year
from juesuan.serve.table_view import report_grids
from juesuan.serve.tasks import check_html, compose_report, filled_workbook, render_page
from juesuan.store.corpus import DocumentRow, delete_document, document, documents
from juesuan.store.errors import NotInStore

router = APIRouter()

# downloads: name -> (media type, what it is)
DOWNLOADS: dict[str, tuple[str, str]] = {
    "report.json": ("application/json", "报告模型 JSON（读出的全部表格和情况说明）"),
    "check.json": ("application/json", "审核结果 JSON"),
    "check.sarif": ("application/sarif+json", "审核结果 SARIF 2.1.0"),
    "check.html": ("text/html; charset=utf-8", "审核结果网页（独立文件，含页面图像）"),
    "workbook.xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "决算填报工作簿（已填写）"),
    "report.docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "重新编制的报告 Word"),
    "report.pdf": ("application/pdf", "重新编制的报告 PDF"),
}


NAMES: dict[str, str] = {
    "report.json": "报告模型.json", "check.json": "审核结果.json", "check.sarif": "审核结果.sarif",
    "check.html": "审核结果.html", "workbook.xlsx": "决算填报.xlsx", "report.docx": "部门决算.docx",
    "report.pdf": "部门决算.pdf"}


def download_name(doc: DocumentRow, name: str) -> str:
    base = doc.department or Path(doc.file_name).stem
    return f"{base}{f'{doc.year}年度' if doc.year else ''}-{NAMES.get(name, name)}"


def _view(ctx: ServeContext, document_id: int) -> ReportView:
    return build_view(ctx.store, document(ctx.store, document_id), ctx.checked)


def crop(view_box: tuple[float, float], boxes: list[Any]) -> str:
    """The part of the page around the boxes shown at first (as the HTML check report does)."""
    width, height = view_box
    if not boxes:
        return f"0 0 {width:g} {height:g}"
    top = min(b.top for b in boxes) - MARGIN
    bottom = max(b.bottom for b in boxes) + MARGIN
    if bottom - top < MIN_BAND:
        middle = (top + bottom) / 2
        top, bottom = middle - MIN_BAND / 2, middle + MIN_BAND / 2
    top, bottom = max(0.0, top), min(height, bottom)
    return f"0 {top:.0f} {width:g} {bottom - top:.0f}"


@router.get("/reports", response_class=HTMLResponse, include_in_schema=False)
def reports_page(request: Request, ctx: Ctx, access: Reader) -> Response:
    return RedirectResponse("/corpus", status_code=303)


@router.get("/api/reports", tags=["报告 reports"], summary="已入库的报告：按地区、年度、名称查找")
def api_reports(ctx: Ctx, access: Reader, year: Year, region: str | None = None,
                q: str | None = Query(None, max_length=100), latest: bool = True, status: str | None = None,
                offset: int = Query(0, ge=0), limit: int = Query(50, ge=1, le=500)) -> dict[str, Any]:
    rows, total = documents(ctx.store, region=region, year=year, search=q, latest=latest, status=status,
                            limit=limit, offset=offset)
    from juesuan.store.reviews import review_counts

    counts = review_counts(ctx.store, [r.id for r in rows])
    return {"total": total, "reports": [{**r.to_json(), "review": counts[r.id].status_label} for r in rows]}


@router.get("/reports/{document_id}", response_class=HTMLResponse, include_in_schema=False)
def report_page(request: Request, ctx: Ctx, access: Reader, document_id: int) -> Response:
    view = _view(ctx, document_id)
    sizes = ctx.page_sizes(view.doc)
    return ctx.page(request, "report.html", view=view, sizes=sizes, crop=crop, downloads=DOWNLOADS,
                    image_url=lambda n: f"/reports/{document_id}/pages/{n}.png")


@router.get("/api/reports/{document_id}", tags=["报告 reports"],
            summary="一份报告：概况、按部分分组的审核结果（含页面上的框和审核结论）")
def api_report(ctx: Ctx, access: Reader, document_id: int) -> dict[str, Any]:
    view = _view(ctx, document_id)
    out = view.to_json()
    sizes = ctx.page_sizes(view.doc)
    out["page_sizes"] = sizes
    out["page_image"] = f"/reports/{document_id}/pages/{{n}}.png" if sizes else None
    out["downloads"] = {name: f"/reports/{document_id}/download/{name}" for name in DOWNLOADS}
    return out


@router.get("/reports/{document_id}/tables", response_class=HTMLResponse, include_in_schema=False)
def tables_page(request: Request, ctx: Ctx, access: Reader, document_id: int) -> Response:
    view = _view(ctx, document_id)
    if view.report is None:
        raise NotInStore(str(document_id), "这份文件没有读出表格 (no tables were read)")
    return ctx.page(request, "tables.html", view=view, grids=report_grids(view.report),
                    sizes=ctx.page_sizes(view.doc), image_url=lambda n: f"/reports/{document_id}/pages/{n}.png")


@router.get("/api/reports/{document_id}/tables", tags=["报告 reports"], summary="读出的表格（每个单元格带页码和位置）")
def api_tables(ctx: Ctx, access: Reader, document_id: int) -> list[dict[str, Any]]:
    view = _view(ctx, document_id)
    if view.report is None:
        raise NotInStore(str(document_id), "这份文件没有读出表格 (no tables were read)")
    return [{"key": g.key, "title": g.title, "pages": g.pages, "missing": g.missing, "notes": g.notes,
             "header": g.header,
             "rows": [[{"text": c.text, "box": [c.box.page, c.box.x0, c.box.top, c.box.x1, c.box.bottom]
                        if c.box else None} for c in row] for row in g.rows]}
            for g in report_grids(view.report)]


@router.get("/reports/{document_id}/pages/{number}.png", tags=["报告 reports"], summary="页面图像（PNG，灰度）",
            response_class=FileResponse)
def page_image(ctx: Ctx, access: Reader, document_id: int, number: int) -> Response:
    doc = document(ctx.store, document_id)
    sizes = ctx.page_sizes(doc)
    if not sizes or not 1 <= number <= len(sizes):
        raise NotInStore(f"{doc.file_name} 第{number}页", "没有这一页的图像 (no such page image)")
    out = ctx.files.cache_dir(doc.content_hash) / f"page-{number}.png"
    pdf = ctx.pdf_path(doc)
    if not out.is_file() and pdf is not None:
        ctx.quick_task(render_page, pdf, number, str(out), timeout=60)
    return FileResponse(out, media_type="image/png", headers={"Cache-Control": "public, max-age=86400, immutable"})


def _file_result(ctx: ServeContext, doc: DocumentRow) -> Any:
    checked = ctx.checked.get(ctx.store, doc.id)
    if checked is None:
        raise NotInStore(doc.file_name, "这份文件没有读出来，无可下载的结果 (the file could not be read)")
    return checked, file_result(checked.report, checked.previous, doc.file_name)


@router.get("/reports/{document_id}/download/{name}", tags=["报告 reports"],
            summary="下载：report.json、check.json、check.sarif、check.html、workbook.xlsx、report.docx、report.pdf",
            description="report.docx / report.pdf 由读出的数据重新编制；数据未通过审核时每页标注“未经审核”。")
def download(ctx: Ctx, access: Reader, document_id: int, name: str) -> Response:
    if name not in DOWNLOADS:
        raise NotInStore(name, "没有这种下载 (no such download)")
    doc = document(ctx.store, document_id)
    media, _ = DOWNLOADS[name]
    filename = download_name(doc, name)
    disposition = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"}
    checked, result = _file_result(ctx, doc)
    if name == "report.json":
        data = report_to_json(checked.report)
        data["source"] = doc.file_name
        return Response(json.dumps(data, ensure_ascii=False, indent=1), media_type=media, headers=disposition)
    if name == "check.json":
        return Response(render_json([result]), media_type=media, headers=disposition)
    if name == "check.sarif":
        return Response(render_sarif([result]), media_type=media, headers=disposition)
    cache = ctx.files.cache_dir(doc.content_hash)
    out = cache / f"{Path(name).stem}-{checked.reading_id}-{checked.previous_id or 0}{Path(name).suffix}"
    if not out.is_file():
        if name == "check.html":
            ctx.quick_task(check_html, checked.model, checked.previous_model, ctx.pdf_path(doc),
                           doc.file_name, str(out))
        elif name == "workbook.xlsx":
            ctx.quick_task(filled_workbook, checked.model, str(out))
        else:
            ctx.quick_task(compose_report, checked.model, str(out), True)
    headers = dict(disposition)
    if name == "check.html":
        from juesuan.serve.app import REPORT_CSP

        headers["Content-Security-Policy"] = REPORT_CSP
    return FileResponse(out, media_type=media, headers=headers)


@router.delete("/api/reports/{document_id}", tags=["报告 reports"], summary="删除一份报告（管理员）")
def api_delete(ctx: Ctx, user: Admin, document_id: int) -> dict[str, Any]:
    _delete(ctx, document_id)
    return {"ok": True}


@router.post("/reports/{document_id}/delete", include_in_schema=False)
def form_delete(ctx: Ctx, user: FormAdmin, document_id: int) -> Response:
    _delete(ctx, document_id)
    return RedirectResponse("/corpus", status_code=303)


def _delete(ctx: ServeContext, document_id: int) -> None:
    path = delete_document(ctx.store, document_id)
    ctx.files.remove(path)
