"""The 决算填报 workbook's layout, shared by the writer (compose/workbook_template.py) and the
reader (read/workbook.py): sheet names, where each table starts, and the 补充信息 fields.
"""

from __future__ import annotations

from juesuan.model import TABLE_KEYS, TABLE_TITLES
from juesuan.standard import FUNCTION_CLASSES

INFO_SHEET = "基本信息"
SUPPLEMENT_SHEET = "补充信息"
PROJECTS_SHEET = "项目支出用途"
PERFORMANCE_SHEET = "绩效自评"
GUIDE_SHEET = "填报说明"
CODES_SHEET = "科目代码"

SHEET_NAMES: dict[str, str] = {
    key: f"表{i} {TABLE_TITLES[key].replace('“', '').replace('”', '')}" for i, key in enumerate(TABLE_KEYS, 1)
}

# every table sheet: row 1 title, row 2 unit + empty statement, row HEADER_ROW headers, data below
TITLE_ROW = 1
NOTE_ROW = 2
NOTE_LABEL = "无数据说明："
NOTE_CELL = "D2"
HEADER_ROW = 3
FIRST_DATA_ROW = 4
BLANK_ROWS = 60  # lines offered in a blank row table (rows can be inserted: the checks stretch with them)
SPARE_ROWS = 20  # blank lines offered below the lines of a pre-filled table
COLUMN_KEYS_PREFIX = "列代码："  # rows offered for a row-shaped table with no data yet

# 基本信息: (label, key)
INFO_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("部门名称", "department", "如：中共上海市XX区委XX部"),
    ("年度", "year", "决算年度，四位数字，如 2024"),
    ("金额单位", "unit", "固定为 万元"),
    ("主要职能", "profile.functions", "按三定方案填写，可多段（单元格内换行）"),
    ("决算单位构成", "units_included", "纳入决算编制范围的单位，每行一个（单元格内换行）；仅本级可留空"),
    ("下属单位个数", "profile.subordinate_units", "不含本级；整数"),
)

TWO_SIDED_TOTALS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "summary": (
        ("income_total", "本年收入合计", "expenditure_total", "本年支出合计"),
        ("use_of_balance", "使用非财政拨款结余", "distribution", "结余分配"),
        ("opening_balance", "年初结转和结余", "closing_balance", "年末结转和结余"),
        ("grand_total.income", "总计", "grand_total.expenditure", "总计"),
    ),
    "fiscal_summary": (
        ("income_total", "本年收入合计", "expenditure_total", "本年支出合计"),
        ("opening_balance", "年初财政拨款结转和结余", "closing_balance", "年末财政拨款结转和结余"),
        ("grand_total.income", "总计", "grand_total.expenditure", "总计"),
    ),
}


