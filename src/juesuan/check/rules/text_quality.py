"""Text quality: department name and year consistent, no template residue, no garbled wording."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from juesuan.check.finding import Hit
from juesuan.check.page_text import PageText, finditer
from juesuan.check.rule import Rule, rule
from juesuan.model import Report

RULES: list[Rule] = []

_HEADING = re.compile(r"([\u4e00-\u9fa5（）()]{2,60}?)(20\d{2})年度?部门决算")


@rule(
    RULES, "C201", "department-name", "warning", "completeness",
    "标题中的部门名称不完整",
    """
    封面、各部分标题中的部门名称应与报告的部门全称一致。标题写成“普陀区财政局2024年度部门决算”而部门是
    “上海市普陀区财政局”时提示（少了“上海市”）。只在有正文时检查。
    """,
    "第3页 标题中的部门名称“普陀区财政局”比全称“上海市普陀区财政局”少了“上海市”",
)
def department_name(report: Report) -> Iterator[Hit]:
    dept = re.sub(r"\s", "", report.department or "")
    if len(dept) < 4:
        return
    for page, m in finditer(_HEADING, report):
        prefix = m.group(1)
        if dept in prefix:
            continue
        # only suffixes no longer than the title's prefix can end it (a long name costs nothing more)
        first = max(1, len(dept) - len(prefix))
        short = next((dept[i:] for i in range(first, len(dept) - 3) if prefix.endswith(dept[i:])), None)
        if short is None:
            continue
        yield Hit(f"标题中的部门名称“{short}”比全称“{dept}”少了“{dept[:len(dept) - len(short)]}”",
                  page.locate(m.start(), m.end()))


_YEAR_HEADING = re.compile(r"(20\d{2})年度?部门决算")
# A year named to compare with ("与2023年度部门决算相比", "比截至2023年12月31日增加") or to cite is not the report's.
_COMPARED_BEFORE = re.compile(r"(?:与|比|较|同|上年|上一年度?|根据|依据|按照)[^，。；]{0,3}$")
_COMPARED_AFTER = re.compile(r"^[^，。；]{0,6}?(?:相比|比较|对比|同期|批复)")


def _compared(text: str, m: re.Match[str]) -> bool:
    return bool(_COMPARED_BEFORE.search(text[max(0, m.start() - 8):m.start()])
                or _COMPARED_AFTER.search(text[m.end():m.end() + 12]))
_YEAR_END = re.compile(r"截[至止](20\d{2})年(?:度)?(?:末|12月31日)")


@rule(
    RULES, "C202", "year-consistency", "error", "completeness",
    "年度前后不一致",
    """
    标题“XXXX年度部门决算”、部门名称后的“XXXX年度……”以及“截至XXXX年12月31日”中的年份应为报告年度。
    与上年比较或引用的（“与2023年度相比”“比截至2023年12月31日”“根据2023年度部门决算批复”）不在此列。
    只在有正文时检查。
    """,
    "第2页 “2023年度部门决算”出现在2024年度报告中",
)
def year_consistency(report: Report) -> Iterator[Hit]:
    if not report.year:
        return
    patterns = [_YEAR_HEADING, _YEAR_END]
    dept = re.sub(r"\s", "", report.department or "")
    if dept:
        patterns.append(re.compile(re.escape(dept) + r"(20\d{2})年度"))
    seen: set[tuple[int, int]] = set()
    for pattern in patterns:
        for page, m in finditer(pattern, report):
            year = int(m.group(1))
            if year == report.year or (page.number, m.start(1)) in seen or _compared(page.text, m):
                continue
            seen.add((page.number, m.start(1)))
            yield Hit(f"“{m.group(0)}”出现在{report.year}年度报告中", page.locate(m.start(), m.end()), None,
                      str(year), str(report.year))


_WORDS = "增加|减少|增长|下降|上升|大于|小于|高于|低于"
# "为万元" (the text has no spaces) is an amount left blank ("支出决算为 万元"), unless it says what unit the
# amounts are in: "本表金额转换为万元时，因四舍五入可能存在尾数误差", "金额单位为万元", "统一折算为万元".
_UNIT_WORDS = ("单位", "转换", "换算", "折算", "折合", "转化", "统一", "一律", "均", "皆")
_UNIT_STATEMENT = "".join(f"(?<!{w})" for w in _UNIT_WORDS)
_RESIDUE = re.compile(
    "|".join((
        r"(?<![A-Za-z])[XＸxｘ][.．][XＸxｘ]+(?![A-Za-z])",  # X.XX
        r"(?<![A-Za-z])(?:[XＸ]{2,}|[xｘ]{2,})(?![A-Za-z])",  # XX局, XXX万元 (not a Latin word)
        r"(?<![×＊*])[×＊*]{2,8}(?![×＊*])",  # ××, ** (a long run is a rule line, not a placeholder)
        r"待填写|待补充",
        r"[（(](?:单位|部门)名称[)）]",
        r"占[%％]|(?<!位)为[%％]|[（(][)）](?:万元|[%％])",
        rf"{_UNIT_STATEMENT}为万元(?!时|为单位|计)",
        rf"(?P<alternative>(?:{_WORDS})[（(](?:{_WORDS})[)）])",
    ))
)


def _is_residue(page: PageText, m: re.Match[str]) -> bool:
    """A match, except "增加（减少）" as a table's column header: a line without sentence punctuation, no figure
    after it."""
    if not m.group("alternative"):
        return True
    prose = any(re.search(r"[，。；：,;:]", line.text) for line in page.lines_at(m.start(), m.end()))
    figure = re.match(r"[0-9XＸ×.．]", page.text[m.end():m.end() + 1])
    return prose or figure is not None


def _per_page(pattern: re.Pattern[str], report: Report, what: str,
              keep: Callable[[PageText, re.Match[str]], bool] | None = None) -> Iterator[Hit]:
    """One finding per page: the first place, and how many there are (matches ``keep`` accepts)."""
    found: dict[int, list[tuple[PageText, re.Match[str]]]] = {}
    for page, m in finditer(pattern, report):
        if keep is None or keep(page, m):
            found.setdefault(page.number, []).append((page, m))
    for matches in found.values():
        page, first = matches[0]
        kinds = "、".join(dict.fromkeys(f"“{m.group(0)}”" for _, m in matches))
        count = f" {len(matches)} 处" if len(matches) > 1 else ""
        yield Hit(f"{what}{count}：{kinds}", page.locate(first.start(), first.end(), context=12))


@rule(
    RULES, "C203", "template-residue", "error", "completeness",
    "模板残留（XX、××、待填写、空白的“占 %”）",
    """
    正文中残留模板占位：XX、X.XX、××、待填写、待补充、（单位名称）、没有数字的“占 %”“为 万元”、
    未作选择的“增加（减少）”“大于（小于）”。说明计量单位的话（“金额单位为万元”“本表金额转换为万元时，
    因四舍五入可能存在尾数误差”）不是残留；表头印的“增加（减少）”（不在句中、后面没有数字）也不是。每页报一次，写明处数。
    """,
    "第12页 模板残留 3 处：“XX”、“占%”",
)
def template_residue(report: Report) -> Iterator[Hit]:
    yield from _per_page(_RESIDUE, report, "模板残留", _is_residue)


# two marks, not a run of them: "。。。。" is a 目录's dot leader, not a doubled full stop
_DOUBLED = re.compile(r"(?<!。)。。(?!。)|(?<!，)，，(?!，)|(?<!、)、、(?!、)|(?<!；)；；(?!；)|(?<!：)：：(?!：)")


@rule(
    RULES, "C204", "doubled-punctuation", "warning", "completeness",
    "重复的标点",
    "“。。”“，，”“、、”“；；”“：：”：通常是删改模板时留下的，提示核对语句是否完整（三个以上连续的标点是目录的"
    "引导符，不报）。每页报一次。",
    "第13页 重复标点：“。。”",
)
def doubled_punctuation(report: Report) -> Iterator[Hit]:
    yield from _per_page(_DOUBLED, report, "重复标点")


_CONTRADICTORY = re.compile(r"大小于|小大于|减增加|增减少|增加减少|减少增加|上升下降|下降上升|增长下降|下降增长")


@rule(
    RULES, "C205", "contradictory-words", "error", "completeness",
    "自相矛盾的用词（大小于、减增加）",
    "模板中的“大于/小于”“增加/减少”没有删去一个，留下“大小于”“减增加”之类的词。印成两格的（表头“增加 减少”）不算。",
    "第14页 矛盾用词“大小于”：“决算数大小于预算数”",
)
def contradictory_words(report: Report) -> Iterator[Hit]:
    for page, m in finditer(_CONTRADICTORY, report):
        if re.search(r"[ \t\u3000]", page.printed(m.start(), m.end())):
            continue  # two cells of a table row ("增加 减少"), not one word
        yield Hit(f"矛盾用词“{m.group(0)}”", page.locate(m.start(), m.end(), context=12))
