"""Which standard table a printed table is, by what it holds: header words, codes, two sides.

One job: recognition by content, for a table whose title is missing, wrapped,
overlapped by another heading or printed in a wording not in the catalogue.
The evidence is the table itself:

* the header words above its columns (因公出国 ... for the 三公 table,
  年初结转和结余 / 年末结转和结余 for the fund tables, 财政拨款收入 / 事业收入 ...
  for 收入决算表, 上缴上级支出 / 经营支出 for 支出决算表);
* its codes: function codes (201, 20101, 2010101: classes 2xx) or economic codes
  (301, 30101: classes 3xx), and the class of the codes (223: 国有资本经营预算支出);
* its sides: two columns of line names with amounts between them (收入 | 支出).

``SIGNATURES`` is the data, tried in order (most specific first); a signature
that fits several tables (合计 / 基本支出 / 项目支出 with function codes is 支出决算表
or 一般公共预算财政拨款支出决算表) is settled by the tables already found and the
national order.  Input is a ``Sketch`` (header texts and cell texts per column),
so any reader can use it; nothing here knows about PDF geometry.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from juesuan.amounts import is_amount
from juesuan.model import TABLE_KEYS
from juesuan.read.tables.catalogue import NOT_ACCOUNT_CELL_WORDS, label_key, may_hold_title, normalise, strip_numbering


@dataclass(frozen=True)
class Sketch:
    """A printed table as text: each data column's header texts (top to bottom), and the data rows."""

    headers: list[list[str]]
    rows: list[list[str]]  # one text per data column ("" where blank)
    notes: tuple[str, ...] = ()  # statements printed below it (本部门没有政府性基金收入……故本表无数据)


@dataclass(frozen=True)
class Signature:
    """What a standard table holds.  Every condition given must hold."""

    keys: tuple[str, ...]  # the table it is; several: the order in the document decides
    header_all: tuple[str, ...] = ()  # each of these words somewhere in the header
    header_any: tuple[str, ...] = ()  # at least ``at_least`` of these in the header
    at_least: int = 1
    codes: str | None = None  # "function" (2xx) or "economic" (3xx): what most codes are
    code_classes: tuple[str, ...] = ()  # most codes fall in these classes
    two_sided: bool | None = None  # 收入 lines and 支出 lines side by side
    line_any: tuple[str, ...] = ()  # one of these printed as a line name
    note_any: tuple[str, ...] = ()  # one of these in a statement below it (a table declared empty names itself)
    empty_ok: bool = False  # the header alone says it, even with no amount printed (a table declared empty)


FUND_COLUMNS = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
INCOME_COLUMNS = (
    "财政拨款收入", "财政补助收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入",
)
EXPENDITURE_ONLY_COLUMNS = ("上缴上级支出", "经营支出", "对附属单位补助支出")
BUDGET_COLUMNS = ("年初预算", "全年预算", "预算数", "一般公共预算")

SIGNATURES: tuple[Signature, ...] = (
    Signature(("three_public",), header_any=("因公出国", "公务接待", "公务用车"), empty_ok=True),
    Signature(("basic_expenditure",), codes="economic"),
    Signature(("fiscal_summary",), two_sided=True, header_any=FUND_COLUMNS, empty_ok=True),
    Signature(("fiscal_summary",), two_sided=True, line_any=("年初财政拨款结转和结余", "年末财政拨款结转和结余"),
              empty_ok=True),
    Signature(("summary",), two_sided=True, empty_ok=True),
    # 223: 国有资本经营预算支出, the only class the 国有资本经营 table holds
    Signature(("state_capital",), header_all=("年初结转", "年末结转"), code_classes=("223",)),
    Signature(("gov_fund",), header_all=("年初结转", "年末结转"), codes="function"),
    # a table declared empty names what it lacks: 没有政府性基金收入……故本表无数据
    Signature(("state_capital",), note_any=("国有资本经营",), empty_ok=True),
    Signature(("gov_fund",), note_any=("政府性基金",), empty_ok=True),
    Signature(("three_public",), note_any=("三公",), empty_ok=True),
    # the two fund tables print the same columns: empty, the national order tells them apart
    Signature(("gov_fund", "state_capital"), header_all=("年初结转", "年末结转"), empty_ok=True),
    Signature(("income",), header_any=INCOME_COLUMNS, at_least=2),
    Signature(("expenditure",), header_all=("基本支出", "项目支出"), header_any=EXPENDITURE_ONLY_COLUMNS),
    Signature(("state_capital",), header_all=("基本支出", "项目支出"), code_classes=("223",)),
    Signature(("general_budget",), header_all=("基本支出", "项目支出"), header_any=BUDGET_COLUMNS, codes="function"),
    Signature(("expenditure", "general_budget"), header_all=("基本支出", "项目支出"), codes="function"),
)

_DIGITS = re.compile(r"^\d+$")
_CODE_AND_NAME = re.compile(r"^(\d{3}|\d{5}|\d{7})\D")
# An amount as a table prints it: two decimals, no unit after it (running text says 万元 or %; a page's text
# runs table cells together, so what follows may be the next cell's digits).
_BARE_AMOUNT = re.compile(r"\d\.\d\d(?![万元亿%％])")
# A page with this many bare amounts may hold a table, titled or not.
MIN_PAGE_AMOUNTS = 2


