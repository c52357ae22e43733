"""Department, year, unit and 决算单位构成 from the running text.

The department and year come from the cover ("上海市普陀区财政局 / 2024年度部门决算",
which may break the name over lines), else from a part heading ("第二部分 <部门>
2022 年度部门决算表", "第一部分 <部门>概况").  The unit is 万元 unless the tables
say otherwise.  The units included are the 决算单位构成 list (序号 单位名称 备注),
or a sentence listing them ("...的单位包括：甲、乙。", "…部门决算包括：局本级决算、甲决算和乙决算。").
"""

from __future__ import annotations

import re
from collections import Counter

from juesuan.model import Page, Report
from juesuan.read.prose.running_text import RunningText

_TITLE = re.compile(r"(?P<dept>[^\d。，、；：:]{2,40}?)(?P<year>(?:19|20)\d{2})年度?(?:部门)?[决预]算")
_TITLE_YEAR_FIRST = re.compile(r"(?P<year>(?:19|20)\d{2})年度?(?P<dept>[^\d。，、；：:]{2,40}?)(?:部门)?[决预]算")
_PART_TITLE = re.compile(
    r"第[一二三四五六七八九十]部分(?P<dept>[^\d。，；：:]{2,40}?)(?P<year>(?:19|20)\d{2})年度?(?:部门)?决算"
)
_PART_OVERVIEW = re.compile(r"第[一二三四五六七八九十]部分(?P<dept>[^\d。，；：:]{2,40}?)概况")
_YEAR = re.compile(r"((?:19|20)\d{2})年度?(?:部门)?决算")
_UNIT = re.compile(r"(?:金额)?单位[：:]\s*(万元|元|千元|亿元)")
_ROW = re.compile(r"^\s*(\d{1,3})\s+(\S.*)$")
_NUMBERED_ROW = re.compile(r"^\s*[（(]?(\d{1,3})\s*[.、．)）]?\s*(\S.*)$")
_NUMBERING = re.compile(r"^\s*[（(]?\d{1,3}\s*[.、．)）]\s*")
_LIST_INTRO = re.compile(r"(?:单位|部门决算)包括[：:]$")
# "纳入…编制范围的（二级预算）单位包括：甲、乙。", "某局部门决算包括：局本级决算、甲决算和乙决算。"
_LISTED = re.compile(
    r"(?:(?:编制范围的|纳入[^。]{0,30}?的)(?:二级预算|所属)?单位|部门决算)包括[：:](?P<list>[^。]+)。"
)
# A list of accounts, each named "<unit>决算", the last joined by 和/及.
_COUNTED = re.compile(r"[\d一二三四五六七八九十]+(?:个|家)")  # "所属3个单位": a count, not a name
_ACCOUNTS = re.compile(r"决算(?:以及|[、，,；;和及])")
_PART_PREFIX = re.compile(r"第[一二三四五六七八九十]部分")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _joined(page: Page) -> str:
    return "".join("".join(line.text.split()) for line in page.lines)


def department_and_year(pages: list[Page]) -> tuple[str | None, int | None]:
    dept: str | None = None
    year: int | None = None
    for page in pages[:2]:
        cover = _joined(page)
        m = _TITLE.search(cover)
        if m and m.start() < 80:
            dept, year = _PART_PREFIX.split(m.group("dept"))[-1], int(m.group("year"))
            break
        m = _TITLE_YEAR_FIRST.match(cover)
        if m:
            dept, year = m.group("dept"), int(m.group("year"))
            break
    if dept is None or year is None:
        text = RunningText.compact(pages).text
        m = _PART_TITLE.search(text)
        if m:
            dept = dept or m.group("dept")
            year = year or int(m.group("year"))
        if dept is None:
            mo = _PART_OVERVIEW.search(text)
            if mo:
                dept = mo.group("dept")
        if year is None:
            years = Counter(int(y) for y in _YEAR.findall(text))
            if years:
                year = years.most_common(1)[0][0]
    return dept, year


def unit_of(pages: list[Page]) -> str:
    units = Counter(m.group(1) for page in pages for line in page.lines for m in _UNIT.finditer(line.text))
    if not units or "万元" in units:
        return "万元"
    return units.most_common(1)[0][0]


def _unit_name(rest: str) -> str | None:
    tokens = rest.split()
    name = tokens[0]
    for token in tokens[1:]:
        if token[0] in "（(":  # "上海市XX局 （本级）"
            name += token
        else:
            break
    return name if _CJK.search(name) else None


def _numbered_rows(lines: list[str], row: re.Pattern[str]) -> list[str]:
    """Unit names of consecutive numbered rows (1, 2, 3 ...); blank lines and repeated headers skipped."""
    names: list[str] = []
    expected = 1
    for text in lines:
        squeezed = "".join(text.split())
        if not squeezed or ("序号" in squeezed and "单位名称" in squeezed):
            continue
        m = row.match(text)
        if not m or int(m.group(1)) != expected:
            break
        expected += 1
        name = _unit_name(m.group(2))
        if name:
            names.append(name)
    return names


def units_included(pages: list[Page]) -> list[str]:
    """The 决算单位构成 list, in printed order: a table (序号 单位名称 备注), a sentence, or numbered lines."""
    lines = [line.text for page in pages for line in page.lines]
    for i, text in enumerate(lines):
        squeezed = "".join(text.split())
        if "序号" in squeezed and "单位名称" in squeezed:
            names = _numbered_rows(lines[i + 1 :], _ROW)
            if names:
                return names
    for i, text in enumerate(lines):
        if _LIST_INTRO.search("".join(text.split())):
            names = _numbered_rows(lines[i + 1 :], _NUMBERED_ROW)
            if names:
                return names
    m = _LISTED.search(RunningText.compact(pages).text)
    if m:
        return _listed_names(m.group("list"))
    return []


def _listed_names(listed: str) -> list[str]:
    """Unit names of a listing sentence: "甲、乙" or, where each is an account, "甲决算、乙决算和丙决算" (the
    trailing 决算 names the accounts, not the units, and is dropped)."""
    if listed.endswith("决算"):
        parts = _ACCOUNTS.split(listed.removesuffix("决算"))
    else:
        parts = re.split(r"[、，,；;]", listed)
    names = (_NUMBERING.sub("", part) for part in parts)
    return [name for name in names if _CJK.search(name) and not _COUNTED.search(name)]


def read_metadata(report: Report) -> None:
    dept, year = department_and_year(report.pages)
    if dept:
        report.department = dept
    if year:
        report.year = year
    report.unit = unit_of(report.pages)
    names = units_included(report.pages)
    if names:
        report.units_included = names
