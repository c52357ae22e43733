"""A small, fully consistent synthetic report: every rule is silent on it; tests change one thing."""

from __future__ import annotations

from typing import Any

from juesuan.model import Report
from juesuan.model_json import report_from_json

N = None
DEPARTMENT = "上海市普陀区测试局"

PAGES: list[tuple[int, list[str]]] = [
    (1, [f"{DEPARTMENT}2024年度部门决算"]),
    (9, [
        "一、收入支出决算总体情况说明",
        f"{DEPARTMENT}2024年度收入支出总计115.00万元。与2023年度相比，收入支出总计",
        "减少5.00万元，下降4.17%。",
        "二、收入决算情况说明", "三、支出决算情况说明", "四、财政拨款收入支出决算总体情况说明",
        "五、一般公共预算财政拨款支出决算情况说明",
        "一般公共预算财政拨款支出年初预算为125.00万元，支出决算为100.00万元，完成年初预算的80.00%。",
        "决算数小于预算数的主要原因：项目延期。",
        "1、一般公共服务支出（类）。年初预算为90.00万元，支出决算为70.00万元，完成年初预算的77.78%。",
        "决算数小于预算数。",
        "六、一般公共预算财政拨款基本支出决算情况说明",
        "七、财政拨款“三公”经费支出决算情况说明",
        "八、政府性基金预算财政拨款收入支出决算情况说明", "九、国有资本经营预算财政拨款收入支出决算情况说明",
        "十、预算绩效管理情况",
        "十一、其他重要事项的情况说明 （一）机关运行经费支出情况 （二）政府采购支出情况",
        "（三）国有资产占用情况 截至2024年12月31日，共有车辆0辆。",
        "第四部分 名词解释",
    ]),
]


