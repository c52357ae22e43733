"""Tables 1 and 4 (收入支出决算总表, 财政拨款收入支出决算总表) in plain text.

Each text line holds an income item and an expenditure item side by side:
``八、其他收入 6.20 八、社会保障和就业支出 326.71``.  Items start with their
numbering (一、 二十三、) or are named totals (本年收入合计, 年初结转和结余, 总计
...), and each item's numbers follow its own label, so the line splits into
items without guessing.  Names cut by wrapping ("二、政府性基金预算财政拨" /
"款") are completed from the standard item names.

In table 4 the expenditure side has four columns (合计, 一般公共预算, 政府性基金
预算, 国有资本经营预算); their blanks are lost, so the numbers are placed
by the table's sums (each line's 合计; 本年支出合计 = the sum of the items;
总计 = 本年支出合计 + 年末结转和结余) and by the tables stated empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.amounts import tolerance
from juesuan.model import Amount, Problem, Row, Table
from juesuan.read.text.column_assignment import Identity, Layout, Line, solve
from juesuan.read.text.table_lines import name_fragment, numbers_only, trailing_numbers
from juesuan.read.text.two_sided_hints import Hints, place_by_hints

INCOME_NAMES: dict[str, tuple[str, ...]] = {
    "summary": (
        "一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入",
        "事业收入", "经营收入", "附属单位上缴收入", "其他收入",
    ),
    "fiscal_summary": ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"),
}
EXPENDITURE_NAMES: tuple[str, ...] = (
    "一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出",
    "文化旅游体育与传媒支出", "文化体育与传媒支出", "社会保障和就业支出", "卫生健康支出", "医疗卫生与计划生育支出",
    "节能环保支出", "城乡社区支出", "农林水支出", "交通运输支出", "资源勘探工业信息等支出", "资源勘探信息等支出",
    "商业服务业等支出", "金融支出", "援助其他地区支出", "自然资源海洋气象等支出", "国土海洋气象等支出",
    "住房保障支出", "粮油物资储备支出", "国有资本经营预算支出", "灾害防治及应急管理支出", "其他支出",
    "债务还本支出", "债务付息支出", "债务发行费用支出", "抗疫特别国债安排的支出",
)
_TOTALS: tuple[tuple[str, str], ...] = (
    ("income_total", r"本年收入合计"),
    ("expenditure_total", r"本年支出合计"),
    ("use_of_balance", r"使用非财政拨款结余(?:（含专用结余）|\(含专用结余\)|和专用结余)?"),
    ("distribution", r"结余分配"),
    ("opening_balance", r"年初(?:财政拨款)?结转和结余"),
    ("closing_balance", r"年末(?:财政拨款)?结转和结余"),
    ("grand_total", r"总\s*计"),
)
# The income lines of table 4 are printed again, unnumbered, under 年初财政拨款结转和结余 (central layout).
_SUB_LINES = "|".join(INCOME_NAMES["fiscal_summary"])
_START = re.compile(
    r"[一二三四五六七八九十]+、|" + "|".join(f"(?:{p})" for _, p in _TOTALS) + rf"|(?<!\S)(?:{_SUB_LINES})(?!收入)"
)
# A 行次 (line number) printed beside each item: a small integer without decimals.
_LINE_NUMBER = re.compile(r"^\d{1,3}$")
# Totals on the expenditure side carry the four columns in table 4.
_EXPENDITURE_TOTALS = ("expenditure_total", "distribution", "closing_balance")
FISCAL_LAYOUT = Layout(4, (Identity.total(0, (1, 2, 3)),), first_is_total=True)


@dataclass
class Item:
    side: str  # income | expenditure | total
    name: str  # item name, or the total's key
    numbers: list[Amount]
    extra: list[Amount] = field(default_factory=list)
    complete: bool = True


def _complete(name: str, vocabulary: tuple[str, ...]) -> tuple[str, bool]:
    if name in vocabulary:
        return name, True
    longer = [v for v in vocabulary if v.startswith(name)]
    if len(longer) == 1 and len(name) >= 2:
        return longer[0], True
    return name, False


def _items(text: str, key: str, grand_seen: list[int]) -> list[Item]:
    starts = [m for m in _START.finditer(text)]
    out: list[Item] = []
    for i, match in enumerate(starts):
        piece = text[match.start() : starts[i + 1].start() if i + 1 < len(starts) else len(text)]
        tokens = piece.split()
        numbers, count = trailing_numbers(tokens)
        label = "".join(tokens[: len(tokens) - count])
        total = next((k for k, p in _TOTALS if re.fullmatch(p, label)), None)
        if total == "grand_total":
            grand_seen[0] += 1
            total = "grand_total.income" if grand_seen[0] % 2 == 1 else "grand_total.expenditure"
        if total is not None:
            out.append(Item("total", total, numbers))
            continue
        numbering = re.match(r"^([一二三四五六七八九十]+)、", label)
        name = label[numbering.end() :] if numbering else label
        if not name:
            continue
        income, is_income = _complete(name, INCOME_NAMES[key])
        if numbering and _chinese_number(numbering.group(1)) > len(INCOME_NAMES[key]):
            is_income = False  # numbered past the income items
        elif numbering and any(it.side == "income" for it in out):
            is_income = False  # the second item of a line is the expenditure side
        if is_income or (not _complete(name, EXPENDITURE_NAMES)[1] and "收入" in name and not numbering):
            out.append(Item("income", income, numbers, complete=is_income))
        else:
            spent, known = _complete(name, EXPENDITURE_NAMES)
            out.append(Item("expenditure", spent, numbers, complete=known))
    return out


def _chinese_number(text: str) -> int:
    digits = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    if "十" not in text:
        return digits.get(text, 0)
    tens, _, ones = text.partition("十")
    return digits.get(tens, 1) * 10 + digits.get(ones, 0)


Entry = tuple[str, object]  # ("items", list[Item]) or ("numbers", list[Amount])


def _entries(key: str, lines: list[tuple[int, str]]) -> list[Entry]:
    """The table's lines as items (with the numbers printed beside them) and lines of numbers alone."""
    entries: list[Entry] = []
    items: list[Item] = []
    grand_seen = [0]
    totals_started = False
    numbered = any("行次" in "".join(raw.split()) for _page, raw in lines[:15])
    carried = ""  # an item's numbering printed on a line of its own ("三、" / "国有资本经营预算财政拨款收入")
    for _page, raw in lines:
        text = raw.strip()
        if numbered:  # drop the 行次 column
            text = " ".join(t for t in text.split() if not _LINE_NUMBER.match(t))
        if not text:
            continue
        if re.fullmatch(r"[一二三四五六七八九十]+、", text):
            carried = text
            continue
        text, carried = carried + text, ""
        alone = numbers_only(text)
        if alone is not None:
            entries.append(("numbers", list(alone)))
            continue
        first = _START.search(text)
        lead = numbers_only(text[: first.start()]) if first is not None and first.start() > 0 else None
        if lead:  # numbers printed before the line's first item: the previous item's, printed lower
            entries.append(("numbers", list(lead)))
        found = _items(text, key, grand_seen)
        if not found:
            if name_fragment(text):
                unfinished = next((it for it in reversed(items) if not it.complete), None)
                if unfinished is not None:
                    unfinished.name += text
                    unfinished.complete = True
            continue
        if totals_started:
            # lines under the totals (年初结转和结余's 一般公共预算财政拨款 …) are not in the model: their
            # line stays, so that numbers printed under it are not taken for another item's
            found = [it for it in found if it.side != "income"]
        if any(it.side == "total" and it.name in ("income_total", "expenditure_total") for it in found):
            totals_started = True
        items.extend(found)
        entries.append(("items", found))
    return entries


