"""The 三公 table within itself: total = parts, 公务用车 = 购置 + 运行维护 (budget and actual)."""

from __future__ import annotations

from collections.abc import Iterator

from juesuan.check.compare import fmt, sum_verdict
from juesuan.check.finding import Hit
from juesuan.check.locate import at_cell, cell_label
from juesuan.check.rule import Rule, rule
from juesuan.check.table_access import live
from juesuan.model import Report, Table

RULES: list[Rule] = []


def identities(table: Table) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(total, parts) of the 三公 table: its 合计 adds 会议费 / 培训费 only where the table says it does."""
    return (
        ("total", ("overseas", "vehicles", "reception", *table.total_includes)),
        ("vehicles", ("vehicle_purchase", "vehicle_operation")),
    )


@rule(
    RULES, "A207", "three-public-parts", "error", "table",
    "“三公”经费表 合计或公务用车不等于其组成",
    """
    财政拨款“三公”经费支出决算表，预算数与决算数分别检查：合计 = 因公出国（境）费 + 公务用车购置及运行维护费 +
    公务接待费；公务用车购置及运行维护费 = 公务用车购置费 + 公务用车运行维护费。另列会议费、培训费的表，合计
    包含它们时（表头不称“三公”经费合计，且按打印的数只有加上它们才相等）合计 = 三项 + 会议费 + 培训费。
    """,
    "“三公”经费表 决算数 合计：打印 0.95，因公出国（境）费 + 公务用车 + 公务接待费 = 0.85",
)
def three_public_parts(report: Report) -> Iterator[Hit]:
    table = live(report, "three_public")
    if table is None:
        return
    for group in ("budget", "actual"):
        for total_item, part_items in identities(table):
            total_key = f"{group}.{total_item}"
            part_keys = [f"{group}.{p}" for p in part_items if f"{group}.{p}" in table.cells]
            if total_key not in table.cells or not part_keys:
                continue
            if {total_key, *(f"{group}.{p}" for p in part_items)} & set(table.ambiguous):
                continue  # the reader could not settle a cell of it (C105 says so)
            printed = table.value(total_key)
            verdict, expected = sum_verdict(printed, [table.value(k) for k in part_keys])
            if verdict is None:
                continue
            names = " + ".join(cell_label(k).split(" ", 1)[-1] for k in part_keys)
            yield Hit(f"{cell_label(total_key)}：打印 {fmt(printed)}，{names} = {fmt(expected)}",
                      at_cell(table, total_key), verdict, fmt(printed), fmt(expected))
