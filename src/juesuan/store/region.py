"""Where a report comes from, when its department name or title says so: 上海市普陀区财政局 -> 上海市普陀区.

Only what is printed: a 省/自治区, a 市/州/盟/地区 and a 区/县/旗 at the start of the name (after a
中共/中国共产党 prefix), each a place name of at least two characters.  A central department (国家信访局)
or a name without a place (财政局) has no region: None, never a guess.
"""

from __future__ import annotations

import re

from juesuan.model import Report

_PARTY = re.compile(r"^(?:中国共产党|中共)")
_CJK = "[\u4e00-\u9fff]"
_LEVELS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"{_CJK}{{2,7}}?(?:省|自治区)"),
    re.compile(rf"{_CJK}{{2,7}}?(?:市|自治州|州|盟|地区)"),
    re.compile(rf"{_CJK}{{2,7}}?(?:区|自治县|县|自治旗|旗)"),
)
# words that end in a level character but are not places (城区 is a place only with a name: 东城区)
_NOT_PLACES = ("管理区", "开发区", "工业区", "示范区", "新区管委", "保护区", "名胜区", "社区", "园区", "风景区", "城区")


def region_of_name(name: str | None) -> str | None:
    """The place at the start of a department name or title, or None."""
    if not name:
        return None
    rest = _PARTY.sub("", "".join(name.split()))
    found = ""
    for level in _LEVELS:
        m = level.match(rest)
        if m is None or any(m.group().endswith(w) for w in _NOT_PLACES):
            continue
        found += m.group()
        rest = rest[m.end():]
    return found or None


def region_of(report: Report) -> str | None:
    """The region from the department name, else from the first page's title lines."""
    region = region_of_name(report.department)
    if region:
        return region
    for page in report.pages[:1]:
        for line in page.lines[:6]:
            if "决算" in line.text:
                title = re.sub(r"^\s*\d{4}\s*年度?", "", line.text)
                region = region_of_name(title)
                if region:
                    return region
    return None
