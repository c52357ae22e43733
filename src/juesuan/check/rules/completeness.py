"""Completeness: the template's tables, the 无数据 statements, the 情况说明 sections, 名词解释 (see ``template``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from juesuan.check.finding import Hit, Location
from juesuan.check.locate import at_table
from juesuan.check.page_text import full_text, has_text
from juesuan.check.printed_tables import Printed, empty_statements, printed_titles
from juesuan.check.rule import Rule, rule
from juesuan.check.template import Era, era_of, template_of
from juesuan.model import TABLE_KEYS, TABLE_TITLES, Report, Table

RULES: list[Rule] = []


def _unreadable(report: Report, key: str) -> bool:
    return any(p.table == key for p in report.problems)


def _title(era: Era, key: str) -> str:
    return era.titles.get(key) or TABLE_TITLES[key]


@rule(
    RULES, "C101", "table-missing", "error", "completeness",
    "缺少标准表格",
    """
    部门决算应公开财政部统一格式的表格。要求随模板而定（见 juesuan/check/template.py）：2022年起的地方模板和
    中央部门模板是9张表（收入支出决算总表、收入决算表、支出决算表、财政拨款收入支出决算总表、
    一般公共预算财政拨款支出决算表、一般公共预算财政拨款基本支出决算表、“三公”经费支出决算表、
    政府性基金预算财政拨款收入支出决算表、国有资本经营预算财政拨款收入支出决算表，中央部门编为公开01-09表）；
    此前的地方格式是前8张，国有资本经营预算表在2020-2021年各地不一，缺少只作提示。模板年度、部门类别
    不明时按较宽的要求。没有数据的表也要保留表格并说明：正文声明该表无数据而未见表格，只作提示；某页印有
    表名而读取程序未能读出（图片、未识别的版式），报警告；读取程序报告“未能读取”的表不在此报（见 C105）。
    """,
    "缺少表7 财政拨款“三公”经费支出决算表（2022年起地方部门决算公开模板）",
)
def table_missing(report: Report) -> Iterator[Hit]:
    era = era_of(template_of(report))
    titles, statements = printed_titles(report), empty_statements(report)
    for key in TABLE_KEYS:
        severity = era.tables.get(key)
        if key in report.tables or _unreadable(report, key) or severity is None:
            continue
        name = f"{era.number(key)} {_title(era, key)}"
        if key in titles:
            where = titles[key]
            yield Hit(f"第{where.page}页印有“{where.text}”，但未能读出{name}（可能是图片或未识别的版式），请人工核对",
                      Location(page=where.page, table=key, text=where.text), "warning")
        elif key in statements:
            said = statements[key]
            yield Hit(f"未见{name}，正文说明无此项数据：“{said.text}”（无数据的表按模板也应保留表格）",
                      Location(page=said.page, table=key, text=said.text), "info")
        else:
            how = "；文本中没有此表，可能是图片" if report.source_format == "text" else ""
            yield Hit(f"缺少{name}（{era.name}{how}）", Location(table=key), severity)


_NO_DATA = re.compile(r"无|没有|未发生|不涉及|空|为零|为0|未使用|未安排|未取得|不存在")


def _has_values(table: Table) -> bool:
    values = [v for r in (*table.rows, *table.income, *table.expenditure, *table.totals.values()) for v in r.values]
    values += [c.value for c in table.cells.values()] + list(table.total or [])
    return any(v is not None for v in values)


@rule(
    RULES, "C102", "empty-table-statement", "error", "completeness",
    "无数据的表格缺少说明",
    """
    没有数据的表（如无政府性基金收支）应保留表格，并在表下写明“本部门无……，故本表无数据”。
    表格声明无数据但说明缺失报错误；表格一个数都没有、也没有说明报警告。正文别处说明了无此项数据的不报
    （说明可能印在下一页或情况说明中）；读取程序报告未能读取的表不报，见 C105。
    """,
    "政府性基金预算财政拨款收入支出决算表 标为空表，但没有“无数据”的说明",
)
def empty_table_statement(report: Report) -> Iterator[Hit]:
    statements: dict[str, Printed] | None = None

    def declared(key: str) -> bool:
        """Does the running text say elsewhere that there is nothing for this table?"""
        nonlocal statements
        if statements is None:
            statements = empty_statements(report)
        return key in statements

    for key, table in report.tables.items():
        title = TABLE_TITLES.get(key, key)
        if table.empty:
            if (not table.note or not _NO_DATA.search(table.note)) and not declared(key):
                yield Hit(f"{title} 没有数据，但没有“本表无数据”的说明（说明：{table.note or '无'}）", at_table(table))
        elif not _has_values(table) and not table.note and not _unreadable(report, key) and not declared(key):
            yield Hit(f"{title} 一个数都没有，也没有“本表无数据”的说明", at_table(table), "warning")


_QUOTES = re.compile(r"[“”\"'‘’「」]")


@rule(
    RULES, "C103", "narrative-section-missing", "error", "completeness",
    "情况说明缺少规定的部分",
    """
    情况说明应按模板逐项说明。2022年起的地方模板：收入支出决算总体情况、收入决算、支出决算、财政拨款收支
    总体情况、一般公共预算财政拨款支出、基本支出、“三公”经费、政府性基金、国有资本经营预算、机关运行经费、
    政府采购、国有资产占用、预算绩效管理；中央部门模板没有政府性基金、国有资本经营预算两部分。更早的格式各地
    标题不一，只查各地都有的内容（收支总体、财政拨款、一般公共预算、“三公”经费、机关运行经费、政府采购、
    国有资产、绩效），缺少只作提示。按全文中的用语查找（标题措辞可以不同）；只在有正文时检查。
    """,
    "情况说明缺少“政府采购支出情况”（全文未见：政府采购；2022年起地方部门决算公开模板）",
)
def narrative_section_missing(report: Report) -> Iterator[Hit]:
    if not has_text(report):
        return
    era = era_of(template_of(report))
    text = _QUOTES.sub("", full_text(report))
    for section, phrases, severity in era.sections:
        if not any(p in text for p in phrases):
            yield Hit(f"情况说明缺少“{section}”（全文未见：{'、'.join(phrases)}；{era.name}）", Location(), severity)


@rule(
    RULES, "C104", "glossary-missing", "error", "completeness",
    "缺少名词解释",
    """
    部门决算应附名词解释（财政拨款收入、基本支出、项目支出、“三公”经费、机关运行经费等）。2022年起的模板报错误，
    更早的格式报警告或提示。只在有正文时检查。
    """,
    "全文没有“名词解释”部分",
)
def glossary_missing(report: Report) -> Iterator[Hit]:
    era = era_of(template_of(report))
    if era.glossary is not None and has_text(report) and "名词解释" not in full_text(report):
        yield Hit(f"全文没有“名词解释”部分（{era.name}）", Location(), era.glossary)


@rule(
    RULES, "C105", "read-problem", "warning", "completeness",
    "有内容未能读取",
    "读取程序未能读出的表格、单元格或列：这些地方没有检查，需要人工核对。读取说明（如按表头识别的表格）不在此报。",
    "未能读取 表5 一般公共预算财政拨款支出决算表：第9页表格线缺失",
)
def read_problem(report: Report) -> Iterator[Hit]:
    for problem in report.problems:
        if problem.kind in ("info", "lost"):  # a note on how a table was read; lost text is C106's
            continue
        title = TABLE_TITLES.get(problem.table, problem.table) if problem.table else ""
        yield Hit(f"未能读取 {title}：{problem.message}".replace(" ：", "："),
                  Location(page=problem.page, table=problem.table))


@rule(
    RULES, "C106", "text-lost", "error", "completeness",
    "页面上的文字未能读出（字体损坏或缺少编码）",
    """
    页面画出了文字，读取程序却读不出来：嵌入字体损坏（字形丢失，PDF 阅读器里也可能显示为空白），或字符没有
    Unicode 编码（读出的是乱码）。这些页上的表格和说明可能缺少数字，看起来“没有错误”只是因为数字没有读到，
    所以是错误而不是提示；编制报告时拒绝这样的输入。请取得完好的原文件，或在工作簿中照原件核对填写。
    """,
    "未能读出 第5页：第5页有 50 段文字因嵌入字体 DGFMOR+TimesNewRomanPSMT 损坏而未能读出",
)
def text_lost(report: Report) -> Iterator[Hit]:
    for problem in report.problems:
        if problem.kind != "lost":
            continue
        if problem.table:
            title = TABLE_TITLES.get(problem.table, problem.table)
        else:
            title = f"第{problem.page}页" if problem.page else "部分文字"
        yield Hit(f"未能读出 {title}：{problem.message}", Location(page=problem.page, table=problem.table))