def data() -> dict[str, Any]:
    """The report in the model's JSON form (fresh each call, so tests can change it)."""
    def side(*lines: tuple[str, list[str | None]]) -> list[dict[str, Any]]:
        return [{"name": n, "values": v} for n, v in lines]

    return {
        "department": DEPARTMENT,
        "year": 2024,
        "unit": "万元",
        "tables": {
            "summary": {
                "income": side(("一般公共预算财政拨款收入", ["100.00"]), ("政府性基金预算财政拨款收入", [N]),
                               ("国有资本经营预算财政拨款收入", [N]), ("上级补助收入", [N]), ("事业收入", [N]),
                               ("经营收入", [N]), ("附属单位上缴收入", [N]), ("其他收入", ["10.00"])),
                "expenditure": side(("一般公共服务支出", ["80.00"]), ("外交支出", [N]),
                                    ("社会保障和就业支出", ["30.00"])),
                "income_total": ["110.00"], "expenditure_total": ["110.00"], "use_of_balance": [N],
                "distribution": [N], "opening_balance": ["5.00"], "closing_balance": ["5.00"],
                "grand_total": {"income": ["115.00"], "expenditure": ["115.00"]},
                "pages": [2],
            },
            "income": {
                "columns": ["total", "fiscal", "superior_subsidy", "business", "operating", "affiliated", "other"],
                "total": ["110.00", "100.00", N, N, N, N, "10.00"],
                "rows": [
                    {"code": "201", "name": "一般公共服务支出", "values": ["80.00", "70.00", N, N, N, N, "10.00"]},
                    {"code": "20101", "name": "人大事务", "values": ["80.00", "70.00", N, N, N, N, "10.00"]},
                    {"code": "2010101", "name": "行政运行", "values": ["80.00", "70.00", N, N, N, N, "10.00"]},
                    {"code": "208", "name": "社会保障和就业支出", "values": ["30.00", "30.00", N, N, N, N, N]},
                    {"code": "20805", "name": "行政事业单位养老支出", "values": ["30.00", "30.00", N, N, N, N, N]},
                    {"code": "2080505", "name": "机关事业单位基本养老保险缴费支出",
                     "values": ["30.00", "30.00", N, N, N, N, N]},
                ],
                "pages": [3],
            },
            "expenditure": {
                "columns": ["total", "basic", "project", "to_superior", "operating", "to_affiliated"],
                "total": ["110.00", "80.00", "30.00", N, N, N],
                "rows": [
                    {"code": "201", "name": "一般公共服务支出", "values": ["80.00", "50.00", "30.00", N, N, N],
                     "page": 4, "boxes": [[300, 200, 340, 212], [350, 200, 390, 212], [400, 200, 440, 212],
                                          None, None, None]},
                    {"code": "20101", "name": "人大事务", "values": ["80.00", "50.00", "30.00", N, N, N]},
                    {"code": "2010101", "name": "行政运行", "values": ["80.00", "50.00", "30.00", N, N, N]},
                    {"code": "208", "name": "社会保障和就业支出", "values": ["30.00", "30.00", N, N, N, N]},
                    {"code": "20805", "name": "行政事业单位养老支出", "values": ["30.00", "30.00", N, N, N, N]},
                    {"code": "2080505", "name": "机关事业单位基本养老保险缴费支出",
                     "values": ["30.00", "30.00", N, N, N, N]},
                ],
                "pages": [4],
            },
            "fiscal_summary": {
                "income": side(("一般公共预算财政拨款", ["100.00"]), ("政府性基金预算财政拨款", [N]),
                               ("国有资本经营预算财政拨款", [N])),
                "expenditure": side(("一般公共服务支出", ["70.00", "70.00", N, N]),
                                    ("社会保障和就业支出", ["30.00", "30.00", N, N])),
                "income_total": ["100.00"], "expenditure_total": ["100.00", "100.00", N, N],
                "opening_balance": [N], "closing_balance": [N, N, N, N],
                "grand_total": {"income": ["100.00"], "expenditure": ["100.00", "100.00", N, N]},
                "pages": [5],
            },
            "general_budget": {
                "columns": ["total", "basic", "project"],
                "total": ["100.00", "80.00", "20.00"],
                "rows": [
                    {"code": "201", "name": "一般公共服务支出", "values": ["70.00", "50.00", "20.00"]},
                    {"code": "20101", "name": "人大事务", "values": ["70.00", "50.00", "20.00"]},
                    {"code": "2010101", "name": "行政运行", "values": ["70.00", "50.00", "20.00"]},
                    {"code": "208", "name": "社会保障和就业支出", "values": ["30.00", "30.00", N]},
                    {"code": "20805", "name": "行政事业单位养老支出", "values": ["30.00", "30.00", N]},
                    {"code": "2080505", "name": "机关事业单位基本养老保险缴费支出", "values": ["30.00", "30.00", N]},
                ],
                "pages": [6],
            },
            "basic_expenditure": {
                "columns": ["amount"],
                "rows": [
                    {"code": "301", "name": "工资福利支出", "values": ["60.00"]},
                    {"code": "30101", "name": "基本工资", "values": ["60.00"]},
                    {"code": "302", "name": "商品和服务支出", "values": ["20.00"]},
                    {"code": "30201", "name": "办公费", "values": ["18.00"]},
                    {"code": "30217", "name": "公务接待费", "values": ["2.00"]},
                    {"code": "30231", "name": "公务用车运行维护费", "values": [N]},
                ],
                "personnel_total": "60.00",
                "public_total": "20.00",
                "pages": [7],
            },
            "three_public": {
                "budget": {"total": "5.00", "overseas": "0.00", "vehicles": "3.00", "vehicle_purchase": "1.00",
                           "vehicle_operation": "2.00", "reception": "2.00"},
                "actual": {"total": "4.00", "overseas": "0.00", "vehicles": "2.00", "vehicle_purchase": "0.50",
                           "vehicle_operation": "1.50", "reception": "2.00"},
                "pages": [8],
            },
            "gov_fund": {"empty": True, "note": "本部门无政府性基金预算财政拨款收入支出，故本表无数据。", "pages": [8]},
            "state_capital": {"empty": True, "note": "本部门无国有资本经营预算财政拨款收入支出，故本表无数据。",
                              "pages": [8]},
        },
        "narrative": {
            "total": "115.00", "change": "-5.00", "change_pct": "-4.17",
            "fiscal": {"total": "100.00"},
            "income_total": "110.00",
            "income_parts": {"财政拨款收入": {"amount": "100.00", "pct": "90.91"},
                             "其他收入": {"amount": "10.00", "pct": "9.09"}},
            "expenditure_total": "110.00",
            "basic": {"amount": "80.00", "pct": "72.73"},
            "project": {"amount": "30.00", "pct": "27.27"},
            "general_budget": {
                "budget": "125.00", "actual": "100.00", "completion_pct": "80.00", "change": "10.00",
                "change_pct": "11.11",
                "by_class": {
                    "一般公共服务支出": {"budget": "90.00", "actual": "70.00", "completion_pct": "77.78",
                                         "share_pct": "70.00"},
                    "社会保障和就业支出": {"budget": "35.00", "actual": "30.00", "completion_pct": "85.71",
                                           "share_pct": "30.00"},
                },
            },
            "basic_detail": {"personnel": "60.00", "public": "20.00"},
            "three_public": {"budget": "5.00", "actual": "4.00", "completion_pct": "80.00", "change": "1.00",
                             "change_pct": "33.33",
                             "reception": {"budget": "2.00", "actual": "2.00", "completion_pct": "100.00"}},
            "operating_costs": {"amount": "20.00", "change": "2.00", "change_pct": "11.11"},
            "procurement": {"total": "10.00", "goods": "4.00", "works": "0", "services": "6.00"},
            "assets": {"vehicles": 0},
            "projects": {"项目甲": "15.00", "项目乙": "10.00"},
            "sources": {
                "general_budget.by_class.一般公共服务支出.share_pct": {
                    "page": 9, "text": "一般公共服务支出（类）70.00万元，占70.00%", "box": [90, 300, 500, 314]},
            },
        },
        "performance": {
            "overall": {"budget": "125.00", "actual": "100.00", "execution_rate": "80", "score": "16.00",
                        "total_score": "96.00", "basic_total_yuan": "800000.00", "project_total_yuan": "300000.00"},
            "self_evaluated": {"projects": 2, "amount": "25.00", "share_pct": "83.33"},
            "projects": [
                {"name": "项目甲", "budget": "20.00", "actual": "15.00", "execution_rate": "75"},
                {"name": "项目乙", "budget": "12.50", "actual": "10.00", "execution_rate": "80"},
            ],
            "indicators": [
                {"goal": "", "level1": "产出指标", "level2": "数量指标", "level3": "培训人次", "target": "100",
                 "actual": "100", "score": "50"},
                {"goal": "", "level1": "效益指标", "level2": "社会效益", "level3": "满意度", "target": "90%",
                 "actual": "95%", "score": "30"},
            ],
        },
        # a table of none of the nine (a 高等学校 收入决算表), read as printed: 合计 = 财政补助收入 + 事业收入/小计,
        # 事业收入/小计 = its two parts; 205 = 20502 = 2050205; 合计 line = 205 + 208
        "other_tables": [{
            "key": "other", "title": "收入决算表（高等学校）", "pages": [20],
            "header": ["合计", "财政补助收入", "事业收入/小计", "事业收入/教育事业收入", "事业收入/科研事业收入"],
            "total": ["130.00", "80.00", "50.00", "40.00", "10.00"],
            "rows": [
                {"code": "205", "name": "教育支出", "values": ["120.00", "70.00", "50.00", "40.00", "10.00"]},
                {"code": "20502", "name": "普通教育", "values": ["120.00", "70.00", "50.00", "40.00", "10.00"]},
                {"code": "2050205", "name": "高等教育", "values": ["120.00", "70.00", "50.00", "40.00", "10.00"],
                 "page": 20, "boxes": [[300, 200, 350, 214], None, None, None, None]},
                {"code": "208", "name": "社会保障和就业支出", "values": ["10.00", "10.00", None, None, None]},
            ],
        }],
        "pages": [{"page": n, "lines": [[t, [72, 100 + 14 * i, 520, 112 + 14 * i]] for i, t in enumerate(lines)]}
                  for n, lines in PAGES],
    }


def report() -> Report:
    return report_from_json(data())
