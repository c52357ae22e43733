"""情况说明 percentages: shares (占 x%), year-on-year changes and budget completion rates.

Every percentage is recomputed from the narrative's own printed amounts (the
tables' where the text prints none) and judged by ``compare.percent_verdict``:
the rounding of the amounts it is computed from is allowed for, so no
percentage that some exact values behind the printed amounts would give is
ever called wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from juesuan.amounts import as_number
from juesuan.check.compare import dec, expected_pct, fmt, percent_verdict, sum_verdict
from juesuan.check.fact_labels import fact_label
from juesuan.check.facts import THREE_PUBLIC_ITEMS, fact, general_figures, three_public_figures
from juesuan.check.finding import Hit, Location, Severity
from juesuan.check.interval import Interval
from juesuan.check.locate import at_fact
from juesuan.check.rule import Rule, rule
from juesuan.model import Report

RULES: list[Rule] = []


def _sourced(report: Report, path: str) -> tuple[Decimal | None, tuple[Location, ...]]:
    """The narrative's printed amount, else the table's (as the text restates it), and where it is printed."""
    printed = dec(fact(report, path))
    if printed is not None:
        return printed, (at_fact(report, path),)
    for fig in (*general_figures(report), *three_public_figures(report)):
        if fig.path == path and fig.value is not None:
            return fig.value, (fig.where,)
    return None, ()


def _facts(report: Report, *paths: str | None) -> tuple[Location, ...]:
    """The narrative facts a verdict uses (those the text prints)."""
    return tuple(at_fact(report, p) for p in paths if p is not None and fact(report, p) is not None)


def _share_paths(report: Report) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(percentage path, numerator path, denominator paths: the first is the usual one, any may match)."""
    parts = fact(report, "income_parts")
    if isinstance(parts, dict):
        for name in parts:
            yield f"income_parts.{name}.pct", f"income_parts.{name}.amount", ("income_total",)
    yield "basic.pct", "basic.amount", ("expenditure_total",)
    yield "project.pct", "project.amount", ("expenditure_total",)
    by_class = fact(report, "general_budget.by_class")
    if isinstance(by_class, dict):
        for name in by_class:
            # 占一般公共预算财政拨款支出 (usual) or 占本年支出合计 (some reports)
            yield (f"general_budget.by_class.{name}.share_pct", f"general_budget.by_class.{name}.actual",
                   ("general_budget.actual", "expenditure_total"))


def _ratio(num: Decimal, den: Decimal) -> Interval | None:
    return Interval.printed(num).divide(Interval.printed(den))


@rule(
    RULES, "N402", "narrative-share", "error", "narrative",
    "情况说明中的占比（占 x%）算错",
    """
    占比 = 分项 / 总数：各项收入占本年收入合计，基本支出、项目支出占本年支出合计，一般公共预算各类占一般公共预算
    财政拨款支出（与占本年支出合计相符也不报）。用正文打印的金额（没有时用表格）重算。判定见“百分比的取整规则”：打印的百分比只要能由打印金额
    背后的某组精确值四舍五入得到就不报；差在末位一个单位以内报“取整差异”（提示），更大才是错误。
    """,
    "一般公共服务支出 占比 打印 71.73%，2106.66 / 2940.05 = 71.65%",
)
def narrative_share(report: Report) -> Iterator[Hit]:
    for pct_path, num_path, den_paths in _share_paths(report):
        pct, (num, basis) = dec(fact(report, pct_path)), _sourced(report, num_path)
        sourced = [_sourced(report, p) for p in den_paths]
        dens = [d for d, _ in sourced if d is not None]
        if pct is None or num is None or not dens:
            continue
        basis += next(where for d, where in sourced if d is not None)
        verdicts = [percent_verdict(pct, _ratio(num, d)) for d in dens]
        if None in verdicts:
            continue
        verdict: Severity = "info" if "info" in verdicts else "error"
        den = dens[0]
        ratio = _ratio(num, den)
        if ratio is not None:
            expect = expected_pct(ratio, pct)
            yield Hit(f"{fact_label(pct_path)} 打印 {pct}%，{fmt(num)} / {fmt(den)} = {expect}",
                      at_fact(report, pct_path), verdict, f"{pct}%", expect, basis=basis)


