"""What the standard tables are called and how their headers read, as data.

One job: the words.  Titles (2022+ names and regional aliases), the header
phrases that name each column, the labels of 合计 / 总计 rows and of the
named totals of the two-sided tables, and the statements that declare a table
empty.  Matching is on text with whitespace and quote marks removed
(``normalise``); titles match whole, never as a substring of a longer title
(收入支出决算总表 is not 财政拨款收入支出决算总表).
"""

from __future__ import annotations

import re

_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』")
_BRACKETS = str.maketrans("", "", "（）()")

# Table key -> accepted titles; the first is the 2022+ national name.
TITLES: dict[str, tuple[str, ...]] = {
    "summary": ("收入支出决算总表", "部门收入支出决算总表", "收支决算总表", "部门收支决算总表"),
    # 收入决算总表 / 支出决算总表: names some provinces printed until 2020
    "income": ("收入决算表", "部门收入决算表", "收入决算明细表", "收入决算总表"),
    "expenditure": ("支出决算表", "部门支出决算表", "支出决算明细表", "支出决算总表"),
    "fiscal_summary": (
        "财政拨款收入支出决算总表",
        "财政拨款收支决算总表",
        "部门财政拨款收入支出决算总表",
        "部门财政拨款收支决算总表",
        "财政拨款收入支出决算表",
    ),
    "general_budget": (
        "一般公共预算财政拨款支出决算表",
        "一般公共预算财政拨款支出决算明细表",
        "一般公共预算支出决算表",
        "一般公共预算支出决算明细表",
        "一般公共预算财政拨款收入支出决算表",
        # before the 2015 budget law the fund was 公共财政, then for a few years 公共预算
        "公共预算财政拨款支出决算表",
        "公共财政拨款支出决算表",
    ),
    "basic_expenditure": (
        "一般公共预算财政拨款基本支出决算表",
        "一般公共预算财政拨款基本支出决算明细表",
        "一般公共预算基本支出决算表",
        "一般公共预算基本支出决算明细表",
        "公共预算财政拨款基本支出决算表",
        "公共财政拨款基本支出决算表",
    ),
    "three_public": (
        "财政拨款三公经费支出决算表",
        "一般公共预算财政拨款三公经费支出决算表",
        "三公经费支出决算表",
        "财政拨款三公经费支出决算明细表",
        "一般公共预算三公经费支出决算表",
        "三公经费财政拨款支出决算表",
        # with 会议费 and 培训费 columns (陕西 and others)
        "一般公共预算财政拨款三公经费及会议费、培训费支出决算表",
        "财政拨款三公经费及会议费、培训费支出决算表",
        "三公经费及会议费、培训费支出决算表",
        "一般公共预算财政拨款三公经费、会议费、培训费支出决算表",
        "财政拨款三公经费、会议费、培训费支出决算表",
        "三公经费、会议费、培训费支出决算表",
        "三公经费、会议费和培训费支出决算表",
        "三公经费、培训费及会议费支出决算表",
    ),
    "gov_fund": (
        "政府性基金预算财政拨款收入支出决算表",
        "政府性基金预算财政拨款支出决算表",
        "政府性基金预算财政拨款收支决算表",
    ),
    "state_capital": (
        "国有资本经营预算财政拨款收入支出决算表",
        "国有资本经营预算财政拨款支出决算表",
        "国有资本经营预算财政拨款收支决算表",
    ),
}

# Titles of tables that are none of the nine, though they look like one (a 高等学校 财政拨款支出决算表 covers
# every fund, not the 一般公共预算 alone): read as generic tables, whatever their columns resemble.
OTHER_TITLES: tuple[str, ...] = ("财政拨款支出决算表", "财政拨款支出决算明细表")