def may_hold_table(page_text: str) -> bool:
    """Cheap test on a page's text: a standard title, or amounts as a table prints them (not a 绩效 table)."""
    if may_hold_title(page_text):
        return True
    if any(w in page_text for w in NOT_ACCOUNT_CELL_WORDS):
        return False
    return len(_BARE_AMOUNT.findall(page_text)) >= MIN_PAGE_AMOUNTS


def row_code(cells: list[str]) -> str | None:
    """The code a row starts with: leading digit cells joined (201 | 06 | 01), or digits before the name."""
    parts: list[str] = []
    for text in cells:
        text = normalise(text)
        if not text:
            continue
        if _DIGITS.match(text) and len(text) <= 7:
            parts.append(text)
            continue
        if not parts and (m := _CODE_AND_NAME.match(text)):
            return m.group(1)
        break
    code = "".join(parts)
    return code if len(code) in (3, 5, 7) else None


def code_kind(sketch: Sketch) -> tuple[str | None, str | None]:
    """(function | economic | None, the most common class) from the codes the rows start with."""
    codes = [c for row in sketch.rows if (c := row_code(row))]
    if not codes:
        return None, None
    function = sum(1 for c in codes if c[0] == "2")
    economic = sum(1 for c in codes if c[0] == "3" and len(c) in (3, 5))
    kind = None
    if function > len(codes) / 2:
        kind = "function"
    elif economic > len(codes) / 2:
        kind = "economic"
    classes = [c[:3] for c in codes]
    top = max(set(classes), key=classes.count)
    return kind, top if classes.count(top) > len(classes) / 2 else None


def _is_label(text: str) -> bool:
    norm = normalise(text)
    return bool(norm) and not is_amount(norm) and not _DIGITS.match(norm)


def label_columns(sketch: Sketch) -> list[int]:
    """Columns whose filled cells are mostly line names (not amounts, not codes)."""
    out = []
    for i in range(len(sketch.headers)):
        texts = [row[i] for row in sketch.rows if i < len(row) and normalise(row[i])]
        if texts and sum(1 for t in texts if _is_label(t)) > len(texts) / 2:
            out.append(i)
    return out


def is_two_sided(sketch: Sketch) -> bool:
    """Two columns of line names with amounts between them, the left naming 收入 and the right 支出."""
    labels = label_columns(sketch)
    if len(labels) < 2:
        return False
    left, right = labels[0], labels[1]
    if right == left + 1:  # code and name, or two name columns: no amounts between them
        return False
    header = "".join(normalise("".join(h)) for h in sketch.headers)
    if "收入" in header and "支出" in header:
        return True
    left_text = "".join(row[left] for row in sketch.rows if left < len(row))
    right_text = "".join(row[right] for row in sketch.rows if right < len(row))
    return "收入" in left_text and "支出" in right_text


def _lines(sketch: Sketch) -> set[str]:
    return {label_key(strip_numbering(normalise(t))) for row in sketch.rows for t in row if t}


def fits(signature: Signature, sketch: Sketch, header: str, codes: tuple[str | None, str | None],
         two_sided: bool) -> bool:
    """Whether the sketch holds what the signature says."""
    if any(w not in header for w in signature.header_all):
        return False
    if signature.header_any and sum(1 for w in signature.header_any if w in header) < signature.at_least:
        return False
    if signature.codes is not None and codes[0] != signature.codes:
        return False
    if signature.code_classes and codes[1] not in signature.code_classes:
        return False
    if signature.two_sided is not None and signature.two_sided != two_sided:
        return False
    if signature.note_any and not any(w in normalise(n) for n in sketch.notes for w in signature.note_any):
        return False
    return not signature.line_any or bool(_lines(sketch) & {label_key(w) for w in signature.line_any})


def _settle(keys: tuple[str, ...], found: Collection[str]) -> str | None:
    """One of several possible tables: the first not found yet, unless the document has passed it.

    支出决算表 and 一般公共预算财政拨款支出决算表 may print the same columns; the national order puts
    财政拨款收入支出决算总表 between them, so once that is found the table is the later one.  When every
    candidate is found already, the table cannot be told (None).
    """
    if len(keys) == 1:
        return keys[0]
    open_keys = [k for k in keys if k not in found]
    order = {k: i for i, k in enumerate(TABLE_KEYS)}
    for i, key in enumerate(open_keys):
        passed = any(order.get(f, -1) > order[key] for f in found)
        if not passed or i == len(open_keys) - 1:
            return key
    return None


def recognise(sketch: Sketch, found: Collection[str] = ()) -> str | None:
    """The standard table key the sketch holds, or None; ``found``: tables already found, in printed order."""
    amounts = any(is_amount(normalise(t)) for row in sketch.rows for t in row)
    header = "".join(normalise("".join(h)) for h in sketch.headers)
    codes = code_kind(sketch)
    two_sided = is_two_sided(sketch)
    for signature in SIGNATURES:
        if (amounts or signature.empty_ok) and fits(signature, sketch, header, codes, two_sided):
            return _settle(signature.keys, found)
    return None