# (label, current, previous, change, change %)
CHANGES: tuple[tuple[str, str, str, str, str], ...] = (
    ("收入支出总计", "total", "previous_total", "change", "change_pct"),
    ("财政拨款收入支出总计", "fiscal.total", "fiscal.previous", "fiscal.change", "fiscal.change_pct"),
    ("一般公共预算财政拨款支出", "general_budget.actual", "general_budget.previous", "general_budget.change",
     "general_budget.change_pct"),
    ("“三公”经费", "three_public.actual", "three_public.previous", "three_public.change", "three_public.change_pct"),
    ("机关运行经费", "operating_costs.amount", "operating_costs.previous", "operating_costs.change",
     "operating_costs.change_pct"),
)


@rule(
    RULES, "N403", "narrative-change", "error", "narrative",
    "情况说明中的同比增减额或增减率算错",
    """
    与上年相比：增减额 = 本年 − 上年（正文打印了上年数时），增减率 = 增减额 / 上年（上年数未打印时取
    本年 − 增减额）。增加/减少、增长/下降的方向由符号体现，方向相反即错。上年为0时增长率没有意义，打印的增长率只作提示。
    """,
    "收入支出总计 增减率 打印 -1.87%，-56.95 / 3052.34 = -1.97%",
)
def narrative_change(report: Report) -> Iterator[Hit]:
    for label, cur_path, prev_path, change_path, pct_path in CHANGES:
        cur, prev = dec(fact(report, cur_path)), dec(fact(report, prev_path))
        change, pct = dec(fact(report, change_path)), dec(fact(report, pct_path))
        if cur is None:
            continue
        basis = _facts(report, cur_path, prev_path, change_path)
        if prev is not None and change is not None:
            verdict, _ = sum_verdict(change, [cur, -prev])
            if verdict:
                yield Hit(f"{label} 增减额 打印 {fmt(change)}，{fmt(cur)} − {fmt(prev)} = {fmt(cur - prev)}",
                          at_fact(report, change_path), verdict, fmt(change), fmt(cur - prev), basis=basis)
        if pct is None:
            continue
        if prev is not None:
            base = Interval.printed(prev)
            diff = Interval.printed(cur) - base
        elif change is not None:
            diff = Interval.printed(change)
            base = Interval.printed(cur) - diff
        else:
            continue
        previous = prev if prev is not None else cur - as_number(change)
        if previous == 0:
            if pct == 0:  # 0 then, 0 now: 持平
                continue
            yield Hit(f"{label} 上年为0，增长率没有意义（打印 {pct}%）", at_fact(report, pct_path), "info",
                      f"{pct}%", None, rounding=False, basis=basis)
            continue
        ratio = diff.divide(base)
        verdict = percent_verdict(pct, ratio)
        if verdict and ratio is not None:
            expect = expected_pct(ratio, pct)
            yield Hit(f"{label} 增减率 打印 {pct}%，按本年 {fmt(cur)}、上年 {fmt(previous)} 应为 {expect}",
                      at_fact(report, pct_path), verdict, f"{pct}%", expect, basis=basis)


def _completions(report: Report) -> Iterator[tuple[str, str, str, str | None]]:
    """(label, base path, completion path, full-year budget path)."""
    yield ("一般公共预算财政拨款支出", "general_budget", "general_budget.completion_pct",
           "general_budget.full_year_budget")
    by_class = fact(report, "general_budget.by_class")
    if isinstance(by_class, dict):
        for name in by_class:
            base = f"general_budget.by_class.{name}"
            yield name, base, f"{base}.completion_pct", f"{base}.full_year_budget"
    yield "“三公”经费", "three_public", "three_public.completion_pct", None
    for item in THREE_PUBLIC_ITEMS:
        yield f"“三公”经费 {fact_label(item)}", f"three_public.{item}", f"three_public.{item}.completion_pct", None