# Tables that hold scored indicators, not accounts (绩效自评表 ...): words of their header or title, and words
# that fill their cells.  Such grids are read from the running text (read/prose/performance.py), not as tables.
NOT_ACCOUNT_WORDS: tuple[str, ...] = ("绩效", "指标", "自评", "得分", "分值", "评分")
NOT_ACCOUNT_CELL_WORDS: tuple[str, ...] = ("指标", "得分", "分值")

# What may stand before a title on its line: a number (表1, 附表2, 3.), or the
# department and year (上海市XX局2024年度收入决算表).
_TITLE_PREFIX = re.compile(
    r"^(?:(?:附[表件]?|表|财决(?:公开)?|公开)[0-9一二三四五六七八九十]+(?:[-—－][0-9]+)?表?[-—:：．.、]?|[0-9]+[.．、]"
    r"|[（(][0-9一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)?(?:.*\d{4}年度?(?:部门)?)?$"
)
# A title may end with a continuation mark.
_CONTINUED = re.compile(r"[（(]?续(?:表)?[0-9一二三四五六七八九十]*[)）]?$")

# Two-sided tables, left and right side labels of the named totals.
INCOME_TOTALS: dict[str, str] = {
    "本年收入合计": "income_total",
    "收入合计": "income_total",
    "使用非财政拨款结余": "use_of_balance",
    "使用非财政拨款结余含专用结余": "use_of_balance",
    "年初结转和结余": "opening_balance",
    "年初财政拨款结转和结余": "opening_balance",
    "总计": "grand_total.income",
    "收入总计": "grand_total.income",
}
EXPENDITURE_TOTALS: dict[str, str] = {
    "本年支出合计": "expenditure_total",
    "支出合计": "expenditure_total",
    "结余分配": "distribution",
    "年末结转和结余": "closing_balance",
    "年末财政拨款结转和结余": "closing_balance",
    "总计": "grand_total.expenditure",
    "支出总计": "grand_total.expenditure",
}

# Row labels of a 合计 row in the row-shaped tables.
TOTAL_ROW_LABELS: frozenset[str] = frozenset({"合计", "总计", "本年收入合计", "本年支出合计"})

# 基本支出表: labelled cells.
BASIC_CELLS: dict[str, str] = {
    "人员经费合计": "personnel_total",
    "人员经费": "personnel_total",
    "公用经费合计": "public_total",
    "公用经费": "public_total",
}

# Line and column numbers some templates print: a 行次 column, a 栏次 row (1, 2, 3 ...).
LINE_NUMBER_LABELS: frozenset[str] = frozenset({"行次", "栏次", "行号", "栏号"})

# Header roles that are not amounts.
CODE = "code"
NAME = "name"

# Column headers: (role, leaf phrases).  The leaf is the lowest header cell
# above a column; phrases are tried in order, first match wins.
_CODE_PHRASES = (
    "类", "款", "项", "科目编码", "科目代码", "功能分类科目编码", "支出功能分类科目编码",
    "经济分类科目编码", "支出经济分类科目编码", "编码", "代码", "功能分类", "经济分类", "支出功能分类",
)
_NAME_PHRASES = ("科目名称", "项目名称", "名称", "项目", "科目")

COLUMN_PHRASES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "income": (
        ("total", ("本年收入合计", "收入合计", "合计")),
        ("fiscal", ("财政拨款收入", "财政拨款", "财政补助收入")),  # 财政补助收入: the 事业单位 name until 2019
        ("superior_subsidy", ("上级补助收入",)),
        ("business", ("事业收入",)),
        ("operating", ("经营收入",)),
        ("affiliated", ("附属单位上缴收入",)),
        ("other", ("其他收入",)),
    ),
    "expenditure": (
        ("total", ("本年支出合计", "支出合计", "合计")),
        ("basic", ("基本支出",)),
        ("project", ("项目支出",)),
        ("to_superior", ("上缴上级支出",)),
        ("operating", ("经营支出",)),
        ("to_affiliated", ("对附属单位补助支出",)),
    ),
    "general_budget": (
        ("total", ("合计", "小计", "本年支出合计", "决算数")),
        ("basic", ("基本支出",)),
        ("project", ("项目支出",)),
    ),
    "basic_expenditure": (("amount", ("决算数", "金额", "合计", "本年支出")),),
    "gov_fund": (
        ("opening", ("年初结转和结余", "年初结转结余")),
        ("income", ("本年收入",)),
        ("closing", ("年末结转和结余", "年末结转结余")),
        ("total", ("小计", "合计", "本年支出")),
        ("basic", ("基本支出",)),
        ("project", ("项目支出",)),
    ),
}
COLUMN_PHRASES["state_capital"] = COLUMN_PHRASES["gov_fund"]

