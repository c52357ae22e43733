"""What a ruled grid holds, for deciding which table it is: its columns, its amounts, where it starts.

One job: judgements on one page's ``Layout`` that the table finder (pdf_tables) needs beyond its title:

* ``column_mapping``: how amount columns map onto a standard table's columns: two onto one column, or more
  unknown than known, and the table is read as a generic table, not forced into the standard columns;
* ``sketch``: the grid as text for recognition by content (tables.recognise);
* ``money_rows`` / ``holds_no_accounts``: whether a grid of none of the nine is a table of accounts at all
  (not a 目录, a unit list or a 绩效 table);
* ``same_header`` / ``starts_alike`` / ``inherit_header``: a table continued over pages, or printed again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from juesuan.amounts import is_amount
from juesuan.read.pdf.generic_rows import generic_layout, header_text
from juesuan.read.pdf.table_layout import Layout
from juesuan.read.pdf.table_rows import EXPENDITURE_NAME, INCOME_NAME
from juesuan.read.tables.catalogue import (
    CODE,
    LINE_NUMBER_LABELS,
    NAME,
    NOT_ACCOUNT_CELL_WORDS,
    NOT_ACCOUNT_WORDS,
    label_key,
)
from juesuan.read.tables.recognise import Sketch

TWO_SIDED = ("summary", "fiscal_summary")
ROW_TABLES = ("income", "expenditure", "general_budget", "gov_fund", "state_capital")


def header_words(layout: Layout) -> list[str]:
    """Each data column's header text (a repeated header on a continuation page is the same)."""
    return [label_key("".join(col.header)) for col in layout.columns]


def amount_columns(layout: Layout) -> list[int]:
    """Data columns holding at least one amount (not a 行次 / 栏次 column)."""
    out = []
    for i, col in enumerate(layout.columns):
        if col.header and label_key(col.leaf) in LINE_NUMBER_LABELS:
            continue
        if any((cell := layout.cell(r, i)) is not None and is_amount(cell.text)
               for r in range(layout.first_data_row, layout.grid.n_rows)):
            out.append(i)
    return out


@dataclass
class Mapping:
    """How a page's amount columns map onto a standard table's columns (by their printed header)."""

    mapped: list[str] = field(default_factory=list)  # model column keys, each once
    unknown: list[str] = field(default_factory=list)  # headers of columns the standard table has not
    doubled: list[str] = field(default_factory=list)  # headers of columns onto a key taken already
    spanned: list[str] = field(default_factory=list)  # columns under the very header cell of a column before

    @property
    def clean(self) -> bool:
        return not self.unknown and not self.doubled

    @property
    def standard(self) -> bool:
        """Whether the page is still the standard table: no two columns onto one key (one would be lost or
        misplaced), and fewer columns unknown than known (else it is some other table)."""
        return not self.doubled and not self.spanned and len(self.unknown) < max(len(self.mapped), 1)


def column_mapping(key: str, layout: Layout) -> Mapping:
    """How the amount columns of a row table or a two-sided table map onto its model columns (on a page with
    its own header, roles assigned); other tables, and pages without a header, map as they are."""
    out = Mapping()
    if key not in ROW_TABLES and key not in TWO_SIDED:
        return out
    printed = {(c.c0, c.c1): c.header for c in generic_layout(layout).columns}  # with every header row
    first_header: dict[str, tuple[str, ...]] = {}
    for i in amount_columns(layout):
        col = layout.columns[i]
        role = col.role
        if role in (CODE, NAME, INCOME_NAME, EXPENDITURE_NAME) or not col.header:
            continue
        name = header_text(printed.get((col.c0, col.c1), col.header)) or f"第{i + 1}列"
        if role is None:
            out.unknown.append(name)
        elif role in out.mapped:
            # one header cell drawn over two columns, or two headers of their own (事业收入/教育…, /科研…)
            (out.spanned if tuple(col.header) == first_header[role] else out.doubled).append(name)
        else:
            out.mapped.append(role)
            first_header[role] = tuple(col.header)
    return out


def sketch(layout: Layout, notes: tuple[str, ...] = ()) -> Sketch:
    """The grid as text: each data column's header, each data row's cell texts, the statements below it."""
    rows = []
    for r in range(layout.first_data_row, layout.grid.n_rows):
        cells = [layout.cell(r, i) for i in range(len(layout.columns))]
        rows.append([cell.text if cell is not None else "" for cell in cells])
    return Sketch([list(col.header) for col in layout.columns], rows, notes)


def money_rows(layout: Layout) -> int:
    """Data rows with an amount printed with decimals or thousands separators (not a 序号 or page number)."""
    count = 0
    for r in range(layout.first_data_row, layout.grid.n_rows):
        texts = [c.text for i in range(len(layout.columns)) if (c := layout.cell(r, i)) is not None]
        if any(is_amount(t) and ("." in t or "," in t) for t in texts):
            count += 1
    return count


def holds_no_accounts(layout: Layout, heading: str | None) -> bool:
    """A 绩效 (performance) table or the like: scored indicators, not accounts (its figures are read from the
    running text, read/prose/performance.py)."""
    header = "".join(label_key(t) for col in layout.columns for t in col.header) + label_key(heading or "")
    if any(w in header for w in NOT_ACCOUNT_WORDS):
        return True
    cells = [c.text for c in layout.grid.cells if c.text]
    return sum(1 for t in cells if any(w in t for w in NOT_ACCOUNT_CELL_WORDS)) >= 2


def first_line(layout: Layout) -> str:
    """What a table's first data line starts with: its code, or its label (合计)."""
    for r in range(layout.first_data_row, layout.grid.n_rows):
        texts = [c.text for c in sorted(layout.grid.cells_starting_in_row(r), key=lambda c: c.c0) if c.text]
        if texts:
            return label_key(texts[0])
    return ""


def starts_alike(first: Layout, layout: Layout) -> bool:
    """Whether a page under a repeated title starts where the table's first page started: printed again."""
    start = first_line(first)
    return bool(start) and not is_amount(start) and start == first_line(layout)


def inherit_header(layout: Layout, previous: Layout) -> bool:
    """A generic table continued without its header: the header of the page before, column by column."""
    if len(layout.columns) != len(previous.columns):
        return False
    for col, prev in zip(layout.columns, previous.columns, strict=True):
        if not col.header:
            col.header = list(prev.header)
    return True
