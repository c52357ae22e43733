"""Which 部门决算公开 template a report follows, and what that template requires (tables, sections, 名词解释).

The template depends on the year and on who publishes:

- 地方 (local: provinces, cities, counties, districts).  From the 2022 reports
  on, the national template: 9 tables (国有资本经营预算财政拨款收入支出决算表 as
  表9) and the 情况说明 in the headings of that template (收入支出决算总体情况 …
  国有资本经营预算 …, 机关运行经费, 政府采购, 国有资产占用, 预算绩效).  Before, the
  8 tables of the 2016 rules (地方预决算公开操作规程) were required everywhere; a 9th,
  国有资本经营预算财政拨款支出决算表, appears in many 2020-2021 reports (Hubei,
  Guangdong and Shaanxi reports of 2020-2021 print it; Yunnan reports of 2018-2019
  print 8 tables, one a 三公 and 机关运行经费 table), and the 情况说明 headings
  differed by province (some print only 收入、支出、一般公共预算、三公).
- 中央 (central ministries and agencies: 公开01表 … 公开09表).  公开07 政府性基金,
  公开08 国有资本经营预算财政拨款支出决算表 (expenditure only), 公开09 三公, printed
  last; the 情况说明 has no 政府性基金 or 国有资本经营 section (国家信访局 2024).
  The 2023 central reports printed the same 9 tables (财政部's announcement of
  that year: "由最初的2张表格增加到现在的9张"); in which year 公开08 joined we
  have not found out, so before 2020 its absence is only a 提示.
- 高等学校 (universities) publish in a format of their own (收支决算总表,
  收入决算表, 支出决算表, 财政拨款支出决算表): nothing here is required of them
  beyond 提示.

Where the template is not known for sure (an older year, a family we cannot
tell), a missing item is a 提示 or 警告, never an 错误.  The requirements are data
(``ERAS``): one entry per family and range of years.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from juesuan.check.finding import SEVERITY_ORDER, Severity
from juesuan.check.page_text import full_text
from juesuan.model import TABLE_KEYS, Report

Family = Literal["local", "central", "university", "unknown"]

FAMILY_NAMES: dict[str, str] = {"local": "地方部门", "central": "中央部门", "university": "高等学校",
                                "unknown": "部门"}

# (section, phrases any of which shows it, searched in the text without spaces or quotes)
Section = tuple[str, tuple[str, ...]]

SECTIONS_2022: tuple[Section, ...] = (
    ("收入支出决算总体情况说明", ("收入支出决算总体情况", "收支决算总体情况")),
    ("收入决算情况说明", ("收入决算情况",)),
    ("支出决算情况说明", ("支出决算情况",)),
    ("财政拨款收入支出决算总体情况说明", ("财政拨款收入支出决算总体情况", "财政拨款收支决算总体情况",
                                         "财政拨款收支总体情况")),
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

# the central template has no 政府性基金 / 国有资本经营 section (their tables say what there is)
SECTIONS_CENTRAL: tuple[Section, ...] = tuple(
    s for s in SECTIONS_2022 if s[0] not in ("政府性基金预算财政拨款收入支出决算情况说明",
                                             "国有资本经营预算财政拨款收入支出决算情况说明"))

# what every template since the 2016 rules covers in some wording
SECTIONS_CORE: tuple[Section, ...] = (
    ("收入支出决算总体情况说明", ("收入支出决算总体", "收支决算总体", "收支总体", "收入决算", "支出决算")),
    ("财政拨款收入支出情况说明", ("财政拨款",)),
    ("一般公共预算财政拨款支出决算情况说明", ("一般公共预算",)),
    ("三公经费支出决算情况说明", ("三公经费",)),
    ("机关运行经费支出情况", ("机关运行经费",)),
    ("政府采购支出情况", ("政府采购",)),
    ("国有资产占用情况", ("国有资产", "资产占用", "资产占有")),
    ("预算绩效管理情况", ("绩效",)),
)

EIGHT_TABLES: tuple[str, ...] = tuple(k for k in TABLE_KEYS if k != "state_capital")

CENTRAL_NUMBERS: dict[str, str] = {
    **{k: f"公开{i:02d}表" for i, k in enumerate(TABLE_KEYS[:6], start=1)},
    "gov_fund": "公开07表", "state_capital": "公开08表", "three_public": "公开09表",
}
CENTRAL_TITLES: dict[str, str] = {
    "three_public": "一般公共预算财政拨款“三公”经费支出决算表",
    "state_capital": "国有资本经营预算财政拨款支出决算表",
}


@dataclass(frozen=True)
class Era:
    """What one family's template requires over a range of years (None: open-ended)."""

    name: str  # 中文, for messages: "2022年起地方部门决算公开模板"
    family: Family
    first: int | None
    last: int | None
    tables: dict[str, Severity]  # table key -> severity when missing; a key not here is not in the template
    sections: tuple[tuple[str, tuple[str, ...], Severity], ...]
    glossary: Severity | None  # 名词解释
    numbers: dict[str, str] = field(default_factory=dict)  # table key -> how the template numbers it
    titles: dict[str, str] = field(default_factory=dict)  # table key -> the template's title, where not 2022+'s

    def covers(self, family: Family, year: int | None) -> bool:
        return self.family == family and year is not None and (self.first is None or year >= self.first) and (
            self.last is None or year <= self.last)

    def number(self, key: str) -> str:
        return self.numbers.get(key) or f"表{TABLE_KEYS.index(key) + 1}"


def _all(sections: tuple[Section, ...], severity: Severity) -> tuple[tuple[str, tuple[str, ...], Severity], ...]:
    return tuple((name, phrases, severity) for name, phrases in sections)


