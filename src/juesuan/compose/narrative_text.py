"""第三部分 情况说明 一 to 十一: every number computed from the data, in the national template's sentences.

Shares add up to 100.00% (largest remainder), changes say 增加/减少/持平,
completion rates say 大于/小于/等于; the officer's reasons (``reasons.*``
narrative inputs) are inserted where the template asks for them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from juesuan.compose.document import Block, Chart, Heading, Paragraph
from juesuan.compose.figures import change, compare_word, fmt0, percent, shares
from juesuan.compose.report_figures import Figures, as_amount, collect, reason
from juesuan.model import THREE_PUBLIC_LABELS, Amount, Report, Table
from juesuan.standard import chinese_number


def _p(text: str) -> Paragraph:
    return Paragraph(text)


def _because(report: Report, key: str, lead: str = "主要原因：") -> str:
    why = reason(report, key)
    return f"{lead}{why}。" if why else ""


def _with_previous(current: Amount, previous: Amount, subject: str, year: int, report: Report, key: str) -> str:
    if previous is None:
        return ""
    ch = change(current, previous)
    text = f"与 {year - 1} 年度相比，{ch.sentence(subject)}。"
    if ch.amount != 0:
        text += _because(report, key)
    return text


def _parts_sentence(total_label: str, total: Amount, parts: list[tuple[str, Decimal]]) -> tuple[str, list[Decimal]]:
    pcts = shares([v for _, v in parts])
    items = "；".join(f"{name} {fmt0(v)} 万元，占 {p}%" for (name, v), p in zip(parts, pcts, strict=True))
    text = f"{total_label} {fmt0(total)} 万元"
    return (text + (f"，其中：{items}。" if items else "。")), pcts


def section_overall(report: Report, fig: Figures) -> list[Block]:
    y = fig.year
    out: list[Block] = [Heading("一、收入支出决算总体情况说明", 2)]
    text = f"{fig.department} {y} 年度收入支出总计 {fmt0(fig.total)} 万元。"
    text += _with_previous(fig.total, fig.previous_total, "收入支出总计", y, report, "total")
    out.append(_p(text))
    out += _change_chart("收入支出决算总计变动情况", "收入支出总计", y, fig.total, fig.previous_total)
    return out


def _change_chart(title: str, subject: str, year: int, current: Amount, previous: Amount) -> list[Block]:
    """The two years side by side; with the previous year unknown a one-bar chart says nothing: say so in words."""
    if previous is None:
        return [_p(f"{year - 1} 年度{subject}未填报，无法与上年比较，不作变动情况图。")]
    labels = [f"{year - 1} 年", f"{year} 年"]
    return [Chart(title, "bar", labels, [Decimal(previous), Decimal(current or 0)], axis_label=f"{subject}（万元）")]


def _structure_section(heading: str, lead: str, total: Amount, parts: list[tuple[str, Decimal]],
                       chart_title: str) -> list[Block]:
    """A total, its parts with their shares, and the pie chart of the parts (sections 二 and 三)."""
    text, pcts = _parts_sentence(lead, total, parts)
    out: list[Block] = [Heading(heading, 2), _p(text)]
    drawn = [(name, value, pct) for (name, value), pct in zip(parts, pcts, strict=True) if value > 0]
    if len(drawn) > 1:  # one part is 100%: the sentence says it, a one-slice pie does not add anything
        out.append(Chart(chart_title, "pie", [n for n, _, _ in drawn], [v for _, v, _ in drawn],
                         [p for _, _, p in drawn]))
    return out


def section_income(fig: Figures) -> list[Block]:
    return _structure_section("二、收入决算情况说明", f"{fig.year} 年度本年收入合计", fig.income_total,
                              fig.income_parts, "收入决算结构")


def section_expenditure(fig: Figures) -> list[Block]:
    return _structure_section("三、支出决算情况说明", f"{fig.year} 年度本年支出合计", fig.expenditure_total,
                              fig.expenditure_parts, "支出决算结构")


def section_fiscal(report: Report, fig: Figures) -> list[Block]:
    y = fig.year
    text = f"{fig.department} {y} 年度财政拨款收入支出总计 {fmt0(fig.fiscal_total)} 万元。"
    text += _with_previous(fig.fiscal_total, fig.fiscal_previous, "财政拨款收入支出总计", y, report, "fiscal")
    return [Heading("四、财政拨款收入支出决算总体情况说明", 2), _p(text),
            *_change_chart("财政拨款收入支出决算总计变动情况", "财政拨款收入支出总计", y, fig.fiscal_total,
                           fig.fiscal_previous)]


def _completion(actual: Amount, budget: Amount) -> str:
    """'完成年初预算的 75.27%，决算数小于年初预算数' (no rate when the budget is zero)."""
    word = compare_word(actual, budget)
    rate = percent(actual, budget)
    head = f"完成年初预算的 {rate}%，" if rate is not None else ""
    if word == "等于":
        return f"{head}决算数与年初预算数持平"
    return f"{head}决算数{word}年初预算数"


def section_general(report: Report, fig: Figures) -> list[Block]:
    y = fig.year
    out: list[Block] = [Heading("五、一般公共预算财政拨款支出决算情况说明", 2),
                        Heading("（一）一般公共预算财政拨款支出决算总体情况", 3)]
    share = percent(fig.general_actual, fig.expenditure_total)
    text = f"{y} 年度一般公共预算财政拨款支出 {fmt0(fig.general_actual)} 万元"
    text += f"，占本年支出合计的 {share}%。" if share is not None else "。"
    text += _with_previous(fig.general_actual, fig.general_previous, "一般公共预算财政拨款支出", y, report, "general")
    out.append(_p(text))
    out.append(Heading("（二）一般公共预算财政拨款支出决算结构情况", 3))
    pcts = shares([c.actual for c in fig.classes])
    items = "；".join(f"{c.name.removesuffix('支出')}（类）支出 {fmt0(c.actual)} 万元，占 {p}%"
                     for c, p in zip(fig.classes, pcts, strict=True))
    text = f"{y} 年度一般公共预算财政拨款支出 {fmt0(fig.general_actual)} 万元"
    out.append(_p(text + (f"，主要用于以下方面：{items}。" if items else "。")))
    out.append(Heading("（三）一般公共预算财政拨款支出决算具体情况", 3))
    full_year = as_amount(report.narrative.get("general_budget.full_year_budget"))
    if fig.general_budget is not None and full_year is not None:
        rate = percent(fig.general_actual, full_year)
        text = (f"{y} 年度一般公共预算财政拨款支出年初预算为 {fmt0(fig.general_budget)} 万元，全年预算为 "
                f"{fmt0(full_year)} 万元，支出决算为 {fmt0(fig.general_actual)} 万元")
        text += f"，完成全年预算的 {rate}%。" if rate is not None else "。"
        word = compare_word(fig.general_actual, full_year)
        text += f"决算数{word}全年预算数。" if word != "等于" else "决算数与全年预算数持平。"
        if word != "等于":
            text += _because(report, "general_budget")
    elif fig.general_budget is not None:
        text = (f"{y} 年度一般公共预算财政拨款支出年初预算为 {fmt0(fig.general_budget)} 万元，"
                f"支出决算为 {fmt0(fig.general_actual)} 万元，{_completion(fig.general_actual, fig.general_budget)}。")
        if compare_word(fig.general_actual, fig.general_budget) != "等于":
            text += _because(report, "general_budget")
    else:
        text = f"{y} 年度一般公共预算财政拨款支出决算为 {fmt0(fig.general_actual)} 万元。"
    out.append(_p(text))
    for i, c in enumerate(fig.classes, 1):
        line = f"{i}. {c.name}（类）。"
        if c.budget is not None:
            line += (f"年初预算为 {fmt0(c.budget)} 万元，支出决算为 {fmt0(c.actual)} 万元，"
                     f"{_completion(c.actual, c.budget)}。")
            if c.reason and compare_word(c.actual, c.budget) != "等于":
                line += f"主要原因：{c.reason}。"
        else:
            line += f"支出决算为 {fmt0(c.actual)} 万元。"
        out.append(_p(line))
    projects = report.narrative.get("projects")
    if isinstance(projects, dict) and projects:
        items = "；".join(f"{chinese_number(i)}是{name} {fmt0(as_amount(v))} 万元"
                         for i, (name, v) in enumerate(projects.items(), 1))
        project_total = fig.general_project
        lead = f"项目支出 {fmt0(project_total)} 万元，主要用于：" if project_total is not None else "项目支出主要用于："
        out.append(_p(lead + items + "。"))
    return out


def section_basic(fig: Figures) -> list[Block]:
    basic_total = (fig.personnel or Decimal(0)) + (fig.public or Decimal(0))
    text = (f"{fig.year} 年度一般公共预算财政拨款基本支出 {fmt0(basic_total)} 万元，"
            f"其中：人员经费 {fmt0(fig.personnel)} 万元")
    if fig.personnel_items:
        text += "，主要包括：" + "、".join(fig.personnel_items)
    text += f"；公用经费 {fmt0(fig.public)} 万元"
    if fig.public_items:
        text += "，主要包括：" + "、".join(fig.public_items)
    return [Heading("六、一般公共预算财政拨款基本支出决算情况说明", 2), _p(text + "。")]


def section_three_public(report: Report, fig: Figures) -> list[Block]:
    y = fig.year
    out: list[Block] = [Heading("七、财政拨款“三公”经费支出决算情况说明", 2)]
    table = report.tables.get("three_public")
    if table is None or table.empty or (not table.value("actual.total") and not table.value("budget.total")):
        out.append(_p(f"{fig.department} {y} 年度无“三公”经费财政拨款支出。"))
        return out

    def v(key: str) -> Amount:
        return table.value(key)

    out.append(Heading("（一）“三公”经费财政拨款支出决算总体情况说明", 3))
    text = (f"{y} 年度“三公”经费财政拨款支出预算为 {fmt0(v('budget.total'))} 万元，"
            f"支出决算为 {fmt0(v('actual.total'))} 万元")
    rate = percent(v("actual.total"), v("budget.total"))
    text += f"，完成预算的 {rate}%" if rate is not None else ""
    details = []
    for item in ("overseas", "vehicles", "reception"):
        d = f"{THREE_PUBLIC_LABELS[item]}支出决算为 {fmt0(v(f'actual.{item}'))} 万元"
        r = percent(v(f"actual.{item}"), v(f"budget.{item}"))
        details.append(d + (f"，完成预算的 {r}%" if r is not None else ""))
    text += "，其中：" + "；".join(details) + "。"
    word = compare_word(v("actual.total"), v("budget.total"))
    if word != "等于":
        text += _because(report, "three_public.budget", f"决算数{word}预算数的主要原因：")
    out.append(_p(text))
    previous = as_amount(report.narrative.get("three_public.previous"))
    if previous is not None:
        ch = change(v("actual.total"), previous)
        if ch.amount == 0:
            text = f"{y} 年度“三公”经费财政拨款支出决算数与上年持平。"
        else:
            text = f"{y} 年度“三公”经费财政拨款支出决算数较上年{ch.direction} {fmt0(abs(ch.amount))} 万元"
            text += f"，{ch.rate_word} {abs(ch.pct)}%。" if ch.pct is not None else "。"
        parts = []
        for item in ("overseas", "vehicles", "reception"):
            item_previous = as_amount(report.narrative.get(f"three_public.{item}.previous"))
            if item_previous is not None:
                ich = change(v(f"actual.{item}"), item_previous)
                parts.append(ich.sentence(f"{THREE_PUBLIC_LABELS[item]}支出决算"))
        if parts:
            text += "其中：" + "；".join(parts) + "。"
        if ch.amount != 0:
            text += _because(report, "three_public.previous")
        out.append(_p(text))
    out.append(Heading("（二）“三公”经费财政拨款支出决算具体情况说明", 3))
    items = ("overseas", "vehicles", "reception")
    pcts = shares([v(f"actual.{i}") for i in items])
    text = "“三公”经费财政拨款支出决算中，" + "；".join(
        f"{THREE_PUBLIC_LABELS[i]}支出决算 {fmt0(v(f'actual.{i}'))} 万元，占 {p}%"
        for i, p in zip(items, pcts, strict=True)
    ) + "。"
    out.append(_p(text))
    for n, item in enumerate(items, 1):
        line = (f"{n}. {THREE_PUBLIC_LABELS[item]}预算为 {fmt0(v(f'budget.{item}'))} 万元，"
                f"支出决算为 {fmt0(v(f'actual.{item}'))} 万元")
        r = percent(v(f"actual.{item}"), v(f"budget.{item}"))
        line += f"，完成预算的 {r}%。" if r is not None else "。"
        if item == "vehicles":
            line += (f"其中：公务用车购置支出 {fmt0(v('actual.vehicle_purchase'))} 万元；"
                     f"公务用车运行维护支出 {fmt0(v('actual.vehicle_operation'))} 万元。")
        out.append(_p(line))
    return out


def _fund_section(report: Report, fig: Figures, key: str, number: str, name: str) -> list[Block]:
    table: Table | None = report.tables.get(key)
    out: list[Block] = [Heading(f"{number}、{name}预算财政拨款收入支出决算情况说明", 2)]
    if table is None or table.empty or table.total is None:
        out.append(_p(f"{fig.department} {fig.year} 年度无{name}预算财政拨款收入和支出。"))
        return out

    def col(c: str) -> Amount:
        i = table.column(c)
        return table.total[i] if table.total is not None and i is not None and i < len(table.total) else None

    out.append(_p(f"{fig.year} 年度{name}预算财政拨款收入 {fmt0(col('income'))} 万元，"
                  f"支出 {fmt0(col('total'))} 万元。"))
    return out


def section_performance(report: Report, fig: Figures) -> list[Block]:
    out: list[Block] = [Heading("十、预算绩效管理情况", 2)]
    perf = report.performance
    written = report.narrative.get("performance_management")
    if isinstance(written, str) and written.strip():  # the department's own text, as it wrote (or printed) it
        out += [_p(line.strip()) for line in written.splitlines() if line.strip()]
        if perf is not None and perf.projects and "附件" not in written:
            out.append(_p("项目支出绩效自评表见附件。"))
        return out
    if perf is None or perf.is_empty():
        out.append(_p(f"{fig.department} {fig.year} 年度未报送预算绩效自评结果。"))
        return out
    se: dict[str, Any] = perf.self_evaluated
    if se:
        amount = as_amount(se.get("amount"))
        base, spending = fig.general_project, "一般公共预算项目支出"  # the template's wording
        if amount is not None and (base is None or amount > base) and fig.project is not None:
            base, spending = fig.project, "项目支出"  # the projects evaluated spend other funds too
        text = (f"根据预算绩效管理要求，本部门组织对 {fig.year} 年度{spending}开展绩效自评，"
                f"共涉及项目 {se.get('projects', len(perf.projects))} 个，资金 {fmt0(amount)} 万元")
        share = percent(amount, base)
        out.append(_p(text + (f"，占{spending}总额的 {share}%。" if share is not None else "。")))
    ov = perf.overall
    if ov:
        budget, actual = as_amount(ov.get("budget")), as_amount(ov.get("actual"))
        rate = percent(actual, budget)
        text = f"本部门开展部门整体支出绩效自评，预算数 {fmt0(budget)} 万元，执行数 {fmt0(actual)} 万元"
        text += f"，执行率 {rate}%" if rate is not None else ""
        score = ov.get("total_score")
        text += f"，自评得分 {score} 分。" if score is not None else "。"
        out.append(_p(text))
    for i, project in enumerate(perf.projects, 1):
        budget, actual = as_amount(project.get("budget")), as_amount(project.get("actual"))
        if project.get("name") and budget is not None and actual is not None:
            rate = percent(actual, budget)
            line = (f"{i}. {project['name']}项目绩效自评综述：项目全年预算数为 {fmt0(budget)} 万元，"
                    f"执行数为 {fmt0(actual)} 万元")
            out.append(_p(line + (f"，完成预算的 {rate}%。" if rate is not None else "。")))
    if perf.projects:
        out.append(_p("项目支出绩效自评表见附件。"))
    return out


def section_other(report: Report, fig: Figures) -> list[Block]:
    y = fig.year
    n = report.narrative
    out: list[Block] = [Heading("十一、其他重要事项的情况说明", 2), Heading("（一）机关运行经费支出情况", 3)]
    amount = as_amount(n.get("operating_costs.amount"))
    if amount is None or (amount == 0 and as_amount(n.get("operating_costs.previous")) in (None, Decimal(0))):
        out.append(_p(f"{fig.department} {y} 年度无机关运行经费支出。"))
    else:
        text = f"{fig.department} {y} 年度机关运行经费支出 {fmt0(amount)} 万元"
        previous = as_amount(n.get("operating_costs.previous"))
        if previous is not None:
            ch = change(amount, previous)
            if ch.amount == 0:
                text += f"，与 {y - 1} 年度持平。"
            else:
                text += f"，比 {y - 1} 年度{ch.direction} {fmt0(abs(ch.amount))} 万元"
                text += f"，{ch.rate_word} {abs(ch.pct)}%。" if ch.pct is not None else "。"
                text += _because(report, "operating_costs", "主要原因是")
        else:
            text += "。"
        out.append(_p(text))
    out.append(Heading("（二）政府采购支出情况", 3))
    total = as_amount(n.get("procurement.total"))
    if total is None:
        out.append(_p(f"{fig.department} {y} 年度无政府采购支出。"))
    else:
        parts = {k: as_amount(n.get(f"procurement.{k}")) for k in ("goods", "works", "services")}
        text = (f"{fig.department} {y} 年度政府采购支出总额 {fmt0(total)} 万元，其中：政府采购货物支出 "
                f"{fmt0(parts['goods'])} 万元、政府采购工程支出 {fmt0(parts['works'])} 万元、政府采购服务支出 "
                f"{fmt0(parts['services'])} 万元。")
        sme = as_amount(n.get("procurement.sme"))
        if sme is not None:
            share = percent(sme, total) or Decimal("0.00")
            text += f"授予中小企业合同金额 {fmt0(sme)} 万元，占政府采购支出总额的 {share}%。"
        out.append(_p(text))
    out.append(Heading("（三）国有资产占用情况", 3))
    vehicles = n.get("assets.vehicles")
    equipment = n.get("assets.equipment")
    if vehicles is not None:
        text = f"截至 {y} 年 12 月 31 日，{fig.department}共有车辆 {vehicles} 辆"
        text += f"；单价 100 万元（含）以上设备（不含车辆）{equipment} 台（套）。" if equipment is not None else "。"
        out.append(_p(text))
    else:
        out.append(_p(f"截至 {y} 年 12 月 31 日，{fig.department}国有资产占用情况未填报。"))
    return out


def narrative_blocks(report: Report) -> list[Block]:
    fig = collect(report)
    blocks: list[Block] = []
    blocks += section_overall(report, fig)
    blocks += section_income(fig)
    blocks += section_expenditure(fig)
    blocks += section_fiscal(report, fig)
    blocks += section_general(report, fig)
    blocks += section_basic(fig)
    blocks += section_three_public(report, fig)
    blocks += _fund_section(report, fig, "gov_fund", "八", "政府性基金")
    blocks += _fund_section(report, fig, "state_capital", "九", "国有资本经营")
    blocks += section_performance(report, fig)
    blocks += section_other(report, fig)
    for number, chart in enumerate((b for b in blocks if isinstance(b, Chart)), 1):
        chart.number = number  # 图1, 图2, ... in the order printed, over the figures the data allows
    return blocks