# fiscal_summary expenditure side: [total, general_budget, gov_fund, state_capital].
FISCAL_SIDE_PHRASES: tuple[tuple[int, tuple[str, ...]], ...] = (
    (1, ("一般公共预算",)),
    (2, ("政府性基金",)),
    (3, ("国有资本经营",)),
    (0, ("合计", "决算数", "小计")),
)

# 三公 table: the item a header text names (containment, first match wins).  "subtotal" (小计) is the
# subtotal of the item above it; "three_public" is a heading naming the 三公 group itself.
THREE_PUBLIC_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("overseas", ("因公出国",)),
    ("vehicles", ("购置及运行", "公务用车费", "公务用车支出")),
    ("vehicle_operation", ("运行维护", "运行费")),
    ("vehicle_purchase", ("购置",)),
    ("reception", ("公务接待",)),
    ("meeting", ("会议费",)),
    ("training", ("培训费",)),
    ("subtotal", ("小计",)),
    ("total", ("合计", "总计")),
    ("three_public", ("三公",)),
)

# Words a header cell is made of (a cell made only of these is header, not data).
HEADER_WORDS: frozenset[str] = frozenset(
    {
        "项目", "收入", "支出", "单位", "万元", "单位万元", "决算数", "预算数", "年初预算数", "全年预算数",
        "本年支出", "本年收入", "财政拨款", "三公经费", "财政拨款三公经费", "金额",
        "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款",
        "公务用车购置及运行费", "公务用车购置及运行维护费", "公务用车购置费", "公务用车运行费",
        "公务用车运行维护费", "公务用车", "购置费", "运行维护费", "运行费", "因公出国境费", "因公出国（境）费",
        "公务接待费", "会议费", "培训费", "小计", "合计", "支出功能分类", "功能分类", "经济分类", "科目",
        "科目编码", "编码", "科目名称", "名称", "类", "款", "项", "行次", "栏次",
    }
    | {p for table in COLUMN_PHRASES.values() for _, phrases in table for p in phrases}
    | set(_CODE_PHRASES)
    | set(_NAME_PHRASES)
)

_HEADER_WORDS_PLAIN = frozenset(w.replace("（", "").replace("）", "") for w in HEADER_WORDS)
_HEADER_WORD_LONGEST = max(len(w) for w in _HEADER_WORDS_PLAIN)
_TITLE_TEXTS = tuple(sorted({t.translate(_QUOTES) for titles in TITLES.values() for t in titles}))

_EMPTY_STATEMENT = re.compile(r"[本此该]表(?:无数据|为空|无内容)|以空表|空表(?:列示|公开|反映)|故[本此该]表")
_NOTE_PREFIX = re.compile(r"^(?:注|说明|备注)\s*[0-9]*\s*[:：]")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]+[、.．])")


def normalise(text: str) -> str:
    """Text compared without whitespace or quote marks."""
    return "".join(text.split()).translate(_QUOTES)


_TITLES_LONGEST_FIRST = tuple(
    sorted(((normalise(t), key) for key, titles in TITLES.items() for t in titles), key=lambda x: -len(x[0]))
)


_OTHER_TITLES_LONGEST_FIRST = tuple(sorted((normalise(t) for t in OTHER_TITLES), key=lambda t: -len(t)))


