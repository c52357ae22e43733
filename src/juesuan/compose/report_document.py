"""Report -> Document: the national structure (封面, 目录, 第一部分 to 第四部分, 附件) as blocks."""

from __future__ import annotations

from typing import Any

from juesuan.compose.document import Block, Document, Grid, GridCell, Heading, PageBreak, Paragraph
from juesuan.compose.figures import fmt
from juesuan.compose.glossary import GLOSSARY
from juesuan.compose.narrative_text import narrative_blocks
from juesuan.compose.report_figures import as_amount
from juesuan.compose.table_grids import as_printed, table_grid
from juesuan.model import TABLE_KEYS, TABLE_TITLES, Report
from juesuan.standard import chinese_number


def _titles(report: Report) -> tuple[str, str]:
    return report.department or "本部门", f"{report.year or ''} 年度部门决算"


def overview_blocks(report: Report) -> list[Block]:
    dept, _ = _titles(report)
    functions = report.narrative.get("profile.functions")
    out: list[Block] = [Heading(f"第一部分 {dept}概况", 1, "part1"), Heading("一、主要职能", 2)]
    for para in str(functions or "（主要职能未填报）").splitlines():
        if para.strip():
            out.append(Paragraph(para.strip()))
    out.append(Heading("二、部门决算单位构成", 2))
    units = report.units_included
    if units:
        out.append(Paragraph(f"从预算单位构成看，纳入{dept} {report.year} 年度部门决算编制范围的单位"
                             f"共 {len(units)} 个，包括："))
        body = [[GridCell(str(i), align="center"), GridCell(name), GridCell("")] for i, name in enumerate(units, 1)]
        header = [[GridCell("序号", align="center"), GridCell("单位名称", align="center"),
                   GridCell("备注", align="center")]]
        out.append(Grid("units", "", [0.6, 5.0, 1.4], header, body, unit="", landscape=False))
    else:
        subs = report.narrative.get("profile.subordinate_units")
        count = int(subs) if isinstance(subs, int) else 0
        out.append(Paragraph(f"从单位构成看，{dept}部门决算由本级决算和 {count} 个下属单位决算组成。"))
    return out


def table_blocks(report: Report) -> list[Block]:
    dept, _sub = _titles(report)
    out: list[Block] = [PageBreak(landscape=True), Heading(f"第二部分 {dept} {report.year} 年度部门决算表", 1, "part2")]
    for i, key in enumerate(TABLE_KEYS):
        table = as_printed(report.tables.get(key), key, report.department)
        if i:
            out.append(PageBreak(landscape=True))
        out.append(table_grid(table))
    return out


def performance_blocks(report: Report) -> list[Block]:
    perf = report.performance
    out: list[Block] = [PageBreak(landscape=True), Heading("附件 绩效自评表", 1, "annex")]
    if perf is None or not (perf.overall or perf.projects or perf.indicators):
        out.append(Paragraph("本部门未报送绩效自评表。"))
        return out

    def c(text: Any, align: str = "center") -> GridCell:
        return GridCell("" if text is None else str(text), align=align)

    if perf.overall:
        ov = perf.overall
        rate = ov.get("execution_rate")
        header = [[c("预算执行情况（万元）"), c("预算数（A）"), c("执行数（B）"), c("执行率（B/A）"), c("得分")]]
        body = [[c("部门整体支出总额", "left"), c(fmt(as_amount(ov.get("budget"))), "right"),
                 c(fmt(as_amount(ov.get("actual"))), "right"), c("" if rate is None else f"{rate}%", "right"),
                 c(ov.get("score"), "right")]]
        if ov.get("basic_total_yuan") is not None or ov.get("project_total_yuan") is not None:
            body.append([c("基本支出总额", "left"), c(ov.get("basic_total_yuan"), "right"),
                         c("项目支出总额"), c(ov.get("project_total_yuan"), "right"), c("（单位：元）")])
        if ov.get("total_score") is not None:
            body.append([c("总分", "left"), GridCell(str(ov.get("total_score")), colspan=4, align="left")])
        out.append(Grid("performance_overall", "部门整体支出绩效自评表", [1.6, 1.0, 1.0, 1.0, 1.0], header, body,
                        unit=""))
    if perf.projects:
        header = [[c("序号"), c("项目名称"), c("全年预算数（万元）"), c("执行数（万元）"), c("执行率（%）")]]
        body = [[c(i), c(p.get("name"), "left"), c(fmt(as_amount(p.get("budget"))), "right"),
                 c(fmt(as_amount(p.get("actual"))), "right"), c(p.get("execution_rate"), "right")]
                for i, p in enumerate(perf.projects, 1)]
        out.append(Grid("performance_projects", "项目支出绩效自评表", [0.5, 4.0, 1.2, 1.2, 1.0], header, body, unit=""))
    if perf.indicators:
        names = ("年度目标", "一级指标", "二级指标", "三级指标", "年初目标值", "实际完成值", "得分")
        header = [[c(n) for n in names]]
        body = [[c(ind.get(k), "left") for k in ("goal", "level1", "level2", "level3", "target", "actual", "score")]
                for ind in perf.indicators]
        out.append(Grid("performance_indicators", "绩效指标完成情况", [2, 1, 1, 2.5, 1.2, 1.2, 0.6],
                        header, body, unit=""))
    return out


def glossary_blocks() -> list[Block]:
    out: list[Block] = [PageBreak(), Heading("第四部分 名词解释", 1, "part4")]
    for i, (term, text) in enumerate(GLOSSARY, 1):
        out.append(Paragraph(f"{chinese_number(i)}、{term}：{text}"))
    return out


def toc_entries(report: Report) -> list[tuple[int, str]]:
    dept, _sub = _titles(report)
    year = report.year
    entries: list[tuple[int, str]] = [(1, f"第一部分 {dept}概况"), (2, "一、主要职能"), (2, "二、部门决算单位构成"),
                                      (1, f"第二部分 {dept} {year} 年度部门决算表")]
    entries += [(2, f"{chinese_number(i)}、{TABLE_TITLES[k]}") for i, k in enumerate(TABLE_KEYS, 1)]
    entries.append((1, f"第三部分 {dept} {year} 年度部门决算情况说明"))
    return entries


def build_document(report: Report, unchecked: bool = False) -> Document:
    dept, sub = _titles(report)
    doc = Document(dept, sub, unchecked=unchecked, year=report.year)
    narrative = narrative_blocks(report)
    doc.toc = toc_entries(report)
    doc.toc += [(2, b.text) for b in narrative if isinstance(b, Heading) and b.level == 2]
    doc.toc += [(1, "第四部分 名词解释"), (1, "附件 绩效自评表")]
    doc.add(*overview_blocks(report))
    doc.add(*table_blocks(report))
    doc.add(PageBreak(), Heading(f"第三部分 {dept} {report.year} 年度部门决算情况说明", 1, "part3"))
    doc.add(*narrative)
    doc.add(*glossary_blocks())
    doc.add(*performance_blocks(report))
    return doc