def supplement_fields(class_names: list[str] | None = None) -> list[tuple[str, str, str, str]]:
    """补充信息 rows: (group, label, narrative path, hint); kind is 'amount', 'int' or 'text' by path."""
    names = class_names or [name for _, name in FUNCTION_CLASSES]
    rows: list[tuple[str, str, str, str]] = [
        ("上年数", "上年收入支出总计", "previous_total", "上年度决算收入支出总计（万元）"),
        ("上年数", "上年财政拨款收入支出总计", "fiscal.previous", "上年度财政拨款收入支出总计（万元）"),
        ("上年数", "上年一般公共预算财政拨款支出", "general_budget.previous", "上年度决算数（万元）"),
        ("上年数", "上年“三公”经费财政拨款支出", "three_public.previous", "上年度决算数（万元）"),
        ("上年数", "上年因公出国（境）费支出", "three_public.overseas.previous", "上年度决算数（万元），可留空"),
        ("上年数", "上年公务用车购置及运行维护费支出", "three_public.vehicles.previous",
         "上年度决算数（万元），可留空"),
        ("上年数", "上年公务接待费支出", "three_public.reception.previous", "上年度决算数（万元），可留空"),
        ("上年数", "上年机关运行经费支出", "operating_costs.previous", "上年度决算数（万元）"),
        ("年初预算", "一般公共预算财政拨款支出年初预算", "general_budget.budget", "年初预算数（万元）"),
        ("年初预算", "一般公共预算财政拨款支出全年预算", "general_budget.full_year_budget",
         "调整后全年预算（万元），可留空"),
    ]
    rows += [("年初预算", f"年初预算：{name}", f"general_budget.by_class.{name}.budget", "按类填写年初预算（万元）")
             for name in names]
    rows += [
        ("机关运行经费", "机关运行经费支出", "operating_costs.amount", "本年决算数（万元）；无则填 0"),
        ("政府采购", "政府采购支出总额", "procurement.total", "以合同签订为准（万元）"),
        ("政府采购", "其中：货物", "procurement.goods", "万元"),
        ("政府采购", "其中：工程", "procurement.works", "万元"),
        ("政府采购", "其中：服务", "procurement.services", "万元"),
        ("政府采购", "授予中小企业合同金额", "procurement.sme", "万元，可留空"),
        ("国有资产", "车辆数（辆）", "assets.vehicles", "截至年末的车辆数，整数"),
        ("国有资产", "单价100万元（含）以上设备（台/套）", "assets.equipment", "不含车辆，整数"),
        ("原因说明", "收入支出总计变动原因", "reasons.total", "与上年相比增减的主要原因"),
        ("原因说明", "财政拨款收入支出总计变动原因", "reasons.fiscal", "与上年相比增减的主要原因"),
        ("原因说明", "一般公共预算财政拨款支出变动原因", "reasons.general", "与上年相比增减的主要原因"),
        ("原因说明", "决算数与年初预算数差异原因", "reasons.general_budget", "一般公共预算财政拨款支出"),
        ("原因说明", "“三公”经费决算数与预算数差异原因", "reasons.three_public.budget", ""),
        ("原因说明", "“三公”经费与上年相比增减原因", "reasons.three_public.previous", ""),
        ("原因说明", "机关运行经费增减原因", "reasons.operating_costs", ""),
    ]
    rows += [("原因说明", f"差异原因：{name}", f"reasons.class.{name}", "该类决算数与年初预算数差异的主要原因")
             for name in names]
    rows.append(("说明文字", "预算绩效管理情况", "performance_management",
                 "情况说明“预算绩效管理情况”的正文，可多段（单元格内换行）；留空则按“绩效自评”表生成"))
    return rows


INT_PATHS = {"assets.vehicles", "assets.equipment", "profile.subordinate_units", "year"}
TEXT_PREFIXES = ("reasons.", "profile.functions", "performance_management")
# texts a report writes for its own year: a next year's workbook offers them as drafts to rewrite
YEAR_SPECIFIC_TEXTS = ("reasons.", "performance_management")


def path_kind(path: str) -> str:
    if path in INT_PATHS:
        return "int"
    if path.startswith(TEXT_PREFIXES):
        return "text"
    return "amount"


PERFORMANCE_OVERALL: tuple[tuple[str, str], ...] = (
    ("budget", "部门整体支出预算数（万元）"),
    ("actual", "部门整体支出执行数（万元）"),
    ("execution_rate", "执行率（%）"),
    ("score", "预算执行得分"),
    ("total_score", "自评总分"),
    ("basic_total_yuan", "基本支出总额（元）"),
    ("project_total_yuan", "项目支出总额（元）"),
)
PERFORMANCE_SELF: tuple[tuple[str, str], ...] = (
    ("projects", "开展绩效自评的项目个数"),
    ("amount", "自评项目资金（万元）"),
    ("share_pct", "占一般公共预算项目支出的比例（%）"),
)
PERFORMANCE_KEY_COLUMN = 8  # 绩效自评: the hidden column that names each figure's field
PERFORMANCE_PROJECT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "项目名称"), ("budget", "全年预算数（万元）"), ("actual", "执行数（万元）"),
    ("execution_rate", "执行率（%）"),
)
PERFORMANCE_INDICATOR_COLUMNS: tuple[tuple[str, str], ...] = (
    ("goal", "年度目标"), ("level1", "一级指标"), ("level2", "二级指标"), ("level3", "三级指标"),
    ("target", "年初目标值"), ("actual", "实际完成值"), ("score", "得分"),
)
