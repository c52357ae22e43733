"""What the running text says about the standard tables, whatever the reader made of them.

Two things a completeness rule must know before it calls a table missing: is
the table's title printed on some page (then the reader missed it: an image, a
layout it does not know), and does the text declare the table empty ("本部门无
政府性基金预算财政拨款收入支出，故本表无数据").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from juesuan.check.page_text import pages
from juesuan.model import Report
from juesuan.read.tables.catalogue import match_title

_MARKS = str.maketrans("", "", "“”\"'‘’「」《》〈〉")
_CONTINUED = re.compile(r"[（(]?续(?:表)?[0-9一二三四五六七八九十]*[)）]?$")
_NUMBER_AFTER = re.compile(r"[（(](?:附表|表|公开)?[0-9一二三四五六七八九十]+表?[)）]$")

# Subjects only one table has: a short line ending in 表 that names one is that table's title in another wording
# ("“三公”经费、行政参公单位机关运行经费情况表", "一般公共预算财政拨款基本支出决算明细表").
SUBJECTS: dict[str, tuple[str, ...]] = {
    "basic_expenditure": ("基本支出",),
    "three_public": ("三公",),
    "gov_fund": ("政府性基金",),
    "state_capital": ("国有资本经营",),
}
_TITLE_LENGTH = 50

# A statement that there is nothing for a table: none of its subject, or its subject then 空表 / 无数据.
_NONE_BEFORE = r"(?:无|没有|未发生|不涉及|未安排)[^。；;，,]{0,16}?"
_NONE_AFTER = r"[^。；;，,]{0,20}?(?:无数据|为空表|空表|未发生|不涉及)"
EMPTY_STATEMENTS: dict[str, re.Pattern[str]] = {
    key: re.compile(rf"{_NONE_BEFORE}(?:{'|'.join(words)})|(?:{'|'.join(words)}){_NONE_AFTER}")
    for key, words in (("gov_fund", ("政府性基金",)), ("state_capital", ("国有资本经营",)), ("three_public", ("三公",)))
}
_AMOUNT = re.compile(r"(?<![\d.])(?:0*[1-9]\d*(?:\.\d+)?|0\.\d*[1-9]\d*)万元")  # an amount that is not 0


@dataclass(frozen=True)
class Printed:
    """Where a table's title (or a statement about it) is printed."""

    page: int
    text: str


def _title_key(line: str) -> str | None:
    """The table a printed line is the title of, in the catalogue's wording or another one."""
    matched = match_title(line)
    if matched is not None:
        return matched[0]
    norm = "".join(line.split()).translate(_MARKS)
    norm = _NUMBER_AFTER.sub("", _CONTINUED.sub("", norm))
    if not norm.endswith("表") or len(norm) > _TITLE_LENGTH or "说明" in norm:
        return None
    keys = [key for key, words in SUBJECTS.items() if any(w in norm for w in words)]
    return keys[0] if len(keys) == 1 else None


def printed_titles(report: Report) -> dict[str, Printed]:
    """Table key -> the first place its title is printed as a line of its own, not as a 目录's entry.

    A page that says 目录, or lists four or more tables, is a table of contents: a title there counts only when the
    same title was printed before it (a plain text without page breaks is all one page, 目录 and tables alike).
    """
    found: dict[str, Printed] = {}
    seen: set[str] = set()
    for page in report.pages:
        titled = [(key, line.text) for line in page.lines if (key := _title_key(line.text)) is not None]
        if not titled:
            continue
        plain = "".join(page.text.split())
        contents = "目录" in plain or len({k for k, _ in titled}) >= 4
        for key, text in titled:
            if (not contents or key in seen) and key not in found:
                found[key] = Printed(page.number, "".join(text.split()))
            seen.add(key)
    return found


def empty_statements(report: Report) -> dict[str, Printed]:
    """Table key -> the first sentence that says there is nothing for that table (and names no amount but 0)."""
    found: dict[str, Printed] = {}
    for page in pages(report):
        for sentence in re.split(r"(?<=[。；;])", page.text):
            for key, pattern in EMPTY_STATEMENTS.items():
                m = pattern.search(sentence)
                if key not in found and m and not _AMOUNT.search(sentence):
                    start = max(sentence.rfind(c, 0, m.start()) for c in "：:，,") + 1
                    found[key] = Printed(page.number, sentence[start:][:80])
    return found
