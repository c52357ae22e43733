"""Reading the model's tables the way the rules need: live tables, cells by index, the next level of 科目."""

from __future__ import annotations

from juesuan.model import Amount, Report, Row, Table


def live(report: Report, key: str) -> Table | None:
    """A table that is present and not declared empty."""
    table = report.table(key)
    return table if table is not None and not table.empty else None


def value_at(values: list[Amount] | None, index: int | None) -> Amount:
    """A cell by index; a short row or a missing column reads as blank."""
    if values is None or index is None or index >= len(values):
        return None
    return values[index]


def classes(table: Table) -> list[Row]:
    """The 类 rows (3-digit codes)."""
    return [r for r in table.rows if r.code and len(r.code) == 3]


def children(table: Table, row: Row) -> list[Row]:
    """The next level down: 款 (5 digits) under a 类 (3), 项 (7) under a 款 (5)."""
    code = row.code or ""
    want = {3: 5, 5: 7}.get(len(code))
    if want is None:
        return []
    return [r for r in table.rows if r.code and len(r.code) == want and r.code.startswith(code)]


def unsure(table: Table, rows: list[Row], index: int | None) -> bool:
    """Did the reader leave this column of any of these rows unsettled (``Row.ambiguous``)?

    Such a blank is the reader's doubt, not the document's: identities through it are not judged
    (C105 reports the reader's problem instead).
    """
    if index is None or index >= len(table.columns):
        return False
    key = table.columns[index]
    return any(row.ambiguous and key in row.ambiguous for row in rows)
