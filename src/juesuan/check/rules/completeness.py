"""Completeness: the 9 standard tables, the 无数据 statements, the 情况说明 sections, 名词解释."""

from __future__ import annotations

import re
from collections.abc import Iterator

from juesuan.check.finding import Hit, Location
from juesuan.check.locate import at_table
from juesuan.check.page_text import full_text, has_text
from juesuan.check.rule import Rule, rule
from juesuan.model import TABLE_KEYS, TABLE_TITLES, Report, Table

RULES: list[Rule] = []


def _unreadable(report: Report, key: str) -> bool:
    return any(p.table == key for p in report.problems)


@rule(
    RULES, "C101", "table-missing", "error", "completeness",
    "缺少标准表格",
    """
    部门决算应公开财政部统一格式的9张表：收入支出决算总表、收入决算表、支出决算表、财政拨款收入支出决算总表、
    一般公共预算财政拨款支出决算表、一般公共预算财政拨款基本支出决算表、财政拨款“三公”经费支出决算表、
    政府性基金预算财政拨款收入支出决算表、国有资本经营预算财政拨款收入支出决算表（各地别名由读取程序识别）。
    没有数据的表也要保留表格并说明。读取程序报告“未能读取”的表不在此报（见 C105）。
    """,
    "缺少表7 财政拨款“三公”经费支出决算表",
)
def table_missing(report: Report) -> Iterator[Hit]:
    for number, key in enumerate(TABLE_KEYS, start=1):
        if key in report.tables or _unreadable(report, key):
            continue
        how = "（文本中没有此表，可能是图片）" if report.source_format == "text" else ""
        yield Hit(f"缺少表{number} {TABLE_TITLES[key]}{how}", Location(table=key))


_NO_DATA = re.compile(r"无|没有|未发生|不涉及|空|为零")


def _has_values(table: Table) -> bool:
    values = [v for r in (*table.rows, *table.income, *table.expenditure, *table.totals.values()) for v in r.values]
    values += [c.value for c in table.cells.values()] + list(table.total or [])
    return any(v is not None for v in values)


@rule(
    RULES, "C102", "empty-table-statement", "error", "completeness",
    "无数据的表格缺少说明",
    """
    没有数据的表（如无政府性基金收支）应保留表格，并在表下写明“本部门无……，故本表无数据”。
    表格声明无数据但说明缺失报错误；表格一个数都没有、也没有说明报警告。
    """,
    "政府性基金预算财政拨款收入支出决算表 标为空表，但没有“无数据”的说明",
)
def empty_table_statement(report: Report) -> Iterator[Hit]:
    for key, table in report.tables.items():
        title = TABLE_TITLES.get(key, key)
        if table.empty:
            if not table.note or not _NO_DATA.search(table.note):
                yield Hit(f"{title} 没有数据，但没有“本表无数据”的说明（说明：{table.note or '无'}）", at_table(table))
        elif not _has_values(table) and not table.note:
            yield Hit(f"{title} 一个数都没有，也没有“本表无数据”的说明", at_table(table), "warning")


# (section, any of these phrases, searched in the text without spaces or quotes)
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("收入支出决算总体情况说明", ("收入支出决算总体情况",)),
    ("收入决算情况说明", ("收入决算情况",)),
    ("支出决算情况说明", ("支出决算情况",)),
    ("财政拨款收入支出决算总体情况说明", ("财政拨款收入支出决算总体情况",)),
    ("一般公共预算财政拨款支出决算情况说明", ("一般公共预算财政拨款支出决算",)),
    ("一般公共预算财政拨款基本支出决算情况说明", ("基本支出决算情况",)),
    ("三公经费支出决算情况说明", ("三公经费",)),
    ("政府性基金预算财政拨款收入支出决算情况说明", ("政府性基金",)),
    ("国有资本经营预算财政拨款收入支出决算情况说明", ("国有资本经营预算",)),
    ("机关运行经费支出情况", ("机关运行经费",)),
    ("政府采购支出情况", ("政府采购",)),
    ("国有资产占用情况", ("国有资产", "资产占用", "资产占有")),
    ("预算绩效管理情况", ("绩效",)),
)

_QUOTES = re.compile(r"[“”\"'‘’「」]")


@rule(
    RULES, "C103", "narrative-section-missing", "error", "completeness",
    "情况说明缺少规定的部分",
    """
    情况说明应按全国模板逐项说明：收入支出决算总体情况、收入决算、支出决算、财政拨款收支总体情况、
    一般公共预算财政拨款支出、基本支出、“三公”经费、政府性基金、国有资本经营预算、机关运行经费、政府采购、
    国有资产占用、预算绩效管理。只在有正文时检查（模型 JSON 不含正文时不报）。
    """,
    "情况说明缺少“政府采购支出情况”",
)
def narrative_section_missing(report: Report) -> Iterator[Hit]:
    if not has_text(report):
        return
    text = _QUOTES.sub("", full_text(report))
    for section, phrases in SECTIONS:
        if not any(p in text for p in phrases):
            yield Hit(f"情况说明缺少“{section}”（全文未见：{'、'.join(phrases)}）", Location())


@rule(
    RULES, "C104", "glossary-missing", "error", "completeness",
    "缺少名词解释",
    "部门决算应附名词解释（财政拨款收入、基本支出、项目支出、“三公”经费、机关运行经费等）。只在有正文时检查。",
    "全文没有“名词解释”",
)
def glossary_missing(report: Report) -> Iterator[Hit]:
    if has_text(report) and "名词解释" not in full_text(report):
        yield Hit("全文没有“名词解释”部分", Location())


@rule(
    RULES, "C105", "read-problem", "warning", "completeness",
    "有内容未能读取",
    "读取程序未能读出的表格、单元格或列：这些地方没有检查，需要人工核对。",
    "未能读取 表5 一般公共预算财政拨款支出决算表：第9页表格线缺失",
)
def read_problem(report: Report) -> Iterator[Hit]:
    for problem in report.problems:
        title = TABLE_TITLES.get(problem.table, problem.table) if problem.table else ""
        yield Hit(f"未能读取 {title}：{problem.message}".replace(" ：", "："),
                  Location(page=problem.page, table=problem.table))
