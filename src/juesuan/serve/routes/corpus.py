"""The stored reports: regions, departments and years, a search by name; a department's page with its
year-on-year charts; the findings across all reports, filtered by rule, severity and review status."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from juesuan.check.rules import RULES_BY_ID
from juesuan.serve.charts import Series, bar_chart
from juesuan.serve.context import ServeContext
from juesuan.serve.routes import Ctx, Reader, Year
from juesuan.store.corpus import FIGURE_LABELS, department_name, department_years, documents, regions, years
from juesuan.store.reviewed_findings import REVIEW_FILTERS, FindingQuery, find_findings, rule_counts
from juesuan.store.reviews import review_counts

router = APIRouter()
PAGE = 50


def _corpus(ctx: ServeContext, region: str | None, year: int | None, q: str | None, offset: int,
            limit: int) -> dict[str, Any]:
    rows, total = documents(ctx.store, region=region or None, year=year, search=q or None, latest=True,
                            limit=limit, offset=offset)
    counts = review_counts(ctx.store, [r.id for r in rows])
    return {"rows": rows, "total": total, "review": counts}


@router.get("/corpus", response_class=HTMLResponse, include_in_schema=False)
def corpus_page(request: Request, ctx: Ctx, access: Reader, year: Year,
                region: str | None = Query(None, max_length=100), q: str | None = Query(None, max_length=100),
                offset: int = Query(0, ge=0)) -> Response:
    found = _corpus(ctx, region, year, q, offset, PAGE)
    return ctx.page(request, "corpus.html", regions=regions(ctx.store), years=years(ctx.store), region=region or "",
                    year=year, q=q or "", offset=offset, page_size=PAGE, **found)


@router.get("/api/regions", tags=["报告库 corpus"], summary="地区：部门数、报告数（最新版本）、年度")
def api_regions(ctx: Ctx, access: Reader) -> list[dict[str, Any]]:
    return [{"region": r.region, "departments": r.departments, "reports": r.reports, "years": r.years}
            for r in regions(ctx.store)]


@router.get("/api/departments", tags=["报告库 corpus"], summary="部门：按地区、年度、名称查找（每年的最新版本）")
def api_departments(ctx: Ctx, access: Reader, year: Year, region: str | None = Query(None, max_length=100),
                    q: str | None = Query(None, max_length=100),
                    offset: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000)) -> dict[str, Any]:
    found = _corpus(ctx, region, year, q, offset, limit)
    by_key: dict[str, dict[str, Any]] = {}
    for row in found["rows"]:
        if row.department_key is None:
            continue
        entry = by_key.setdefault(row.department_key, {"key": row.department_key, "department": row.department,
                                                       "region": row.region, "reports": []})
        entry["reports"].append({**row.to_json(), "review": found["review"][row.id].status_label})
    return {"total_reports": found["total"], "departments": list(by_key.values())}


def _charts(series_years: list[Any]) -> list[str]:
    if not series_years:
        return []
    yrs = [y.year for y in series_years]

    def values(name: str) -> list[Decimal | None]:
        return [y.figures.get(name) for y in series_years]

    return [
        bar_chart("收入支出总计", yrs, [Series(FIGURE_LABELS["income"], values("income")),
                                  Series(FIGURE_LABELS["expenditure"], values("expenditure"))]),
        bar_chart("基本支出和项目支出", yrs, [Series("基本支出", values("basic")),
                                     Series("项目支出", values("project"))]),
        bar_chart("“三公”经费和机关运行经费", yrs, [Series("“三公”经费", values("three_public")),
                                          Series("机关运行经费", values("operating_costs"))]),
        bar_chart("一般公共预算财政拨款支出执行率", yrs, [Series("执行率", values("execution_rate"))], unit="%",
                  percent=True),
    ]


def _department(ctx: ServeContext, key: str) -> dict[str, Any]:
    name = department_name(ctx.store, key)
    rows, _ = documents(ctx.store, department_key=key, limit=500)
    per_year = department_years(ctx.store, key)
    counts = review_counts(ctx.store, [r.id for r in rows])
    pairs: list[Any] = []
    try:
        from juesuan.store.compare import compare_department

        _, pairs = compare_department(ctx.store, name)
    except Exception:  # a comparison that cannot be made leaves the page without it
        pairs = []
    return {"key": key, "name": name, "rows": rows, "years": per_year, "review": counts, "pairs": pairs}


@router.get("/departments/{key}", response_class=HTMLResponse, include_in_schema=False)
def department_page(request: Request, ctx: Ctx, access: Reader, key: str) -> Response:
    found = _department(ctx, key)
    return ctx.page(request, "department.html", charts=_charts(found["years"]), labels=FIGURE_LABELS, **found)


@router.get("/api/departments/{key}", tags=["报告库 corpus"],
            summary="一个部门：各年报告、逐年数字（图表所用）、与上年比较")
def api_department(ctx: Ctx, access: Reader, key: str) -> dict[str, Any]:
    found = _department(ctx, key)
    return {
        "key": key, "department": found["name"],
        "reports": [{**r.to_json(), "review": found["review"][r.id].status_label} for r in found["rows"]],
        "years": [{"year": y.year, "document_id": y.document_id, "version": y.version,
                   "figures": {k: str(v) for k, v in y.figures.items() if k in FIGURE_LABELS},
                   "from_text": sorted(y.from_text)} for y in found["years"]],
        "labels": FIGURE_LABELS,
        "compared": [{"year": p.this.year, "last_year": p.last.year,
                      "stated": [{"label": c.label, "this": _s(c.this), "stated_previous": _s(c.stated_previous),
                                  "stated_change": _s(c.stated_change), "last": _s(c.last),
                                  "should_be": _s(c.should_be)} for c in p.stated],
                      "findings": [{"rule": r, "severity": sev, "message": m} for r, sev, m in p.findings]}
                     for p in found["pairs"]],
    }


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _query(rule: list[str] | None, severity: list[str] | None, review: str | None, region: str | None, year: int | None,
           department: str | None) -> FindingQuery:
    return FindingQuery(rules=tuple(r for r in rule or () if r), severities=tuple(s for s in severity or () if s),
                        review=review or None, region=region or None, year=year, department=department or None)


@router.get("/findings", response_class=HTMLResponse, include_in_schema=False)
def findings_page(request: Request, ctx: Ctx, access: Reader, year: Year,
                  rule: Annotated[list[str] | None, Query()] = None,
                  severity: Annotated[list[str] | None, Query()] = None, review: str | None = None,
                  region: str | None = Query(None, max_length=100),
                  department: str | None = Query(None, max_length=100), offset: int = Query(0, ge=0)) -> Response:
    where = _query(rule, severity, review, region, year, department)
    rows, total = find_findings(ctx.store, where, limit=PAGE, offset=offset)
    return ctx.page(request, "findings.html", rows=rows, total=total, where=where, offset=offset, page_size=PAGE,
                    rules=rule_counts(ctx.store, where), rule_titles={k: r.title for k, r in RULES_BY_ID.items()},
                    review_filters=REVIEW_FILTERS, regions=regions(ctx.store), years=years(ctx.store),
                    query=request.url.query)


@router.get("/api/findings", tags=["报告库 corpus"],
            summary="全部报告的审核结果：按规则、级别、审核状态、地区、年度、部门筛选",
            description="review: open 未审核 / confirmed 确认 / false_alarm 误报 / fixed 已整改；"
                        "severity: error / warning / info，可重复；rule 可重复。")
def api_findings(ctx: Ctx, access: Reader, year: Year, rule: Annotated[list[str] | None, Query()] = None,
                 severity: Annotated[list[str] | None, Query()] = None,
                 review: str | None = None, region: str | None = Query(None, max_length=100),
                 department: str | None = Query(None, max_length=100), offset: int = Query(0, ge=0),
                 limit: int = Query(100, ge=1, le=1000)) -> dict[str, Any]:
    rows, total = find_findings(ctx.store, _query(rule, severity, review, region, year, department), limit, offset)
    for row in rows:
        if row["reviewed_at"] is not None:
            row["reviewed_at"] = row["reviewed_at"].isoformat()
    return {"total": total, "findings": rows}
