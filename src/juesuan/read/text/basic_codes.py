"""Table 6 (基本支出) written column by column: its lines as tokens, and which rows it has.

An extractor that writes the table column by column (pdftotext's default mode) puts each
printed cell, or a run of cells down one column, in a paragraph of its own (paragraphs are
separated by blank lines).  The rows are the economic codes: printed whole ("30101"), they
are the rows; printed as a 类 column and a 款 column ("301" on every row, "01" beside it)
that the extractor scatters, the rows are the 类 codes printed and, under each, the 款 whose
national classification name the text prints (alone, or wrapped over two or three lines).
That reading stands only when the 款 column's two-digit codes are exactly those rows' (a
page number or two aside) and each 类 is printed as often as it has rows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from juesuan.amounts import amount_or_none
from juesuan.model import Amount
from juesuan.read.text.basic_columns import match_names
from juesuan.read.text.table_lines import name_fragment, tidy_name

_CLASS = re.compile(r"^3\d{2}$")
_CODE = re.compile(r"^3\d{4}$")
_PART = re.compile(r"^\d{2}$")
_AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
LABELS = {"人员经费合计": "personnel_total", "公用经费合计": "public_total",
          "人员经费小计": "personnel_total", "公用经费小计": "public_total"}


@dataclass
class Word:
    kind: str  # class | code | part | amount | name | label | other
    text: str
    page: int
    paragraph: int  # run of lines between blank lines
    line: int  # index of its line
    value: Amount = None


@dataclass
class Rows:
    codes: list[str]  # in the table's order: the 人员经费 类 first, each 类 then its 款
    names: dict[str, str]
    pages: dict[str, int]  # code -> page it is printed on
    whole: bool  # codes printed whole (else 类 and 款 apart)
    code_words: dict[int, str] = field(default_factory=dict)  # index into the words -> the whole code it is


def words_of(lines: list[tuple[int, str]]) -> list[Word]:
    """The lines' words in text order: a line of Chinese words without digits is one name."""
    out: list[Word] = []
    paragraph = 0
    for line, (page, text) in enumerate(lines):
        stripped = text.strip()
        if not stripped:
            paragraph += 1
            continue
        squeezed = "".join(stripped.split())
        if squeezed in LABELS:
            out.append(Word("label", squeezed, page, paragraph, line))
            continue
        if _CJK.search(stripped) and not re.search(r"\d", stripped):
            name = tidy_name(stripped)
            out.append(Word("name" if name_fragment(name) else "other", name, page, paragraph, line))
            continue
        pieces: list[str] = []
        for token in stripped.split():
            if _CJK.search(token) and not re.search(r"\d", token):
                pieces.append(token)
                continue
            if pieces:
                out.append(_name_word(pieces, page, paragraph, line))
                pieces = []
            if _AMOUNT.match(token):
                out.append(Word("amount", token, page, paragraph, line, amount_or_none(token)))
            elif _CODE.match(token):
                out.append(Word("code", token, page, paragraph, line))
            elif _CLASS.match(token):
                out.append(Word("class", token, page, paragraph, line))
            elif _PART.match(token):
                out.append(Word("part", token, page, paragraph, line))
            else:
                out.append(Word("other", token, page, paragraph, line))
        if pieces:
            out.append(_name_word(pieces, page, paragraph, line))
    return out


def _name_word(pieces: list[str], page: int, paragraph: int, line: int) -> Word:
    name = tidy_name(" ".join(pieces))
    squeezed = "".join(name.split())
    if squeezed in LABELS:
        return Word("label", squeezed, page, paragraph, line)
    return Word("name" if name_fragment(squeezed) else "other", squeezed, page, paragraph, line)


def standard_order(codes: list[str]) -> list[str]:
    """The 人员经费 类 (301, 303) first, then the others, each 类 followed by its 款 in code order."""
    classes = sorted({c[:3] for c in codes}, key=lambda c: (c not in ("301", "303"), c))
    return [c for cls in classes for c in sorted(x for x in codes if x[:3] == cls)]


def read_rows(words: list[Word], names: dict[str, str]) -> Rows | None:
    """The table's rows: its whole codes, or its 类 codes and the 款 its names spell; None when
    neither reading holds."""
    whole = [(i, w) for i, w in enumerate(words) if w.kind == "code"]
    if len(whole) >= 2:
        return _whole_rows(words, whole, names)
    return _split_rows(words, names)


def _whole_rows(words: list[Word], whole: list[tuple[int, Word]], names: dict[str, str]) -> Rows | None:
    classes = [(i, w) for i, w in enumerate(words) if w.kind == "class"]
    found = sorted([*whole, *classes], key=lambda p: p[0])
    codes = [w.text for _, w in found]
    if len(set(codes)) != len(codes):
        return None
    lines = [w.text for w in words if w.kind == "name"]
    cut = match_names(lines, codes, names)
    return Rows(
        codes=standard_order(codes),
        names={code: cut[k] if k < len(cut) else "" for k, code in enumerate(codes)},
        pages={w.text: w.page for _, w in found},
        whole=True,
        code_words={i: w.text for i, w in found},
    )


def _split_rows(words: list[Word], names: dict[str, str]) -> Rows | None:
    classes = Counter(w.text for w in words if w.kind == "class")
    parts = Counter(w.text for w in words if w.kind == "part")
    if not classes or not parts:
        return None
    class_page: dict[str, int] = {}
    for w in words:
        if w.kind == "class":
            class_page.setdefault(w.text, w.page)
    wanted: dict[str, list[str]] = {}  # squeezed standard name -> its codes under the 类 printed
    for code, name in names.items():
        if len(code) == 5 and code[:3] in classes:
            wanted.setdefault("".join(name.split()), []).append(code)
    heads = {"".join(names.get(c, "").split()): c for c in classes}
    found: dict[str, int] = {}  # code -> page
    head_page: dict[str, int] = {}
    pieces = [w for w in words if w.kind == "name"]
    used = [False] * len(pieces)
    for size in (3, 2, 1):  # longest first: a wrapped name is not read as its first line
        for start in range(len(pieces) - size + 1):
            span = pieces[start : start + size]
            if any(used[start : start + size]) or any(p.paragraph != span[0].paragraph for p in span):
                continue
            joined = "".join(p.text for p in span)
            options = [c for c in wanted.get(joined, []) if c not in found]
            if not options:
                if size == 1 and joined in heads and heads[joined] not in head_page:
                    used[start] = True  # a 类's own name: where its row is printed
                    head_page[heads[joined]] = span[0].page
                continue
            found[options[0]] = span[0].page
            used[start : start + size] = [True] * size
    suffixes = Counter(code[3:] for code in found)
    if suffixes - parts or sum((parts - suffixes).values()) > 2:
        return None  # the 款 column does not print these rows
    for cls, count in classes.items():
        if count > 1 and count != 1 + sum(1 for code in found if code[:3] == cls):
            return None  # a 类 printed on every row: as many rows as it is printed
    codes = [*classes, *found]
    pages = {**class_page, **head_page, **found}
    return Rows(
        codes=standard_order(codes),
        names={code: "".join(names.get(code, "").split()) for code in codes},
        pages=pages,
        whole=False,
    )