def _arrange(key: str, entries: list[Entry], mode: str) -> tuple[list[Item], int]:
    """The items with the lines of numbers given to the items before them ("after": printed lower in
    their cells) or after them ("before"); and how many numbers found no item."""
    copies: list[list[Item]] = []
    for kind, value in entries:
        if kind == "items":
            assert isinstance(value, list)
            copies.append([Item(it.side, it.name, list(it.numbers), list(it.extra), it.complete) for it in value])
    leftover = 0
    pending: list[Amount] = []
    at = -1  # index into copies of the last items line
    for kind, value in entries:
        if kind == "items":
            at += 1
            if mode == "before" and pending:
                leftover += _distribute(key, copies[at], pending)
            pending = []
            continue
        assert isinstance(value, list)
        if mode == "after" and at >= 0:
            leftover += _distribute(key, copies[at], value)
        elif mode == "after":
            leftover += len(value)
        else:
            pending.extend(value)
    leftover += len(pending)
    return [it for found in copies for it in found], leftover


def _distribute(key: str, found: list[Item], numbers: list[Amount]) -> int:
    """Give numbers printed apart to a line's items: one to each item without any, the rest to the
    line's four-column expenditure item in table 4; how many are left over."""
    numbers = list(numbers)
    for item in found:
        wide = key == "fiscal_summary" and _is_expenditure_side(item)
        if numbers and not item.numbers and not item.extra and not wide:
            item.numbers = [numbers.pop(0)]
    if numbers:
        target = next((it for it in found if key == "fiscal_summary" and _is_expenditure_side(it)), None)
        if target is not None:
            target.extra += numbers
            numbers = []
    return len(numbers)