def _budget(report: Report, base: str) -> tuple[Decimal | None, tuple[Location, ...]]:
    """The 年初预算 behind a completion rate, and where it is printed: the text's, else the table's
    (三公 table; blank = 0)."""
    printed = dec(fact(report, f"{base}.budget"))
    if printed is not None:
        return printed, (at_fact(report, f"{base}.budget"),)
    if base.startswith("three_public"):
        for fig in three_public_figures(report):
            if fig.path == f"{base}.budget":
                return as_number(fig.value), (fig.where,)
    return None, ()


@rule(
    RULES, "N404", "completion-rate", "error", "narrative",
    "情况说明中的预算完成率算错",
    """
    完成率 = 决算数 / 预算数：一般公共预算财政拨款支出及各类、“三公”经费及各项。年初预算为0而打印了全年预算时，
    按全年预算计；两者都打印时与其中之一相符即可。预算为0的情况由 N405 处理。
    """,
    "一般公共预算财政拨款支出 完成率 打印 98.20%，2940.05 / 2993.92 = 98.20%",
)
def completion_rate(report: Report) -> Iterator[Hit]:
    for label, base, pct_path, full_path in _completions(report):
        pct = dec(fact(report, pct_path))
        actual, basis = _sourced(report, f"{base}.actual")
        if pct is None or actual is None:
            continue
        start, where = _budget(report, base)
        basis += where + _facts(report, full_path)
        budgets = [b for b in (start, dec(fact(report, full_path)) if full_path else None)
                   if b is not None and b != 0]
        if not budgets:
            continue
        verdicts = [(percent_verdict(pct, _ratio(actual, b)), b) for b in budgets]
        if any(v is None for v, _ in verdicts):
            continue
        verdict, budget = min(verdicts, key=lambda vb: 0 if vb[0] == "info" else 1)
        ratio = _ratio(actual, budget)
        if ratio is None:
            continue
        expect = expected_pct(ratio, pct)
        yield Hit(f"{label} 完成率 打印 {pct}%，{fmt(actual)} / {fmt(budget)} = {expect}", at_fact(report, pct_path),
                  verdict, f"{pct}%", expect, basis=basis)


@rule(
    RULES, "N405", "completion-zero-budget", "error", "narrative",
    "对为0的预算打印了完成率",
    """
    年初预算为0（或空）时完成率无从计算，正文却写“完成（年初）预算的 x%”。正文打印了全年预算、且原句写明
    “完成全年预算”时不报。决算数和完成率都为0（“0%”对预算0）只报警告。
    """,
    "一般公共预算财政拨款支出 年初预算为 0，却打印完成率 95.89%",
)
def completion_zero_budget(report: Report) -> Iterator[Hit]:
    for label, base, pct_path, full_path in _completions(report):
        pct = dec(fact(report, pct_path))
        if pct is None:
            continue
        budget, basis = _budget(report, base)
        if budget is None or budget != 0:
            continue
        loc = at_fact(report, pct_path)
        full = dec(fact(report, full_path)) if full_path else None
        if full is not None and loc.text and "全年预算" in loc.text and "年初预算的" not in loc.text:
            continue
        amount, where = _sourced(report, f"{base}.actual")
        actual = as_number(amount)
        also = f"（{pct}% 是对全年预算 {fmt(full)} 的完成率）" if full else ""
        severity: Severity = "warning" if actual == 0 and pct == 0 else "error"
        yield Hit(f"{label} 年初预算为 0，却打印完成率 {pct}%{also}", loc, severity, f"{pct}%", "不应打印完成率",
                  basis=basis + where)
