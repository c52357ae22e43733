"""What a 三公 table's 合计 includes, where the table adds 会议费 and 培训费 columns.

Some regions print "“三公”经费及会议费、培训费支出决算表": the three 三公 items, then 会议费 and 培训费.
Its 合计 is the 三公 total in some layouts and the total of all five in others.  Decided here, for every
reader alike: a heading that names the total as the 三公 total ("“三公”经费合计", a 小计 under a “三公”经费
heading) settles it; otherwise the printed amounts do: the added items are included when, in budget or
actual, 合计 equals the three items plus the added ones and not the three alone (and no group says the
opposite).  Where the amounts cannot tell (the added items blank or 0) the 三公 meaning stands.
"""

from __future__ import annotations

from juesuan.amounts import within_rounding
from juesuan.model import THREE_PUBLIC_EXTRA_ITEMS, Table

THREE = ("overseas", "vehicles", "reception")


def total_includes(table: Table, named_three: bool = False) -> list[str]:
    """The added items (meeting, training) the table's printed 合计 includes; [] for the 三公 total alone."""
    extras = [i for i in THREE_PUBLIC_EXTRA_ITEMS if any(f"{g}.{i}" in table.cells for g in ("budget", "actual"))]
    if not extras or named_three:
        return []
    with_extras = alone = False
    for group in ("budget", "actual"):
        total = table.value(f"{group}.total")
        if total is None:
            continue
        three = [table.value(f"{group}.{i}") for i in THREE]
        everything = three + [table.value(f"{group}.{i}") for i in extras]
        holds_three, holds_all = within_rounding(total, three), within_rounding(total, everything)
        with_extras |= holds_all and not holds_three
        alone |= holds_three and not holds_all
    return extras if with_extras and not alone else []