def _broken(items: list[Item]) -> int:
    """How many of the table's sums fail (income and expenditure totals, 总计 on each side)."""
    totals = {it.name: it for it in items if it.side == "total"}

    def first(name: str) -> Decimal | None:
        item = totals.get(name)
        values = [*item.numbers, *item.extra] if item is not None else []
        return values[0] if values and isinstance(values[0], Decimal) else None

    def total(values: list[Decimal | None]) -> Decimal:
        return sum((v for v in values if v is not None), Decimal(0))

    lines = {side: [it for it in items if it.side == side] for side in ("income", "expenditure")}
    checks = [
        (first("income_total"), [it.numbers[0] if it.numbers else None for it in lines["income"]]),
        (first("expenditure_total"), [(it.numbers or it.extra or [None])[0] for it in lines["expenditure"]]),
        (first("grand_total.income"), [first("income_total"), first("use_of_balance"), first("opening_balance")]),
        (first("grand_total.expenditure"), [first("expenditure_total"), first("distribution"),
                                            first("closing_balance")]),
    ]
    broken = 0
    for printed, parts in checks:
        if printed is not None and abs(printed - total(parts)) > tolerance(max(1, len(parts))):
            broken += 1
    return broken


def read_two_sided(
    key: str, lines: list[tuple[int, str]], empty: set[str], hints: Hints | None = None,
) -> tuple[Table | None, list[Problem]]:
    """Table 1 or 4 from its lines; ``empty`` are the table keys stated empty (gov_fund, state_capital).

    Lines of numbers printed apart from their items are given to the items above them or to
    those below them, whichever the table's sums support; with ``hints`` (what the other tables
    print for its items, two_sided_hints), also each number to the item whose figure it is."""
    entries = _entries(key, lines)
    if not any(it.side in ("income", "expenditure") for kind, found in entries if kind == "items"
               for it in found):  # type: ignore[attr-defined]
        return None, []
    best: tuple[tuple[int, ...], list[Item], list[Problem], dict[str, list[Amount]]] | None = None
    for mode in ("before", "after"):
        items, leftover = _arrange(key, entries, mode)
        problems = _place_fiscal(items, empty) if key == "fiscal_summary" else []
        doubt = sum(1 for p in problems if p.kind == "ambiguous")
        score = (_broken(items) + _conflicts(items, hints or {}), leftover, len(problems) - doubt, doubt)
        if best is None or score < best[0]:
            best = (score, items, problems, {})
    if hints:
        reading = _by_hints(key, entries, empty, hints)
        if reading is not None and (best is None or reading[0] < best[0]):
            best = reading
    assert best is not None
    placed_score, items, problems, doubts = best
    if placed_score[0] and any(kind == "numbers" for kind, _ in entries):
        problems = [*problems, Problem(
            f"numbers printed apart from their items; as placed, {placed_score[0]} of the table's sums fail or differ "
            "from the other tables: the placement may be wrong", table=key, kind="ambiguous")]
    table = Table(key=key)
    for item in items:
        values: list[Amount] = list(item.numbers) if item.numbers else [None]
        if key == "fiscal_summary" and _is_expenditure_side(item):
            values = list(item.numbers) or [None] * 4
        row = Row(item.name, values)
        options = doubts.get(_key(item))
        if options:
            row.values = [None] * len(values)
            row.ambiguous = [str(j) for j in range(len(values))]
            row.candidates = [[v] * len(values) for v in options]
        if item.side == "income":
            table.income.append(row)
        elif item.side == "expenditure":
            table.expenditure.append(row)
        elif item.name not in table.totals:
            table.totals[item.name] = row
            if options:  # a named total in doubt: said on the table (its JSON form has no row for it)
                table.ambiguous.append(item.name)
                table.candidates.extend({item.name: v} for v in options)
    return table, problems


def _key(item: Item) -> str:
    return f"{item.side}:{item.name}"