def label_key(text: str) -> str:
    """A label compared without whitespace, quote marks or brackets: "使用非财政拨款结余（含专用结余）"."""
    return normalise(text).translate(_BRACKETS)


def is_name_header(text: str) -> bool:
    """A column header that names lines (项目, 科目名称, 收入项目 ...), not amounts."""
    key = label_key(text)
    return key in _NAME_PHRASES or key.endswith("项目") or key.endswith("名称")


def strip_numbering(name: str) -> str:
    """A line name without its numbering: "一、一般公共服务支出" -> "一般公共服务支出"."""
    return _NUMBERING.sub("", name, count=1)


def may_hold_title(page_text: str) -> bool:
    """Cheap test before grouping a page into lines: does its text contain any title at all?"""
    norm = page_text.translate(_QUOTES)
    return any(t in norm for t in _TITLE_TEXTS)


def _without_continued(line: str) -> tuple[str, bool]:
    norm = normalise(line)
    m = _CONTINUED.search(norm)
    if m and m.start() > 0:
        return norm[: m.start()], True
    return norm, False


def match_title(line: str) -> tuple[str, bool] | None:
    """(table key, continued?) when a printed line is a standard table's title, else None."""
    norm, continued = _without_continued(line)
    # longest title first: 财政拨款收入支出决算总表 before 收入支出决算总表
    for t, key in _TITLES_LONGEST_FIRST:
        if norm.endswith(t) and _TITLE_PREFIX.match(norm[: len(norm) - len(t)]):
            return key, continued
    return None


def match_other_title(line: str) -> str | None:
    """The title as printed (without numbering) when a line names a table known to be none of the nine."""
    if match_title(line) is not None:
        return None
    norm, _ = _without_continued(line)
    for t in _OTHER_TITLES_LONGEST_FIRST:
        if norm.endswith(t) and _TITLE_PREFIX.match(norm[: len(norm) - len(t)]):
            return t
    return None


def is_header_text(text: str) -> bool:
    """Whether a cell's text is made only of header words ("支出功能分类科目编码", "本年收入合计")."""
    norm = normalise(text)
    for mark in "（）():：":
        norm = norm.replace(mark, "")
    if not norm:
        return False
    words, longest = _HEADER_WORDS_PLAIN, _HEADER_WORD_LONGEST
    ok = [False] * (len(norm) + 1)
    ok[0] = True
    for i in range(len(norm)):
        if not ok[i]:
            continue
        for j in range(i + 1, min(len(norm), i + longest) + 1):
            if norm[i:j] in words:
                ok[j] = True
    return ok[len(norm)]


def column_role(table_key: str, leaf: str, path: str) -> str | None:
    """The model column key, CODE or NAME for a column headed ``leaf`` under ``path`` (all its header text)."""
    leaf_n, path_n = normalise(leaf), normalise(path)
    if not leaf_n or leaf_n in LINE_NUMBER_LABELS:
        return None
    if leaf_n in _CODE_PHRASES or leaf_n.endswith("编码") or leaf_n.endswith("代码"):
        return CODE
    if leaf_n in _NAME_PHRASES or leaf_n.endswith("名称"):
        return NAME
    budget = any(w in path_n for w in ("年初预算", "全年预算", "预算数")) and table_key == "general_budget"
    for key, phrases in COLUMN_PHRASES.get(table_key, ()):
        if leaf_n in phrases:
            return f"budget_{key}" if budget else key
    for key, phrases in COLUMN_PHRASES.get(table_key, ()):
        if any(p in path_n for p in phrases if len(p) > 2):
            return f"budget_{key}" if budget else key
    return None


def empty_statement(text: str) -> str | None:
    """The statement as printed, without a 注：/说明： label, when ``text`` declares a table empty."""
    norm = "".join(text.split())
    if not _EMPTY_STATEMENT.search(norm):
        return None
    return _NOTE_PREFIX.sub("", norm, count=1)
