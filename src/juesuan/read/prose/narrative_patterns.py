"""The model sentences of the 情况说明, as data: where they stand, what they say, which fact each number is.

A rule is a regular expression over the whitespace-free text of one section
(see running_text), written with a few tokens for the numbers it reads:

    ⟨amount:g⟩      a number followed by 万元 (or 万)
    ⟨num:g⟩         a bare number
    ⟨pct:g⟩         a number followed by %
    ⟨signed:g⟩      增加/减少 ... then an amount: negative after a word of decrease
    ⟨signed_pct:g⟩  增长/下降 ... then a percentage, signed the same way
    ⟨count:g⟩       a whole number (int)
    ⟨zero:g⟩        no number: the fact is 0 (持平, "unchanged")

``fields`` maps each token's group to the fact's dotted path; a path may hold
``{name}``, filled from the rule's ``name`` group (through ``names`` when given,
else through the rule's ``name_form``).  Rules are tried in order and the first
value found for a path stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NUM = r"-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
INCREASE = ("增加", "增长", "上升", "提高", "多")
DECREASE = ("减少", "下降", "降低", "下滑", "减", "少", "降")
_SIGN = "|".join(sorted(INCREASE + DECREASE, key=len, reverse=True))

# 与上年 / 比2023年度 / 较上年度决算数 ...
LAST_YEAR = r"(?:上年度?|上一年度?|去年|\d{4}年度?)"
VS_YEAR = r"(?:与|比|较|同)" + LAST_YEAR + r"(?:决算数?|同期)?"
# between the thing and its change: "总计各减少", "总计比上年减少", "支出较2022年度决算数增加", "同比下降"
CHANGE_LEAD = r"各?(?:" + VS_YEAR + r"(?:相比)?[，,]?)?(?:同比)?"
NOT_BASIC = r"(?<!基本)"
CHANGE_TAIL = r"(?:[，,]?⟨signed_pct:change_pct⟩)?"
# "完成年初预算的98.20%", "完成预算27万元的63.2%" (the budget printed only there)
COMPLETION = r"(?:[，,]完成(?:年初|全年)?预算(?:数)?(?:⟨amount:budget_in_completion⟩)?的⟨pct:completion_pct⟩)?"
CJK = r"[\u4e00-\u9fff]"
LAST_YEAR_OR_THIS = r"\d{4}年度?|本年度?|全年"  # "预算为X万元，2024年度支出决算为Y万元"

_TOKEN = re.compile(r"⟨(\w+):(\w+)⟩")

KINDS = ("amount", "num", "pct", "signed", "signed_pct", "count", "zero")


def _expand(pattern: str) -> str:
    def one(m: re.Match[str]) -> str:
        kind, group = m.group(1), m.group(2)
        if kind == "amount":
            return f"(?P<{group}>{NUM})万元?"
        if kind == "num":
            return f"(?P<{group}>{NUM})"
        if kind == "pct":
            return f"(?P<{group}>{NUM})%"
        if kind == "signed":
            return f"(?P<{group}__sign>{_SIGN})(?P<{group}>{NUM})万元?"
        if kind == "signed_pct":
            return f"(?P<{group}__sign>{_SIGN})(?P<{group}>{NUM})%"
        if kind == "count":
            return f"(?P<{group}>\\d+)"
        if kind == "zero":
            return f"(?P<{group}>)"
        raise ValueError(f"unknown token kind {kind!r}")

    return _TOKEN.sub(one, pattern)


@dataclass
class Rule:
    sections: tuple[str, ...]  # section keys where the sentence stands; () = anywhere in the 情况说明
    pattern: str
    fields: dict[str, str]  # group -> dotted path
    repeat: bool = False  # every match, not only the first
    names: dict[str, str] | None = None  # printed name -> path part
    name_form: str = "{}"  # how a printed name becomes a path part (e.g. "{}支出")
    title_sentence: bool = False  # the name is an item's title, its figures in the sentence after it
    topic: str | None = None  # words the sentence must name before the match (政府采购 for 货物/工程/服务支出)
    kinds: dict[str, str] = field(default_factory=dict)
    regex: re.Pattern[str] = field(init=False)
    topic_regex: re.Pattern[str] | None = field(init=False)

    def __post_init__(self) -> None:
        self.kinds = {m.group(2): m.group(1) for m in _TOKEN.finditer(self.pattern)}
        self.regex = re.compile(_expand(self.pattern))
        self.topic_regex = re.compile(self.topic) if self.topic else None

    def name_part(self, printed: str) -> str | None:
        if self.names is not None:
            return self.names.get(printed)
        # a name is one part of a dotted path: a printed "." becomes a full-width "．"
        return self.name_form.format(printed).replace(".", "．")


# Section headings: "一、<title>" (or "（一）<title>", or "1.<title>") at the start of a line; the title may
# begin with 关于 and a year ("九、关于机关运行经费支出说明", "一、2021年度收入支出决算总体...").  First match wins.
TITLE_PREFIX = r"(?:关于)?(?:\d{4}年度?)?(?:部门|单位)?"
SECTIONS: tuple[tuple[str, str], ...] = (
    ("glossary", r"名词解释"),
    ("fiscal", r"财政拨款收入?支出?(?:决算)?总体"),
    ("overall", r"收入?支出?(?:决算)?总体"),
    ("income", r"收入决算"),
    ("expenditure", r"支出决算(?:情况|总体|说明)"),
    ("basic_detail", r"一般公共预算财政拨款基本支出"),
    ("general_budget", r"一般公共预算财政拨款支出"),
    ("three_public", r"(?:一般公共预算)?(?:财政拨款)?[“\"]?三公"),
    ("gov_fund", r"政府性基金"),
    ("state_capital", r"国有资本经营"),
    ("performance", r"(?:预算)?绩效"),
    ("operating_costs", r"机关运行经费"),
    ("procurement", r"政府采购"),
    ("assets", r"国有资产"),
    ("other", r"其他重要事项"),
)

ANYWHERE: tuple[str, ...] = ()

CLASS_NAME = rf"(?P<name>{CJK}{{2,20}}?)(?:支出)?[（(]类[）)](?:支出)?"
THREE_PUBLIC_ITEMS = {
    "因公出国（境）费": "overseas",
    "因公出国(境)费": "overseas",
    "公务用车购置及运行维护费": "vehicles",
    "公务用车购置及运行费": "vehicles",
    "公务接待费": "reception",
    "会议费": "meeting",  # where the 三公 table adds 会议费 and 培训费
    "培训费": "training",
}
THREE_PUBLIC_ITEM = r"(?P<name>因公出国[（(]境[）)]费|公务用车购置及运行(?:维护)?费|公务接待费|会议费|培训费)"
BUDGET_ACTUAL = (
    r"(?:(?:年初|全年)?预算(?:数)?为⟨amount:budget⟩[，,](?:" + LAST_YEAR_OR_THIS + r")?)?"
    r"(?:支出)?决算(?:数|总额)?为⟨amount:actual⟩" + COMPLETION
)
UNCHANGED = NOT_BASIC + r"(?:持平|无增减变化|无增减|无变化)"
ZERO_CHANGE = VS_YEAR + r"(?:相比)?[，,]?[^。；;\d]{0,30}?" + UNCHANGED + r"⟨zero:change⟩⟨zero:change_pct⟩"


def _fields(prefix: str, *groups: str) -> dict[str, str]:
    """Each group to prefix + group; a budget printed in the completion clause goes to budget too."""
    fields = {g: prefix + g for g in groups}
    if "budget" in groups:
        fields["budget_in_completion"] = prefix + "budget"
    return fields


# 收支总计, 收、支总计, 收入支出总计, 收入、支出决算总计, 收支总决算 (中央部门: "财政拨款收支总决算")
TOTAL_LABEL = r"收(?:入)?[、和及]?支(?:出)?(?:决算)?总(?:计|决算)"


def _totals(section: str, prefix: str, previous: str) -> list[Rule]:
    """收入支出总计 and its change, for section 一 (overall) or 四 (fiscal)."""
    return [
        Rule((section,), TOTAL_LABEL + r"各?(?:为|共计)?⟨amount:total⟩", {"total": f"{prefix}total"}),
        # "收入总计X万元，支出总计X万元" (2019 and others: the two 总计 lines of 收支总表, one figure); a
        # 收入总计 alone may mean the year's income, and is left alone
        Rule((section,), r"(?<!本年)收入总计(?:为)?⟨amount:total⟩[，,、;；]?支出总计(?:为)?" + NUM + "万元?",
             {"total": f"{prefix}total"}),
        Rule((section,), r"总计" + CHANGE_LEAD + r"⟨signed:change⟩" + CHANGE_TAIL,
             {"change": f"{prefix}change", "change_pct": f"{prefix}change_pct"}),
        Rule((section,), ZERO_CHANGE, {"change": f"{prefix}change", "change_pct": f"{prefix}change_pct"}),
        # "总计1516.64万元，与上年相比减少58.49万元，降低3.71%"
        Rule((section,),
             r"总计(?:为)?" + NUM + r"万元[，,]" + VS_YEAR + r"(?:相比)?[，,]?⟨signed:change⟩" + CHANGE_TAIL,
             {"change": f"{prefix}change", "change_pct": f"{prefix}change_pct"}),
        Rule((section,), VS_YEAR + r"(?:的)?(?:收(?:入|、)?支(?:出)?总计)?(?:为)?⟨amount:previous⟩",
             {"previous": previous}),
    ]


GENERAL_BUDGET_LABEL = r"一般公共预算财政拨款支出"
# "财政拨款支出" for 一般公共预算财政拨款支出 (中央部门 and others): the same figure only in a report with no other
# fund, so these rules are applied only there (read/prose/with_tables.py decides from the tables).
FISCAL_AS_GENERAL_BUDGET_LABEL = r"(?<!基金预算)(?<!经营预算)财政拨款支出"


def general_budget_rules(label: str) -> list[Rule]:
    """The total of section 五 (budget, actual, completion, change), its subject worded ``label``."""
    return [
        Rule(("general_budget",),
             label + r"(?:年初预算(?:数)?为⟨amount:budget⟩[，,])?"
             r"(?:全年预算(?:数)?为⟨amount:full_year_budget⟩[，,])?支出决算(?:数)?为⟨amount:actual⟩" + COMPLETION,
             _fields("general_budget.", "budget", "full_year_budget", "actual", "completion_pct")),
        Rule(("general_budget",), label + r"(?:总额)?" + CHANGE_LEAD + r"⟨signed:change⟩" + CHANGE_TAIL,
             {"change": "general_budget.change", "change_pct": "general_budget.change_pct"}),
        Rule(("general_budget",), label + r"(?:总额)?(?:为)?⟨amount:actual⟩", {"actual": "general_budget.actual"}),
    ]


RULES: list[Rule] = [
    *_totals("overall", "", "previous_total"),
    *_totals("fiscal", "fiscal.", "fiscal.previous"),
    # 二、收入决算
    Rule(("income",), r"收入合计(?:为)?⟨amount:total⟩", {"total": "income_total"}),
    Rule(("income",),
         rf"(?:其中[：:]?)?(?P<name>{CJK}{{0,12}}?收入)⟨amount:amount⟩(?:[，,]?占[^。；;\d]{{0,12}}?⟨pct:pct⟩)?",
         {"amount": "income_parts.{name}.amount", "pct": "income_parts.{name}.pct"}, repeat=True),
    # 三、支出决算
    Rule(("expenditure",), r"支出合计(?:为)?⟨amount:total⟩", {"total": "expenditure_total"}),
    Rule(("expenditure",),
         r"(?P<name>基本支出|项目支出)⟨amount:amount⟩(?:[，,]?占[^。；;\d]{0,12}?⟨pct:pct⟩)?",
         {"amount": "{name}.amount", "pct": "{name}.pct"}, repeat=True,
         names={"基本支出": "basic", "项目支出": "project"}),
    # 五、一般公共预算财政拨款支出
    *general_budget_rules(GENERAL_BUDGET_LABEL),
    Rule(("general_budget",), ZERO_CHANGE,
         {"change": "general_budget.change", "change_pct": "general_budget.change_pct"}),
    Rule(("general_budget",),
         CLASS_NAME + r"[。.．]?(?:年初)?预算(?:数)?为⟨amount:budget⟩[，,]"
         r"支出决算(?:数)?为⟨amount:actual⟩" + COMPLETION,
         _fields("general_budget.by_class.{name}.", "budget", "actual", "completion_pct"),
         repeat=True, name_form="{}支出", title_sentence=True),
    Rule(("general_budget",), CLASS_NAME + r"(?:为)?⟨amount:actual⟩[，,]?占[^。；;\d]{0,12}?⟨pct:share_pct⟩",
         {g: "general_budget.by_class.{name}." + g for g in ("actual", "share_pct")},
         repeat=True, name_form="{}支出"),
    Rule(("general_budget",),
         r"(?:(?<=用于[：:])|(?<=[。；;]))[一二三四五六七八九十]{1,3}是(?P<name>[^，。；;：:、]{2,40}?)⟨amount:amount⟩",
         {"amount": "projects.{name}"}, repeat=True),
    # 六、基本支出
    Rule(("basic_detail",), r"人员经费(?:支出)?(?:为)?⟨amount:personnel⟩", {"personnel": "basic_detail.personnel"}),
    Rule(("basic_detail",), r"公用经费(?:支出)?(?:为)?⟨amount:public⟩", {"public": "basic_detail.public"}),
    # 七/九、三公经费
    Rule(("three_public",),
         r"三公[”\"’]?经费(?:财政拨款)?支出" + BUDGET_ACTUAL
         + r"(?:[；;，,]" + VS_YEAR + r"⟨signed:change⟩" + CHANGE_TAIL + ")?",
         _fields("three_public.", "budget", "actual", "completion_pct", "change", "change_pct")),
    Rule(("three_public",),
         r"三公[”\"’]?经费(?:财政拨款)?支出(?:决算数?)?" + VS_YEAR + r"⟨signed:change⟩" + CHANGE_TAIL,
         {"change": "three_public.change", "change_pct": "three_public.change_pct"}),
    Rule(("three_public",), r"三公[”\"’]?经费[^。；;]{0,40}?" + VS_YEAR + r"⟨signed:change⟩" + CHANGE_TAIL,
         {"change": "three_public.change", "change_pct": "three_public.change_pct"}),
    Rule(("three_public",), r"三公[”\"’]?经费(?:财政拨款)?支出(?:决算数?)?" + ZERO_CHANGE,
         {"change": "three_public.change", "change_pct": "three_public.change_pct"}),
    Rule(("three_public",), VS_YEAR + r"(?:的)?⟨amount:previous⟩", {"previous": "three_public.previous"}),
    Rule(("three_public",), THREE_PUBLIC_ITEM + r"(?:支出)?" + BUDGET_ACTUAL,
         _fields("three_public.{name}.", "budget", "actual", "completion_pct"),
         repeat=True, names=THREE_PUBLIC_ITEMS),
    Rule(("three_public",), THREE_PUBLIC_ITEM + r"支出(?:决算)?(?:为)?⟨amount:actual⟩",
         {"actual": "three_public.{name}.actual"}, repeat=True, names=THREE_PUBLIC_ITEMS),
    # 机关运行经费, 政府采购, 国有资产: distinctive wording, read wherever they stand
    Rule(ANYWHERE,
         r"机关运行经费(?:支出)?(?:为|共计)?⟨amount:amount⟩"
         r"(?:[，,]" + CHANGE_LEAD + r"⟨signed:change⟩" + CHANGE_TAIL + ")?",
         {"amount": "operating_costs.amount", "change": "operating_costs.change",
          "change_pct": "operating_costs.change_pct"}),
    Rule(("operating_costs",), ZERO_CHANGE,
         {"change": "operating_costs.change", "change_pct": "operating_costs.change_pct"}),
    Rule(ANYWHERE,
         r"政府采购(?:支出|合同)?(?:总额|金额|总金额)(?:[（(][^）)]{0,12}[）)])?(?:为|共计|共)?⟨amount:total⟩",
         {"total": "procurement.total"}),
    # 货物/工程/服务支出 name procurement only in a sentence about 政府采购 ("一般公共服务支出" is no 服务支出)
    Rule(ANYWHERE, r"(?:政府采购)?(?P<name>货物|工程|服务)(?:采购)?(?:支出|金额|合同金额)(?:为)?⟨amount:amount⟩",
         {"amount": "procurement.{name}"}, repeat=True,
         names={"货物": "goods", "工程": "works", "服务": "services"}, topic="政府采购"),
    Rule(ANYWHERE, r"(?:共有|拥有|共)(?:各类)?(?:车辆|公务用车|公务车辆)(?:共)?⟨count:vehicles⟩辆",
         {"vehicles": "assets.vehicles"}),
]

FISCAL_AS_GENERAL_BUDGET_RULES: list[Rule] = general_budget_rules(FISCAL_AS_GENERAL_BUDGET_LABEL)

# 绩效自评 coverage (performance.self_evaluated), read from the narrative's 绩效 section.
SELF_EVALUATED_RULES: list[Rule] = [
    Rule(("performance",),
         r"共涉及项目⟨count:projects⟩个[，,](?:涉及)?(?:资金|金额|预算金额)⟨amount:amount⟩"
         r"(?:[，,]占[^。；;\d]{0,30}?⟨pct:share_pct⟩)?",
         {"projects": "projects", "amount": "amount", "share_pct": "share_pct"}),
    Rule(("performance",), r"绩效自评的(?:\d{4}年度?)?项目⟨count:projects⟩个[，,]涉及(?:预算)?金额⟨amount:amount⟩",
         {"projects": "projects", "amount": "amount"}),
    # "全面开展绩效自评，其中，一级项目5个，二级项目12个，共涉及资金X万元，占...的X%"
    Rule(("performance",),
         r"自评[^。]{0,60}?共涉及(?:[^。\d]{0,20}?)(?:资金|金额)⟨amount:amount⟩(?:[，,]占[^。；;\d]{0,30}?⟨pct:share_pct⟩)?",
         {"amount": "amount", "share_pct": "share_pct"}),
]

# A chart's data labels: "2021年 2022年 ... 1542.46 1405.72" (previous year's total printed only there).
CHART_LABELS = re.compile(rf"(?P<y0>\d{{4}})年度?(?P<y1>\d{{4}})年度?[^。\d]{{0,20}}?(?P<a>{NUM}) (?P<b>{NUM})")