def _conflicts(items: list[Item], hints: Hints) -> int:
    """Items whose number differs from what the other tables print for them (beyond a cent)."""
    out = 0
    for item in items:
        want = hints.get(_key(item))
        if want is None:
            continue
        values = [v for v in [*item.numbers, *item.extra] if v is not None]
        if not values or all(abs(v - want) > Decimal("0.01") for v in values):
            out += 1
    return out


def _by_hints(
    key: str, entries: list[Entry], empty: set[str], hints: Hints,
) -> tuple[tuple[int, ...], list[Item], list[Problem], dict[str, list[Amount]]] | None:
    """The reading that gives each printed number to the item the other tables name it for."""
    items: list[Item] = []
    pool: list[Amount] = []
    for kind, value in entries:
        assert isinstance(value, list)
        if kind == "items":
            for it in value:
                items.append(Item(it.side, it.name, [], [], it.complete))
                pool.extend([*it.numbers, *it.extra])
        else:
            pool.extend(value)
    wide = {_key(it) for it in items if key == "fiscal_summary" and _is_expenditure_side(it)
            and {"gov_fund", "state_capital"} <= empty}
    reading = place_by_hints([_key(it) for it in items], pool, hints, wide)
    if not reading.complete:
        return None
    for item in items:
        numbers = reading.values.get(_key(item), [])
        if key == "fiscal_summary" and _is_expenditure_side(item):
            item.numbers = (list(numbers) + [None] * 4)[:4]
        else:
            item.numbers = list(numbers)
    problems: list[Problem] = []
    if reading.leftover:
        problems.append(Problem(
            f"numbers printed in the table but not placed: {' '.join(str(v) for v in reading.leftover)}",
            table=key, kind="ambiguous"))
    for slot, options in reading.doubt.items():
        problems.append(Problem(
            f"{slot.split(':', 1)[1]}: one of {', '.join(str(v) for v in options)}; left blank",
            table=key, kind="ambiguous"))
    score = (_broken(items), len(reading.leftover), 0, len(reading.doubt))
    return score, items, problems, reading.doubt


def _is_expenditure_side(item: Item) -> bool:
    return item.side == "expenditure" or item.name in (*_EXPENDITURE_TOTALS, "grand_total.expenditure")


def _place_fiscal(items: list[Item], empty: set[str]) -> list[Problem]:
    """Put the four-column expenditure side of table 4 in its columns."""
    spent = [it for it in items if it.side == "expenditure"]
    by_name = {it.name: it for it in items if it.side == "total"}
    lines: list[Line] = []
    grand = by_name.get("grand_total.expenditure")
    total = by_name.get("expenditure_total")
    closing = by_name.get("closing_balance")
    root = "grand" if grand is not None else ("total" if total is not None else "root")
    lines.append(Line(root, list(grand.numbers) if grand else [], extra=list(grand.extra) if grand else []))
    if grand is not None:
        if total is not None:
            lines.append(Line("total", list(total.numbers), "grand", list(total.extra)))
        if closing is not None:
            lines.append(Line("closing", list(closing.numbers), "grand", list(closing.extra)))
    elif total is not None:
        lines[0] = Line("total", list(total.numbers), extra=list(total.extra))
    items_parent = "total" if total is not None else root
    for index, item in enumerate(spent):
        lines.append(Line(f"item{index}", list(item.numbers), items_parent, list(item.extra)))
    known: dict[int, Decimal] = {}
    if "gov_fund" in empty:
        known[2] = Decimal(0)
    if "state_capital" in empty:
        known[3] = Decimal(0)
    solution = solve(lines, FISCAL_LAYOUT, root=root, known=known)
    problems = [Problem(note.message, table="fiscal_summary") for note in solution.notes]
    placed: dict[str, Item] = {f"item{i}": it for i, it in enumerate(spent)}
    if total is not None:
        placed["total"] = total
    if grand is not None:
        placed["grand"] = grand
    if closing is not None and grand is not None:
        placed["closing"] = closing
    for line_key, item in placed.items():
        placement = solution.placements[line_key]
        item.numbers = list(placement.values)
        if placement.ambiguous:
            problems.append(Problem(
                f"{item.name}: its numbers fit more than one set of columns; columns "
                f"{', '.join(str(j + 1) for j in placement.ambiguous)} left blank",
                table="fiscal_summary", kind="ambiguous"))
    for item in items:  # the expenditure-side totals not placed above: as printed, padded
        if _is_expenditure_side(item) and item.side == "total" and item not in placed.values():
            item.numbers = (list(item.numbers) + [None] * 4)[:4] if item.numbers else [None] * 4
    for item in spent:
        if not item.numbers:
            item.numbers = [None] * 4
    return problems