def _tables(keys: tuple[str, ...], severity: Severity, **others: Severity) -> dict[str, Severity]:
    return {**dict.fromkeys(keys, severity), **others}


ERAS: tuple[Era, ...] = (
    Era("2022年起地方部门决算公开模板", "local", 2022, None, _tables(TABLE_KEYS, "error"),
        _all(SECTIONS_2022, "error"), "error"),
    Era("2020-2021年地方部门决算公开格式", "local", 2020, 2021, _tables(EIGHT_TABLES, "error", state_capital="info"),
        _all(SECTIONS_CORE, "info"), "warning"),
    Era("2016-2019年地方部门决算公开格式", "local", 2016, 2019, _tables(EIGHT_TABLES, "error"),
        _all(SECTIONS_CORE, "info"), "warning"),
    Era("2016年以前的地方部门决算公开格式", "local", None, 2015, _tables(EIGHT_TABLES, "info"),
        _all(SECTIONS_CORE, "info"), "info"),
    Era("2022年起中央部门决算公开模板", "central", 2022, None, _tables(TABLE_KEYS, "error"),
        _all(SECTIONS_CENTRAL, "error"), "error", CENTRAL_NUMBERS, CENTRAL_TITLES),
    Era("2020-2021年中央部门决算公开格式", "central", 2020, 2021, _tables(EIGHT_TABLES, "error", state_capital="info"),
        _all(SECTIONS_CORE, "info"), "warning", CENTRAL_NUMBERS, CENTRAL_TITLES),
    Era("2020年以前的中央部门决算公开格式", "central", None, 2019, _tables(EIGHT_TABLES, "error", state_capital="info"),
        _all(SECTIONS_CORE, "info"), "warning", CENTRAL_NUMBERS, CENTRAL_TITLES),
    Era("高等学校决算公开格式（未收录，只作提示）", "university", None, None, _tables(TABLE_KEYS, "info"),
        _all(SECTIONS_CORE, "info"), "info"),
)

LATEST_YEAR_KNOWN = 2022  # the first year of the newest template in ERAS


@dataclass(frozen=True)
class Template:
    """The template a report follows, as far as the report shows it."""

    year: int | None
    family: Family
    evidence: str  # how the family was told (中文)


# Central departments: the state's own bodies, never named after a place.
_CENTRAL_NAME = re.compile(r"^(?:国家|中华人民共和国|中华全国|中国(?!共产党)|全国|中央|中共中央|最高人民|国务院"
                           r"|共青团中央|新华通讯社|人民日报社|求是杂志社|光明日报社|经济日报社)")
# Local departments: a place name first (上海市, 武汉市汉阳区, 中共上海市普陀区委 …).
_LOCAL_NAME = re.compile(r"^(?:中国共产党|中共)?[\u4e00-\u9fa5]{1,10}?(?:省|自治区|特别行政区|市|县|区|自治州|州|盟"
                         r"|旗)")
# Universities (高等学校) publish in their own format, local or not.
_UNIVERSITY_NAME = re.compile(r"(?:大学|学院|高等专科学校)$")
_CENTRAL_NUMBERING = re.compile(r"公开0[1-9]表")


def template_of(report: Report) -> Template:
    """The year and family of the template, from the department's name and the tables' numbering."""
    dept = "".join((report.department or "").split())
    if dept and _UNIVERSITY_NAME.search(dept):
        return Template(report.year, "university", f"部门“{dept}”是学校")
    if dept and _CENTRAL_NAME.match(dept):
        return Template(report.year, "central", f"部门“{dept}”是中央部门")
    if dept and _LOCAL_NAME.match(dept):
        return Template(report.year, "local", f"部门“{dept}”是地方部门")
    if _CENTRAL_NUMBERING.search(full_text(report)):
        return Template(report.year, "central", "表格编号为“公开01表”…（中央部门格式）")
    return Template(report.year, "unknown", "部门名称与表格编号都不能说明是地方还是中央部门")


def era_of(template: Template) -> Era:
    """The requirements for the template; where year or family are unknown, the most lenient of the candidates."""
    families: tuple[Family, ...] = ("local", "central") if template.family == "unknown" else (template.family,)
    year = template.year
    candidates = [e for e in ERAS if any(e.covers(f, year) for f in families)]
    if not candidates:  # no year: whichever template it is, judge as the newest, but never beyond a warning
        candidates = [e for e in ERAS if e.family in families and e.last is None]
        return _lenient(candidates, "warning", f"年度不明，按{candidates[0].name}提示")
    if len(candidates) == 1:
        return candidates[0]
    return _lenient(candidates, "error", f"{year}年度部门决算公开模板（地方、中央两者中较宽的要求）")


def _lenient(eras: list[Era], cap: Severity, name: str) -> Era:
    """Requirements every one of these eras makes, at the mildest of their severities (and at most ``cap``)."""

    def mild(*severities: Severity | None) -> Severity | None:
        if any(s is None for s in severities):
            return None
        found = [s for s in severities if s is not None]
        return max([*found, cap], key=lambda s: SEVERITY_ORDER[s])

    tables: dict[str, Severity] = {}
    for key in TABLE_KEYS:
        severity = mild(*(e.tables.get(key) for e in eras))
        if severity is not None:
            tables[key] = severity
    sections: list[tuple[str, tuple[str, ...], Severity]] = []
    for name_, phrases, severity_ in eras[0].sections:
        others = [next((s for n, _, s in e.sections if n == name_), None) for e in eras[1:]]
        severity = mild(severity_, *others)
        if severity is not None:
            sections.append((name_, phrases, severity))
    first = eras[0]
    return Era(name, first.family, first.first, first.last, tables, tuple(sections),
               mild(*(e.glossary for e in eras)))
