"""审核意见: an XLSX workbook telling a department what it must fix in its reports, page by page.

One sheet per report (the department's newest version of each year, or the reports named), its rows in
page order: every finding confirmed (须整改), every error or warning nobody has looked at yet (待核实),
and those marked fixed (已整改, kept so the department sees they are done); false alarms (误报) and
unreviewed 提示 are left out.  Each row says where (page, table, row, column or sentence), what is wrong,
what is printed and what it should be, and the reviewer's comment.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, select

from juesuan.check.finding import SEVERITY_LABELS, Location
from juesuan.check.rules import RULES_BY_ID
from juesuan.store import schema as s
from juesuan.store.database import Store
from juesuan.store.errors import NotInStore
from juesuan.store.reviewed_findings import FindingQuery, find_findings

HEADER: tuple[str, ...] = ("序号", "页码", "位置", "规则", "级别", "问题", "打印数", "应为", "审核结论", "审核意见",
                           "审核人", "审核时间")
WIDTHS: tuple[int, ...] = (6, 6, 40, 8, 6, 60, 12, 12, 10, 30, 10, 17)
CONCLUSIONS: dict[str | None, str] = {"confirmed": "须整改", None: "待核实", "fixed": "已整改"}
ALL_ROWS = 1_000_000


@dataclass(frozen=True)
class ExportedReport:
    document_id: int
    department: str
    year: int | None
    version: int | None
    file_name: str


def department_reports(store: Store, department_key: str) -> list[ExportedReport]:
    """The newest version of each year's report of a department."""
    d = s.documents
    with store.reading() as conn:
        rows = conn.execute(select(d.c.id, d.c.department, d.c.year, d.c.version, d.c.file_name)
                            .where(and_(d.c.department_key == department_key, d.c.is_latest, d.c.status == "ok"))
                            .order_by(d.c.year.desc())).all()
    if not rows:
        raise NotInStore(department_key, "没有这个部门可读的报告 (no readable report of this department)")
    return [ExportedReport(int(i), str(n), y, v, str(f)) for i, n, y, v, f in rows]


def document_report(store: Store, document_id: int) -> ExportedReport:
    d = s.documents
    with store.reading() as conn:
        row = conn.execute(select(d.c.id, d.c.department, d.c.year, d.c.version, d.c.file_name)
                           .where(and_(d.c.id == document_id, d.c.status == "ok"))).first()
    if row is None:
        raise NotInStore(str(document_id), "没有这份可读的报告 (no such readable report)")
    return ExportedReport(int(row[0]), str(row[1] or row[4]), row[2], row[3], str(row[4]))


def exported_rows(store: Store, report: ExportedReport) -> list[dict[str, Any]]:
    """The findings of one report that go into its sheet, in page order."""
    rows, _ = find_findings(store, FindingQuery(document_id=report.document_id), limit=ALL_ROWS)
    kept = [r for r in rows if r["review"] in ("confirmed", "fixed")
            or (r["review"] is None and r["severity"] in ("error", "warning"))]
    kept.sort(key=lambda r: (r["page"] is None, r["page"] or 0, {"confirmed": 0, None: 1, "fixed": 2}[r["review"]]))
    return kept


def _where(row: dict[str, Any]) -> str:
    loc = Location(page=None, table=row["table_key"], row_code=row["row_code"], row_name=row["row_name"],
                   column=row["column_label"], text=row["text"], path=row["path"])
    return loc.describe()


def _sheet_title(report: ExportedReport, used: set[str]) -> str:
    base = f"{report.year}年度" if report.year else "报告"
    if report.version and report.version > 1:
        base += f"第{report.version}版"
    title, n = base[:31], 2
    while title in used:
        title, n = f"{base[:28]}({n})", n + 1
    used.add(title)
    return title


def review_workbook(store: Store, reports: Sequence[ExportedReport]) -> bytes:
    """The 审核意见 workbook of ``reports`` (one sheet each), as XLSX bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    grey = Font(color="808080")
    head_fill = PatternFill("solid", fgColor="DDDDDD")
    stamp = datetime.now(UTC).astimezone().strftime("%Y-%m-%d %H:%M")
    for report in reports:
        ws = wb.create_sheet(_sheet_title(report, used))
        rows = exported_rows(store, report)
        to_fix = sum(r["review"] == "confirmed" for r in rows)
        unchecked = sum(r["review"] is None for r in rows)
        title = f"{report.department} {report.year or ''}年度部门决算 审核意见".replace(" 年度", " ")
        ws.append([title])
        ws["A1"].font = Font(bold=True, size=14)
        version = f"，第{report.version}版" if report.version and report.version > 1 else ""
        ws.append([f"文件：{report.file_name}{version}；须整改 {to_fix} 条，待核实 {unchecked} 条；导出时间 {stamp}"])
        ws.append([])
        ws.append(list(HEADER))
        for cell in ws[4]:
            cell.font, cell.fill = bold, head_fill
        for i, r in enumerate(rows, 1):
            rule = RULES_BY_ID.get(r["rule"])
            problem = f"{rule.title}：{r['message']}" if rule else r["message"]
            when = r["reviewed_at"]
            ws.append([i, r["page"], _where(r), r["rule"], SEVERITY_LABELS.get(r["severity"], r["severity"]), problem,
                       r["printed"], r["expected"], CONCLUSIONS[r["review"]], r["review_comment"] or "",
                       r["reviewer"] or "", when.strftime("%Y-%m-%d %H:%M") if when else ""])
            for cell in ws[ws.max_row]:
                cell.alignment = wrap
                if r["review"] == "fixed":
                    cell.font = grey
        if not rows:
            ws.append(["没有须整改或待核实的问题。"])
        for i, width in enumerate(WIDTHS, 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A5"
        ws.print_title_rows = "4:4"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
