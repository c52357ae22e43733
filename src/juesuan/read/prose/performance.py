"""绩效自评: the overall self-evaluation, the projects and the indicators.

Read from the running text and the 自评表 as text (PDF page lines or plain
text alike):

* overall: the 整体绩效自评表 line "部门整体支出总额 1,859.82 1,405.72 76%
  15.12" (budget, actual, execution_rate, score), its 总分 (total_score),
  and "基本支出总额 … 项目支出总额 …" (in 元 where the table prints 元);
* self_evaluated: "共涉及项目 8 个，资金 649.94 万元，占…的 80.42%";
* projects: "1. 基层党建工作经费项目绩效自评综述：项目全年预算数为 102.24
  万元，执行数为 87.66 万元，完成预算的 86%";
* indicators: see ``performance_indicators``.

Values are Decimal exactly as printed ("76", "89.5", "350").
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from juesuan.amounts import amount_or_none
from juesuan.model import Page, Performance, Problem, Source
from juesuan.read.prose.performance_indicators import read_indicators
from juesuan.read.prose.running_text import RunningText, spaced

NUMBER = r"(-?\d[\d,]*(?:\.\d+)?)"
_S = r"\s*"

_OVERALL_TITLE = re.compile(spaced("整体") + r"(?:" + spaced("支出") + r")?" + spaced("绩效自评表"))
# The label, then up to four amounts, the execution rate with its % and the score:
# "预算数 执行数 执行率 得分", or the national template's "年初预算数 全年预算数 全年执行数 分值 执行率 得分".
_OVERALL_LINE = re.compile(
    r"(?:" + spaced("部门整体支出总额") + "|" + spaced("整体支出总额") + ")" + _S
    + r"(?P<amounts>(?:" + NUMBER + r"\s+){2,4})" + NUMBER + _S + r"[%％]" + _S + NUMBER
)
_TOTAL_SCORE = re.compile(spaced("总分") + _S + NUMBER)
_NARRATIVE_SCORE = re.compile(r"整体支出绩效自评[^。]{0,120}?共?得分" + _S + NUMBER + _S + "分")
_BASIC_TOTAL = re.compile(spaced("基本支出总额") + _S + NUMBER)
_PROJECT_TOTAL = re.compile(spaced("项目支出总额") + _S + NUMBER)
_SELF_EVALUATED = re.compile(
    r"共涉及(?:项目" + _S + r"(\d+)" + _S + r"个|" + _S + r"(\d+)" + _S + r"个(?:一般公共预算)?项目)[，,]"
    + _S + r"(?:涉及)?资金" + _S + NUMBER + _S + r"万元"
    + r"(?:[，,]" + _S + r"占[^%％。]{0,40}?" + NUMBER + _S + r"[%％])?"
)
_NUMBERING = r"(?:\d{1,2}" + _S + r"[.、．]|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)"
_PROJECT = re.compile(
    r"(?:^|(?<=[。；;\s]))" + _NUMBERING + _S
    + r"(?P<name>[^。：:；;]{1,80}?)" + _S + r"(?:项目)?绩效自评综述" + _S + r"[：:]" + _S
    + r"(?:项目)?(?:全年)?预算数[为是]?" + _S + NUMBER + _S + r"万元[，,]" + _S
    + r"(?:全年)?执行数[为是]?" + _S + NUMBER + _S + r"万元[，,]" + _S
    + r"(?:完成预算的|(?:预算)?执行率[为是]?)" + _S + NUMBER + _S + r"[%％]"
)


def read_performance(pages: list[Page], problems: list[Problem] | None = None) -> Performance | None:
    """The 绩效自评 of a report, or None when it has none.  Indicator rows that
    cannot be read are left out and reported in ``problems``."""
    flat = RunningText.spaced(pages)
    text = flat.text
    perf = Performance()

    def source(key: str, match: re.Match[str]) -> None:
        perf.sources[key] = _source_at(flat, match.start(), match.group(0))

    title = _OVERALL_TITLE.search(text)
    region_start = title.end() if title else 0
    region_end = _region_end(text, region_start) if title else len(text)
    region = text[region_start:region_end]

    overall: dict[str, Any] = {}
    match = _OVERALL_LINE.search(region) if title else _OVERALL_LINE.search(text)
    offset = region_start if title else 0
    if match:
        for key, value in _overall_figures(match).items():
            overall[key] = value
            perf.sources[f"overall.{key}"] = _source_at(flat, offset + match.start(), match.group(0))
    score = _TOTAL_SCORE.search(region) if title else None
    if score:
        overall["total_score"] = amount_or_none(score.group(1))
        perf.sources["overall.total_score"] = _source_at(flat, offset + score.start(), score.group(0))
    else:
        said = _NARRATIVE_SCORE.search(text)
        if said:
            overall["total_score"] = amount_or_none(said.group(1))
            source("overall.total_score", said)
    _read_split_totals(flat, region if title else "", offset, overall, perf)
    perf.overall = {k: v for k, v in overall.items() if v is not None}

    evaluated = _SELF_EVALUATED.search(text)
    if evaluated:
        count = evaluated.group(1) or evaluated.group(2)
        perf.self_evaluated = {"projects": int(count), "amount": amount_or_none(evaluated.group(3))}
        if evaluated.group(4):
            perf.self_evaluated["share_pct"] = amount_or_none(evaluated.group(4))
        source("self_evaluated", evaluated)

    seen: set[str] = set()
    for found in _PROJECT.finditer(text):
        name = found.group("name").strip()
        if name in seen:
            continue
        seen.add(name)
        perf.projects.append({
            "name": name,
            "budget": amount_or_none(found.group(2)),
            "actual": amount_or_none(found.group(3)),
            "execution_rate": amount_or_none(found.group(4)),
        })
        source(f"projects.{name}", found)

    if not perf.projects:
        _read_project_tables(flat, perf)

    indicators, unread = read_indicators(pages)
    perf.indicators = indicators
    if problems is not None:
        problems.extend(unread)
    return None if perf.is_empty() else perf


def _overall_figures(match: re.Match[str]) -> dict[str, Decimal]:
    """budget, actual, execution_rate, score of the overall line.

    With more than two amounts before the rate (年初预算数, 全年预算数, 全年执行数,
    分值), budget and actual are the pair whose ratio is the printed rate.
    """
    amounts = [a for a in (amount_or_none(t) for t in match.group("amounts").split()) if a is not None]
    rate = amount_or_none(match.group(len(match.groups()) - 1))
    score = amount_or_none(match.group(len(match.groups())))
    pair: tuple[Decimal, Decimal] | None = None
    if len(amounts) == 2:
        pair = (amounts[0], amounts[1])
    elif rate is not None:
        fits = [
            (amounts[i], amounts[j])
            for i in range(len(amounts))
            for j in range(i + 1, len(amounts))
            if amounts[i] > 0 and abs(amounts[j] / amounts[i] * 100 - rate) <= 1
        ]
        pair = fits[-1] if fits else None
    out: dict[str, Decimal] = {}
    if pair is not None:
        out["budget"], out["actual"] = pair
    if rate is not None:
        out["execution_rate"] = rate
    if score is not None:
        out["score"] = score
    return out


_PROJECT_TABLE = re.compile(spaced("项目支出绩效自评表"))
_PROJECT_NAME = re.compile(
    spaced("项目名称")
    + r"\s*(?P<name>\S.*?)(?=\s|主管部门|实施单位|项目资金|年度资金总额|预算执行|年度目标|年度总体目标|$)"
)
_PROJECT_FUNDS = re.compile(
    spaced("年度资金总额") + _S + r"(?P<amounts>(?:" + NUMBER + r"\s+){2,4})" + NUMBER + _S + r"[%％]" + _S + NUMBER
)


def _read_project_tables(flat: RunningText, perf: Performance) -> None:
    """Projects from their 项目支出绩效自评表 (项目名称 …, 年度资金总额 …), where the text has no 综述."""
    text = flat.text
    starts = [m.end() for m in _PROJECT_TABLE.finditer(text)]
    for i, start in enumerate(starts):
        block = text[start : starts[i + 1] if i + 1 < len(starts) else len(text)]
        name = _PROJECT_NAME.search(block)
        funds = _PROJECT_FUNDS.search(block)
        if name is None or funds is None:
            continue
        figures = _overall_figures(funds)
        if "budget" not in figures:
            continue
        label = name.group("name").strip()
        perf.projects.append({
            "name": label,
            "budget": figures["budget"],
            "actual": figures["actual"],
            "execution_rate": figures.get("execution_rate"),
        })
        perf.sources[f"projects.{label}"] = _source_at(flat, start + funds.start(), funds.group(0))


def _region_end(text: str, start: int) -> int:
    """The 整体 自评表 ends where a 项目支出 自评表 begins (or the text ends)."""
    nxt = re.compile(spaced("项目支出绩效自评表")).search(text, start)
    return nxt.start() if nxt else len(text)


def _source_at(flat: RunningText, offset: int, text: str) -> Source:
    return Source(flat.page_number(offset), " ".join(text.split()), flat.line_box(offset))


def _read_split_totals(flat: RunningText, region: str, offset: int, overall: dict[str, Any], perf: Performance) -> None:
    """基本支出总额 / 项目支出总额 of the 自评表: in 元 when they add up to the actual total x 10000."""
    basic = _BASIC_TOTAL.search(region)
    project = _PROJECT_TOTAL.search(region)
    if not basic and not project:
        return
    values = {
        "basic": amount_or_none(basic.group(1)) if basic else None,
        "project": amount_or_none(project.group(1)) if project else None,
    }
    in_yuan = _in_yuan(region, values, overall.get("actual"))
    for name, match in (("basic", basic), ("project", project)):
        value = values[name]
        if match is None or value is None:
            continue
        key = f"{name}_total_yuan" if in_yuan else f"{name}_total"
        overall[key] = value
        perf.sources[f"overall.{key}"] = _source_at(flat, offset + match.start(), match.group(0))


def _in_yuan(region: str, values: dict[str, Decimal | None], actual: Decimal | None) -> bool:
    if re.search(r"[（(]\s*元\s*[）)]|单位[：:]\s*元", region):
        return True
    largest = max((v for v in values.values() if v is not None), default=Decimal(0))
    if actual is not None and actual > 0:
        return largest > actual * 10  # a part in 万元 cannot exceed the whole
    return largest >= 100000
