"""Chinese names of the narrative's dotted paths for messages.

"general_budget.completion_pct" -> "一般公共预算财政拨款支出 完成率".
"""

from __future__ import annotations

WHOLE: dict[str, str] = {
    "total": "收入支出总计",
    "previous_total": "上年收入支出总计",
    "change": "收入支出总计 增减额",
    "change_pct": "收入支出总计 增减率",
    "income_total": "本年收入合计",
    "expenditure_total": "本年支出合计",
}

PARTS: dict[str, str] = {
    "fiscal": "财政拨款收入支出",
    "general_budget": "一般公共预算财政拨款支出",
    "three_public": "“三公”经费",
    "operating_costs": "机关运行经费",
    "procurement": "政府采购",
    "basic_detail": "基本支出",
    "basic": "基本支出",
    "project": "项目支出",
    "overseas": "因公出国（境）费",
    "vehicles": "公务用车购置及运行维护费",
    "reception": "公务接待费",
    "meeting": "会议费",
    "training": "培训费",
    "goods": "货物",
    "works": "工程",
    "services": "服务",
    "personnel": "人员经费",
    "public": "公用经费",
    "income_parts": "",
    "by_class": "",
    "amount": "",
    "total": "总计",
    "pct": "占比",
    "share_pct": "占比",
    "completion_pct": "完成率",
    "change": "增减额",
    "change_pct": "增减率",
    "actual": "决算数",
    "budget": "年初预算",
    "full_year_budget": "全年预算",
    "previous": "上年数",
}


def fact_label(path: str) -> str:
    if path in WHOLE:
        return WHOLE[path]
    words = [PARTS.get(part, part) for part in path.split(".")]
    return " ".join(w for w in words if w)
