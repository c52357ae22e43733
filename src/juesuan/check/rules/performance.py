"""绩效自评: execution rate, score = weight x rate, indicator scores, the self-evaluated projects."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from juesuan.check.compare import dec, expected_pct, fmt, percent_verdict, same_verdict, sum_verdict
from juesuan.check.finding import Hit, Location, Severity
from juesuan.check.interval import Interval
from juesuan.check.locate import at_fact, at_performance, at_total
from juesuan.check.names import normalize
from juesuan.check.rule import Rule, rule
from juesuan.check.table_access import live, value_at
from juesuan.model import Performance, Report

RULES: list[Rule] = []

# weights of 预算执行率 in the 自评表 templates in use (财政部 10 分, many provinces 20 分)
EXECUTION_WEIGHTS: tuple[Decimal, ...] = (Decimal(20), Decimal(10))
# weights other templates use: a score that fits one of them is noted, not called wrong
OTHER_WEIGHTS: tuple[Decimal, ...] = (Decimal(5), Decimal(15), Decimal(25), Decimal(30))


def _perf(report: Report) -> Performance | None:
    perf = report.performance
    return perf if perf is not None and not perf.is_empty() else None


def _rate(budget: Decimal | None, actual: Decimal | None) -> Interval | None:
    if budget is None or actual is None:
        return None
    return Interval.printed(actual).divide(Interval.printed(budget))


@rule(
    RULES, "P501", "execution-rate", "error", "performance",
    "绩效自评表的预算执行率算错",
    "预算执行率 = 全年执行数 / 全年预算数（总表与每个项目），按百分比取整规则判断"
    "（整数百分比允许1个百分点的取整差异）。",
    "绩效自评 人才工作经费 执行率 打印 33%，95.62 / 409.04 = 23%",
)
def execution_rate(report: Report) -> Iterator[Hit]:
    perf = _perf(report)
    if perf is None:
        return
    items: list[tuple[str, str, dict[str, Any]]] = [("总体", "overall", dict(perf.overall))]
    items += [(str(p.get("name") or f"项目{i + 1}"), f"projects.{i}", p) for i, p in enumerate(perf.projects)]
    for name, path, item in items:
        rate = dec(item.get("execution_rate"))
        ratio = _rate(dec(item.get("budget")), dec(item.get("actual")))
        verdict = percent_verdict(rate, ratio) if rate is not None else None
        if verdict and ratio is not None and rate is not None:
            expect = expected_pct(ratio, rate)
            yield Hit(f"绩效自评 {name} 执行率 打印 {rate}%，{item.get('actual')} / {item.get('budget')} = {expect}",
                      at_performance(report, f"{path}.execution_rate"), verdict, f"{rate}%", expect)


@rule(
    RULES, "P502", "execution-score", "error", "performance",
    "预算执行率得分不等于 分值 × 执行率",
    """
    预算执行率得分 = 分值 × 执行率（执行率超过100%按100%）；分值为20（常见模板）或10（财政部模板），
    执行率可用精确值或表上打印的执行率。得分与其他模板的分值（5、15、25、30）相符时只作提示。
    """,
    "绩效自评 预算执行率得分 打印 16.12，20 × 1405.72 / 1859.82 = 15.12",
)
def execution_score(report: Report) -> Iterator[Hit]:
    perf = _perf(report)
    if perf is None:
        return
    score = dec(perf.overall.get("score"))
    ratio = _rate(dec(perf.overall.get("budget")), dec(perf.overall.get("actual")))
    rate = dec(perf.overall.get("execution_rate"))
    if score is None or (ratio is None and rate is None):
        return
    def candidates(weights: tuple[Decimal, ...]) -> list[Interval]:
        out: list[Interval] = []
        for weight in weights:
            factor = weight / 100
            if ratio is not None:
                capped = Interval(min(ratio.lo, Decimal(1)), min(ratio.hi, Decimal(1)))
                out.append(capped.scale(factor))
            if rate is not None:
                out.append(Interval.exact(min(rate, Decimal(100)) / 100).scale(factor))
        return out

    usual = candidates(EXECUTION_WEIGHTS)
    verdicts = [percent_verdict(score, c) for c in usual]
    if any(v is None for v in verdicts):
        return
    expect = expected_pct(usual[0], score).rstrip("%")
    other = next((w for w in OTHER_WEIGHTS if any(percent_verdict(score, c) is None for c in candidates((w,)))), None)
    if other is not None:  # a template with another weight, not a miscalculation
        yield Hit(f"绩效自评 预算执行率得分 打印 {score}，按分值 {other} × 执行率相符（常见模板分值为 20 或 10，"
                  f"20 × 执行率 = {expect}）", at_performance(report, "overall.score"), "info", str(score), expect,
                  rounding=False)
        return
    best: Severity = "info" if "info" in verdicts else "error"
    yield Hit(f"绩效自评 预算执行率得分 打印 {score}，20 × 执行率 = {expect}", at_performance(report, "overall.score"),
              best, str(score), expect)


@rule(
    RULES, "P503", "indicator-sum", "error", "performance",
    "各指标得分之和不等于总分",
    "绩效自评表总分 = 各指标得分之和（指标中没有“预算执行率”一行时加上预算执行率得分）。",
    "绩效自评 总分 打印 95.02，各指标得分之和 = 94.02",
)
def indicator_sum(report: Report) -> Iterator[Hit]:
    perf = _perf(report)
    if perf is None:
        return
    total = dec(perf.overall.get("total_score"))
    scores = [dec(i.get("score")) for i in perf.indicators]
    if total is None or not any(s is not None for s in scores):
        return
    has_execution = any("执行率" in str(i.get("level3") or i.get("level2") or "") for i in perf.indicators)
    parts = [s for s in scores if s is not None]
    execution_score = dec(perf.overall.get("score"))
    if not has_execution and execution_score is not None:
        parts.append(execution_score)
    verdict, expected = sum_verdict(total, parts)
    if verdict:
        yield Hit(f"绩效自评 总分 打印 {fmt(total)}，各指标得分之和 = {fmt(expected)}",
                  at_performance(report, "overall.total_score"), verdict, fmt(total), fmt(expected))


@rule(
    RULES, "P504", "self-evaluated", "error", "performance",
    "自评项目的金额、个数或占比不符",
    """
    开展绩效自评的项目：列出的各项目执行数之和 = 自评金额；项目个数 = 列出的项目数（不符只报警告：可能只列了部分项目，
    此时不查金额）；占比 = 自评金额 / 项目支出，按百分比取整规则判断。
    项目支出可以是支出决算表的项目支出合计（全部资金），也可以是一般公共预算财政拨款支出决算表的项目支出合计（模板的说法：“占一般公共预算项目支出总额的”），与其中之一相符即可；
    两表都没有时用正文的项目支出。
    """,
    "自评项目金额 打印 649.94，各项目执行数之和 = 652.82",
)
def self_evaluated(report: Report) -> Iterator[Hit]:
    perf = _perf(report)
    if perf is None or not perf.self_evaluated:
        return
    amount = dec(perf.self_evaluated.get("amount"))
    count = perf.self_evaluated.get("projects")
    actuals = [dec(p.get("actual")) for p in perf.projects]
    if isinstance(count, int) and perf.projects and count != len(perf.projects):  # may list only some: warning
        yield Hit(f"自评项目个数 打印 {count}，列出的项目有 {len(perf.projects)} 个",
                  at_performance(report, "self_evaluated.projects"), "warning", str(count), str(len(perf.projects)))
    elif amount is not None and actuals and all(a is not None for a in actuals):
        verdict, expected = sum_verdict(amount, actuals)
        if verdict:
            yield Hit(f"自评项目金额 打印 {fmt(amount)}，各项目执行数之和 = {fmt(expected)}",
                      at_performance(report, "self_evaluated.amount"), verdict, fmt(amount), fmt(expected))
    share = dec(perf.self_evaluated.get("share_pct"))
    bases = _project_spending(report)
    if share is None or amount is None or not bases:
        return
    verdicts = [(percent_verdict(share, _rate(project, amount)), project, where) for project, where in bases]
    if any(verdict is None for verdict, _, _ in verdicts):
        return  # the share of one of the project totals the report can mean
    verdict, project, where = next(((v, p, w) for v, p, w in verdicts if v == "info"), verdicts[0])
    ratio = _rate(project, amount)
    if verdict and ratio is not None:
        expect = expected_pct(ratio, share)
        yield Hit(f"自评金额占项目支出 打印 {share}%，{fmt(amount)} / {fmt(project)} = {expect}",
                  at_performance(report, "self_evaluated.share_pct"), verdict, f"{share}%", expect, basis=where)


def _project_spending(report: Report) -> list[tuple[Decimal, tuple[Location, ...]]]:
    """The project totals a 自评 share can be of, with where each is printed: 项目支出 of all funds (the 支出决算表's
    合计), of the 一般公共预算 (the template's wording: 占一般公共预算项目支出总额的), else the text's 项目支出."""
    out: list[tuple[Decimal, tuple[Location, ...]]] = []
    for key in ("expenditure", "general_budget"):
        table = live(report, key)
        index = table.column("project") if table is not None else None
        if table is not None and table.total is not None and index is not None:
            value = value_at(table.total, index)
            if value is not None and all(value != known for known, _ in out):
                out.append((value, (at_total(table, index),)))
    text = dec(report.narrative.get("project.amount"))
    if not out and text is not None:
        out.append((text, (at_fact(report, "project.amount"),)))
    return out


@rule(
    RULES, "P505", "yuan-totals", "error", "performance",
    "绩效自评表以元计的基本/项目支出与支出决算表不符",
    "自评表以元打印的基本支出、项目支出合计，折成万元（四舍五入到0.01）应等于支出决算表（或一般公共预算财政拨款"
    "支出决算表）的基本支出、项目支出合计。",
    "绩效自评 基本支出 5975504.21 元 = 597.55 万元，支出决算表 基本支出 打印 597.65",
)
def yuan_totals(report: Report) -> Iterator[Hit]:
    perf, table, budget = _perf(report), live(report, "expenditure"), live(report, "general_budget")
    if perf is None or table is None or table.total is None:
        return
    pairs = (("basic_total_yuan", "basic", "基本支出"), ("project_total_yuan", "project", "项目支出"))
    for key, column, label in pairs:
        yuan, ci = dec(perf.overall.get(key)), table.column(column)
        if yuan is None or ci is None:
            continue
        wan = (yuan / 10000).quantize(Decimal("0.01"))
        printed = value_at(table.total, ci)
        verdict = same_verdict(wan, printed)
        if verdict and budget is not None and budget.total is not None:  # the 自评表 may count 一般公共预算 only
            if same_verdict(wan, value_at(budget.total, budget.column(column))) is None:
                continue
        if verdict:
            yield Hit(f"绩效自评 {label} {yuan} 元 = {fmt(wan)} 万元，支出决算表 {label} 打印 {fmt(printed)}",
                      at_performance(report, f"overall.{key}"), verdict, fmt(wan), fmt(printed),
                      (at_total(table, ci),))


@rule(
    RULES, "P506", "project-amounts", "error", "performance",
    "情况说明中的项目金额与绩效自评表不符",
    """
    情况说明“项目支出主要用于”列出的项目金额，与绩效自评表同名项目的执行数应相同（名称须完全一致才比较）。
    """,
    "情况说明 基层党建工作经费 87.66 万元，绩效自评表 执行数 86.66 万元",
)
def project_amounts(report: Report) -> Iterator[Hit]:
    perf, listed = _perf(report), report.narrative.get("projects")
    if perf is None or not isinstance(listed, dict):
        return
    actuals = {normalize(str(p.get("name") or "")): (i, dec(p.get("actual"))) for i, p in enumerate(perf.projects)}
    for name, amount in listed.items():
        printed = dec(amount)
        index, actual = actuals.get(normalize(name), (None, None))
        if printed is None or index is None or actual is None:
            continue
        verdict = same_verdict(printed, actual)
        if verdict:
            yield Hit(f"情况说明 {name} {fmt(printed)} 万元，绩效自评表 执行数 {fmt(actual)} 万元",
                      at_fact(report, f"projects.{name}"), verdict, fmt(printed), fmt(actual),
                      (at_performance(report, f"projects.{index}.actual"),))
