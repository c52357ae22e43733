"""情况说明 sentences read straight from the page text: direction words and budget sentences.

These work on the running text (PDF or text input); on a model JSON without
page text they see only the narrative's source sentences, if any.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from juesuan.check.compare import dec, expected_pct, fmt, percent_verdict, same_verdict
from juesuan.check.finding import Hit, Severity
from juesuan.check.interval import Interval
from juesuan.check.locate import at_fact, at_row
from juesuan.check.names import normalize
from juesuan.check.page_text import finditer
from juesuan.check.rule import Rule, rule
from juesuan.check.table_access import live, unsure, value_at
from juesuan.model import Report, Row, Table

RULES: list[Rule] = []

_NUM = r"\d[\d,]*(?:\.\d+)?"
BUDGET_SENTENCE = re.compile(
    rf"(?P<label>年初|全年)?预算(?:数)?为(?P<budget>{_NUM})万元[，,](?:支出)?决算(?:数)?为(?P<actual>{_NUM})万元"
    rf"(?:[，,]完成(?P<which>年初|全年)?预算(?:数)?的(?P<pct>{_NUM})[%％])?[。；，,]?"
    r"(?:决算数?(?P<dir>大于|小于|等于|高于|低于|超过)(?P<than>年初|全年)?"
    r"|决算数?与(?P<flatthan>年初|全年)?预算数?(?P<flat>基本持平|持平|相等|一致))?"
)
CHANGE_SENTENCE = re.compile(
    rf"(?P<w1>增加|减少|增长|下降|上升)(?P<amount>{_NUM})万元[，,](?P<w2>增长|下降|增加|减少|上升)(?P<pct>{_NUM})[%％]"
)
UP = {"增加", "增长", "上升", "大于", "高于", "超过"}
DOWN = {"减少", "下降", "小于", "低于"}


def _d(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


@rule(
    RULES, "N406", "direction-words", "error", "narrative",
    "增减、大小的方向词与数字相反",
    """
    正文中的方向词必须与数字一致：“预算为A万元，决算为B万元，决算数大于/小于/等于（持平）预算数”按A、B判断
    （“基本持平”不判；句中给的是年初预算而比较的是全年预算，或反之，也不判）；
    “增加/减少X万元，增长/下降Y%”前后两个词方向必须相同；与上年相比说“持平”的，增减额必须为0。
    """,
    "第15页 “年初预算为135.90万元，支出决算为135.25万元……决算数大于预算数”：决算数小于预算数",
)
def direction_words(report: Report) -> Iterator[Hit]:
    for page, m in finditer(BUDGET_SENTENCE, report):
        word = m.group("dir") or m.group("flat")
        than, given = m.group("than") or m.group("flatthan"), m.group("label")
        if not word or word == "基本持平" or (than and given and than != given):
            continue  # compared with the other budget (年初 vs 全年), which the sentence does not give
        budget, actual = _d(m.group("budget")), _d(m.group("actual"))
        truth = "大于" if actual > budget else "小于" if actual < budget else "等于"
        said = "大于" if word in UP else "小于" if word in DOWN else "等于"
        if said != truth:
            yield Hit(f"正文说决算数“{word}”预算数，但决算 {fmt(actual)} {truth}预算 {fmt(budget)}",
                      page.sentence(m.start(), m.end()), None, word, truth)
    for page, m in finditer(CHANGE_SENTENCE, report):
        w1, w2 = m.group("w1"), m.group("w2")
        if (w1 in UP) != (w2 in UP):
            yield Hit(f"同一句中“{w1}{m.group('amount')}万元”与“{w2}{m.group('pct')}%”方向相反",
                      page.sentence(m.start(), m.end()), None, f"{w1}/{w2}", "同一方向")
    yield from _flat_changes(report)


def _flat_changes(report: Report) -> Iterator[Hit]:
    """A change the text calls 持平 (level) must be 0."""
    for path, src in report.narrative.sources.items():
        if not path.endswith(".change") and path != "change":
            continue
        text = re.sub(r"\s", "", src.text or "")
        change = dec(report.narrative.get(path))
        if change is None or change == 0 or "持平" not in text or "基本持平" in text:
            continue
        if re.search(r"增加|减少|增长|下降|上升", text):
            continue  # the sentence also says which way: its 持平 is about something else
        yield Hit(f"正文说“持平”，但增减额为 {fmt(change)} 万元", at_fact(report, path), None, "持平",
                  f"{'增加' if change > 0 else '减少'} {fmt(abs(change))}")


def _fact_sentence(report: Report, text: str) -> bool:
    """Is this sentence the source of a completion rate among the narrative facts?"""
    return any((path.endswith("completion_pct") and src.text and re.sub(r"\s", "", src.text) in text)
               or (path.endswith("completion_pct") and src.text and text in re.sub(r"\s", "", src.text))
               for path, src in report.narrative.sources.items())


@rule(
    RULES, "N411", "budget-sentence-rate", "error", "narrative",
    "正文逐项说明中的完成率算错",
    """
    正文“预算为A万元，支出决算为B万元，完成（年初/全年）预算的P%”：P = B / A，按百分比取整规则判断；
    A 为0却写了完成率时报错（0 对 0 报警告）；句中是“全年预算为A”却写“完成年初预算的P%”（或反之）也报错。
    已是情况说明事实来源的句子由 N405 报告，不重复。
    """,
    "第16页 “全年预算为52.00万元，支出决算为51.32万元，完成全年预算数的99.69%”：应为98.69%",
)
def budget_sentence_rate(report: Report) -> Iterator[Hit]:
    for page, m in finditer(BUDGET_SENTENCE, report):
        if not m.group("pct"):
            continue
        budget, actual, pct = _d(m.group("budget")), _d(m.group("actual")), _d(m.group("pct"))
        said, given = m.group("which"), m.group("label")
        if said and given and said != given and not _fact_sentence(report, page.text[m.start():m.end("pct")]):
            yield Hit(f"正文写“完成{said}预算的{pct}%”，但句中给出的是{given}预算 {fmt(budget)} 万元",
                      page.sentence(m.start(), m.end()), None, f"完成{said}预算", f"完成{given}预算")
            continue
        if budget == 0:
            if not _fact_sentence(report, page.text[m.start():m.end("pct")]):  # N405 reports those
                severity: Severity | None = "warning" if actual == 0 and pct == 0 else None
                yield Hit(f"预算为0，却写了完成率 {pct}%", page.sentence(m.start(), m.end()), severity, f"{pct}%",
                          "不应打印完成率")
            continue
        ratio = Interval.printed(actual).divide(Interval.printed(budget))
        verdict = percent_verdict(pct, ratio)
        if verdict and ratio is not None:
            expect = expected_pct(ratio, pct)
            yield Hit(f"完成率 打印 {pct}%，{fmt(actual)} / {fmt(budget)} = {expect}",
                      page.sentence(m.start(), m.end()), verdict, f"{pct}%", expect)


ITEM_SENTENCE = re.compile(
    r"(?P<cls>[\u4e00-\u9fa5]+)[（(]类[)）](?:(?P<kuan>[\u4e00-\u9fa5、]+)[（(]款[)）])?"
    r"(?:(?P<xiang>[\u4e00-\u9fa5、]+)[（(]项[)）])?"
    rf"(?P<rest>(?:(?![（(]类[)）])[^%％；;]){{0,160}}?)支出决算(?:数)?为(?P<actual>{_NUM})万元"
)


def _child(table: Table, parent: Row | None, name: str, length: int) -> Row | None:
    for row in table.rows:
        code = row.code or ""
        if len(code) == length and normalize(row.name) == normalize(name) and (
                parent is None or code.startswith(parent.code or "")):
            return row
    return None


def _item_row(table: Table, m: re.Match[str]) -> Row | None:
    row = _child(table, None, m.group("cls"), 3)
    for level, length in (("kuan", 5), ("xiang", 7)):
        if row is None or not m.group(level):
            break
        row = _child(table, row, m.group(level), length)
    return row


# Tables whose 科目 a "（类）（款）（项）…支出决算为" sentence may be about: the 一般公共预算 table first (the section
# the template puts such sentences in), then the others a report may describe the same way (支出决算表 in 支出决算情况,
# the fund tables in their sections).
ITEM_TABLES: tuple[str, ...] = ("general_budget", "expenditure", "gov_fund", "state_capital")


@rule(
    RULES, "N412", "item-amount", "error", "narrative",
    "正文逐项说明的决算数与一般公共预算表不符",
    """
    一般公共预算财政拨款支出决算具体情况中，“××（类）××（款）××（项）……支出决算为B万元”的 B 应等于
    一般公共预算财政拨款支出决算表同一科目的合计。按类、款、项名称在表中找到该科目，找不到不报；
    从“（类）”到“支出决算为”之间不能跨过“%”或“；”（那是另一句）。B 与支出决算表或政府性基金、国有资本经营
    预算表同一科目的合计相同时也不报（句子说的可能是那张表）。
    """,
    "第22页 “行政运行（项）……支出决算为1511.98万元”，一般公共预算表 2010601 行政运行 为 1511.89",
)
def item_amount(report: Report) -> Iterator[Hit]:
    table = live(report, "general_budget")
    if table is None:
        return
    ti = table.column("total")
    if ti is None:
        return
    others = [t for t in (live(report, k) for k in ITEM_TABLES[1:]) if t is not None and t.column("total") is not None]
    for page, m in finditer(ITEM_SENTENCE, report):
        row = _item_row(table, m)
        if row is None or unsure(table, [row], ti):
            continue
        printed, value = _d(m.group("actual")), value_at(row.values, ti)
        verdict = same_verdict(printed, value)
        if verdict and any(_agrees(other, m, printed) for other in others):
            continue
        if verdict:
            yield Hit(f"正文 {row.name} 支出决算为 {printed} 万元，一般公共预算表 {row.code} {row.name} 为 "
                      f"{fmt(value)} 万元",
                      page.sentence(m.start("actual"), m.end("actual")), verdict, str(printed), fmt(value),
                      (at_row(table, row, ti),))


def _agrees(table: Table, m: re.Match[str], printed: Decimal) -> bool:
    """Is the sentence's amount the total of the same 科目 in this other table?"""
    row = _item_row(table, m)
    index = table.column("total")
    return row is not None and not unsure(table, [row], index) and same_verdict(printed, value_at(row.values, index)) \
        is None
