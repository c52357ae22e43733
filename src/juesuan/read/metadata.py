"""Department, year, unit and 决算单位构成 from the running text.

The department and year come from the cover ("上海市普陀区财政局 / 2024年度部门决算",
which may break the name over lines), else from a part heading ("第二部分 <部门>
2022 年度部门决算表", "第一部分 <部门>概况").  The unit is 万元 unless the tables
say otherwise.  The units included are the 决算单位构成 list (序号 单位名称 备注),
or a sentence listing them ("...的单位包括：甲、乙。").
"""

from __future__ import annotations

import re
from collections import Counter

from juesuan.model import Page, Report
from juesuan.read.text_stream import TextStream

_TITLE = re.compile(r"(?P<dept>[^\d。，、；：:]{2,40}?)(?P<year>(?:19|20)\d{2})年度?(?:部门)?[决预]算")
_PART_TITLE = re.compile(
    r"第[一二三四五六七八九十]部分(?P<dept>[^\d。，；：:]{2,40}?)(?P<year>(?:19|20)\d{2})年度?(?:部门)?决算"
)
_PART_OVERVIEW = re.compile(r"第[一二三四五六七八九十]部分(?P<dept>[^\d。，；：:]{2,40}?)概况")
_YEAR = re.compile(r"((?:19|20)\d{2})年度?(?:部门)?决算")
_UNIT = re.compile(r"(?:金额)?单位[：:]\s*(万元|元|千元|亿元)")
_ROW = re.compile(r"^\s*(\d{1,3})\s+(\S.*)$")
_LISTED = re.compile(r"(?:编制范围的|纳入[^。]{0,30}?的)单位包括[：:](?P<list>[^。]+)。")
_PART_PREFIX = re.compile(r"第[一二三四五六七八九十]部分")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _joined(page: Page) -> str:
    return "".join("".join(line.text.split()) for line in page.lines)


def department_and_year(pages: list[Page]) -> tuple[str | None, int | None]:
    dept: str | None = None
    year: int | None = None
    for page in pages[:2]:
        m = _TITLE.search(_joined(page))
        if m and m.start() < 80:
            dept, year = _PART_PREFIX.split(m.group("dept"))[-1], int(m.group("year"))
            break
    if dept is None or year is None:
        text = TextStream.from_pages(pages).text
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


def units_included(pages: list[Page]) -> list[str]:
    """The 决算单位构成 table's unit names (序号 单位名称 备注), in printed order."""
    lines = [line.text for page in pages for line in page.lines]
    for i, text in enumerate(lines):
        squeezed = "".join(text.split())
        if "序号" not in squeezed or "单位名称" not in squeezed:
            continue
        names: list[str] = []
        expected = 1
        for row in lines[i + 1 :]:
            squeezed_row = "".join(row.split())
            if not squeezed_row or ("序号" in squeezed_row and "单位名称" in squeezed_row):
                continue  # blank line, or the header repeated on the next page
            m = _ROW.match(row)
            if not m or int(m.group(1)) != expected:
                break
            expected += 1
            name = _unit_name(m.group(2))
            if name:
                names.append(name)
        if names:
            return names
    m = _LISTED.search(TextStream.from_pages(pages).text)
    if m:
        return [n for n in re.split(r"[、，,；;]", m.group("list")) if _CJK.search(n)]
    return []


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
