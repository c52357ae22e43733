"""The report model: one 部门决算 (departmental final accounts) report as data.

Defined by ../shared/spec/report-model.md; every reader fills it and every
later stage (check, compose, store, serve) reads it.  Amounts are
``decimal.Decimal`` exactly as printed (thousands separators removed); a blank
cell is ``None`` and a printed 0.00 is ``Decimal("0.00")``.

Locations: every cell, line and fact may carry where it was printed
(page number from 1, and a box in PDF points with the origin at the top-left
of the page, as pdfplumber uses), so that a finding can point at it; read from
the 决算填报 workbook, where it was typed instead (the cell the Excel way,
"表2 收入决算表!D6").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

Amount = Decimal | None

# Table keys in MoF standard order (2022 edition onward), with the 2022+ names.
TABLE_KEYS: tuple[str, ...] = (
    "summary",
    "income",
    "expenditure",
    "fiscal_summary",
    "general_budget",
    "basic_expenditure",
    "three_public",
    "gov_fund",
    "state_capital",
)

# Key of a table that is none of the nine (a 高等学校 table, an appended table, a layout not yet known):
# read as it is printed, its columns named by their printed header (``Table.header``).
GENERIC_KEY = "other"

TABLE_TITLES: dict[str, str] = {
    "summary": "收入支出决算总表",
    "income": "收入决算表",
    "expenditure": "支出决算表",
    "fiscal_summary": "财政拨款收入支出决算总表",
    "general_budget": "一般公共预算财政拨款支出决算表",
    "basic_expenditure": "一般公共预算财政拨款基本支出决算表",
    "three_public": "财政拨款“三公”经费支出决算表",
    "gov_fund": "政府性基金预算财政拨款收入支出决算表",
    "state_capital": "国有资本经营预算财政拨款收入支出决算表",
}

# Column keys of the row-shaped tables, in the national template's order.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "income": ("total", "fiscal", "superior_subsidy", "business", "operating", "affiliated", "other"),
    "expenditure": ("total", "basic", "project", "to_superior", "operating", "to_affiliated"),
    "general_budget": ("total", "basic", "project"),
    "basic_expenditure": ("amount",),
    "gov_fund": ("opening", "income", "total", "basic", "project", "closing"),
    "state_capital": ("opening", "income", "total", "basic", "project", "closing"),
}

# Chinese labels of the row-table columns, as the national template prints them.
COLUMN_LABELS: dict[str, str] = {
    "total": "合计",
    "fiscal": "财政拨款收入",
    "superior_subsidy": "上级补助收入",
    "business": "事业收入",
    "operating": "经营收入",
    "affiliated": "附属单位上缴收入",
    "other": "其他收入",
    "basic": "基本支出",
    "project": "项目支出",
    "to_superior": "上缴上级支出",
    "to_affiliated": "对附属单位补助支出",
    "amount": "决算数",
    "opening": "年初结转和结余",
    "income": "本年收入",
    "closing": "年末结转和结余",
    "budget_total": "年初预算合计",
    "budget_basic": "年初预算基本支出",
    "budget_project": "年初预算项目支出",
}


def column_label(table_key: str, column: str) -> str:
    """The official header of a row-table column (本年收入合计 / 本年支出合计 for the totals of
    收入决算表 / 支出决算表; 经营收入 in 收入决算表, 经营支出 elsewhere)."""
    if column == "total":
        return {"income": "本年收入合计", "expenditure": "本年支出合计"}.get(table_key, "合计")
    if column == "operating" and table_key != "income":
        return "经营支出"
    return COLUMN_LABELS.get(column, column)


# Named totals of the two-sided tables (summary, fiscal_summary).
SUMMARY_TOTALS: tuple[str, ...] = (
    "income_total",
    "expenditure_total",
    "use_of_balance",
    "opening_balance",
    "distribution",
    "closing_balance",
    "grand_total.income",
    "grand_total.expenditure",
)

SUMMARY_TOTAL_LABELS: dict[str, str] = {
    "income_total": "本年收入合计",
    "expenditure_total": "本年支出合计",
    "use_of_balance": "使用非财政拨款结余",
    "opening_balance": "年初结转和结余",
    "distribution": "结余分配",
    "closing_balance": "年末结转和结余",
    "grand_total.income": "总计（收入）",
    "grand_total.expenditure": "总计（支出）",
}

# 三公 table cells: budget.* and actual.*
THREE_PUBLIC_ITEMS: tuple[str, ...] = (
    "total",
    "overseas",
    "vehicles",
    "vehicle_purchase",
    "vehicle_operation",
    "reception",
)

THREE_PUBLIC_LABELS: dict[str, str] = {
    "total": "合计",
    "overseas": "因公出国（境）费",
    "vehicles": "公务用车购置及运行维护费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费",
    "reception": "公务接待费",
    "meeting": "会议费",
    "training": "培训费",
}

# Columns some regions add to the 三公 table ("“三公”经费及会议费、培训费支出决算表"); present only there.
THREE_PUBLIC_EXTRA_ITEMS: tuple[str, ...] = ("meeting", "training")
THREE_PUBLIC_ALL_ITEMS: tuple[str, ...] = THREE_PUBLIC_ITEMS + THREE_PUBLIC_EXTRA_ITEMS
# What a 三公 table's 预算数 is, where it says: 全年预算数 (after adjustments) or 年初预算数.
BUDGET_BASES: tuple[str, ...] = ("full_year", "initial")


@dataclass(frozen=True)
class Box:
    """Where something is printed: page (from 1) and a box in PDF points, top-left origin."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float

    def to_json(self) -> list[float]:
        return [round(self.x0, 1), round(self.top, 1), round(self.x1, 1), round(self.bottom, 1)]

    @classmethod
    def from_json(cls, page: int, data: list[float]) -> Box:
        return cls(page, float(data[0]), float(data[1]), float(data[2]), float(data[3]))

    def union(self, other: Box) -> Box:
        return Box(
            self.page,
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )


@dataclass
class Row:
    """One printed line of a table: a 科目 row, or a line of a two-sided table."""

    name: str
    values: list[Amount]
    code: str | None = None
    page: int | None = None
    boxes: list[Box | None] | None = None  # one per value, where known
    ambiguous: list[str] | None = None  # columns the reader could not settle (text input)
    cells: list[str | None] | None = None  # one per value: the workbook cell it was typed in
    # where ambiguous: the printed numbers, and every placement of them the arithmetic allows
    # (one list of values per placement, aligned to the columns); none of them is guessed
    printed: list[Amount] | None = None
    candidates: list[list[Amount]] | None = None

    def box(self, index: int) -> Box | None:
        if self.boxes and index < len(self.boxes):
            return self.boxes[index]
        return None

    def cell(self, index: int) -> str | None:
        if self.cells and index < len(self.cells):
            return self.cells[index]
        return None


@dataclass
class Cell:
    """A single named amount (三公 cells, 人员经费合计, ...)."""

    value: Amount
    box: Box | None = None
    ref: str | None = None  # the workbook cell it was typed in


@dataclass
class Table:
    """One standard table.

    Row-shaped tables use ``columns``, ``total`` and ``rows``; the two-sided
    tables (summary, fiscal_summary) use ``income``, ``expenditure`` and
    ``totals``; the 三公 table and the 基本支出 totals use ``cells``.

    A generic table (``key == GENERIC_KEY``: none of the nine) has no model
    columns: ``header`` gives the printed header of each value column (the
    header cells above it, top to bottom, joined with "/"), and ``rows`` /
    ``total`` hold code, name and amounts in that order.
    """

    key: str
    title: str | None = None
    pages: list[int] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    total: list[Amount] | None = None
    total_boxes: list[Box | None] | None = None
    total_cells: list[str | None] | None = None  # the workbook cells of the 合计 row
    rows: list[Row] = field(default_factory=list)
    income: list[Row] = field(default_factory=list)
    expenditure: list[Row] = field(default_factory=list)
    totals: dict[str, Row] = field(default_factory=dict)  # SUMMARY_TOTALS keys
    cells: dict[str, Cell] = field(default_factory=dict)  # "budget.total", "personnel_total", ...
    empty: bool = False
    note: str | None = None
    budget_basis: str | None = None  # 三公: BUDGET_BASES, where the table says which budget it prints
    total_includes: list[str] = field(default_factory=list)  # 三公: added items its 合计 includes (meeting ...)
    header: list[str] = field(default_factory=list)  # generic tables: printed header per value column
    # cells the reader could not settle (text input): cell keys ("budget.vehicle_purchase") or
    # "total.<column>" for the 合计 row, left blank; with every placement the arithmetic allows
    # (cell key -> value, one dict per placement)
    ambiguous: list[str] = field(default_factory=list)
    candidates: list[dict[str, Amount]] = field(default_factory=list)

    @property
    def generic(self) -> bool:
        return self.key == GENERIC_KEY

    @property
    def two_sided(self) -> bool:
        return self.key in ("summary", "fiscal_summary")

    def column(self, key: str) -> int | None:
        return self.columns.index(key) if key in self.columns else None

    def row(self, code: str) -> Row | None:
        return next((r for r in self.rows if r.code == code), None)

    def value(self, key: str) -> Amount:
        cell = self.cells.get(key)
        return cell.value if cell else None


@dataclass
class Source:
    """Where a narrative fact was read: page and the sentence (or clause) that states it."""

    page: int
    text: str
    box: Box | None = None
    cell: str | None = None  # read from the workbook: the cell it was typed in (page is then 0)


@dataclass
class Narrative:
    """Facts the 情况说明 states, at the spec's dotted paths, with their sources."""

    facts: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)

    def get(self, path: str) -> Any:
        cur: Any = self.facts
        for part in path.split("."):
            if not isinstance(cur, dict) or part not in cur:
                return None
            cur = cur[part]
        return cur

    def set(self, path: str, value: Any, source: Source | None = None, overwrite: bool = False) -> None:
        parts = path.split(".")
        cur = self.facts
        for part in parts[:-1]:
            cur = cur.setdefault(part, {})
        if parts[-1] in cur and not overwrite:
            return
        cur[parts[-1]] = value
        if source is not None:
            self.sources[path] = source

    def paths(self) -> list[str]:
        out: list[str] = []

        def walk(obj: dict[str, Any], prefix: str) -> None:
            for k, v in obj.items():
                p = f"{prefix}.{k}" if prefix else k
                if isinstance(v, dict):
                    walk(v, p)
                else:
                    out.append(p)

        walk(self.facts, "")
        return out


@dataclass
class Performance:
    """绩效自评: the overall table, the project list and the indicators."""

    overall: dict[str, Amount] = field(default_factory=dict)
    self_evaluated: dict[str, Any] = field(default_factory=dict)
    projects: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not (self.overall or self.self_evaluated or self.projects or self.indicators)


@dataclass
class TextLine:
    """A line of running text as printed (for the narrative and completeness checks)."""

    text: str
    box: Box | None = None


@dataclass
class Page:
    number: int
    lines: list[TextLine] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass
class Problem:
    """Something the reader found but could not fully read (a table, a cell, a column)."""

    message: str
    table: str | None = None
    page: int | None = None
    # unreadable | ambiguous | missing; info: a note on how something was read (a table recognised by its
    # header, a table printed twice and which copy is used), not a defect; lost: text drawn but not readable
    # (a damaged font, no Unicode mapping), an error
    kind: str = "unreadable"


@dataclass
class Recognised:
    """A table value read by OCR from a page image (not from a text layer): what the cell's image said."""

    box: Box  # the value's cell, as in the table (Row.boxes, Cell.box, Table.total_boxes)
    text: str  # as recognised, e.g. "1,503.52"
    confidence: float  # the least sure character's probability, 0-1
    candidates: list[str] = field(default_factory=list)  # other readings worth a look ("1508.52"), likeliest first
    ambiguous: bool = False  # low confidence, or the table's arithmetic contradicts the reading


@dataclass
class ImagePage:
    """A page, or a region of one (an image table), read by OCR."""

    page: int
    dpi: float  # resolution the image was read at
    skew: float = 0.0  # degrees the scan was turned by; boxes on the page are those of the page turned straight
    region: Box | None = None  # None: the whole page


@dataclass
class OcrReading:
    """What of a report was read from images: the pages (or regions) and every table value's reading."""

    pages: list[ImagePage] = field(default_factory=list)
    cells: list[Recognised] = field(default_factory=list)
    unsure_lines: list[Recognised] = field(default_factory=list)  # other text read below the threshold

    def cell(self, box: Box | None) -> Recognised | None:
        """The reading of the value printed in ``box`` (None for a value read from a text layer)."""
        if box is None:
            return None
        return next((c for c in self.cells if c.box == box), None)

    def covers(self, page: int | None, box: Box | None = None) -> bool:
        """Whether what is printed on ``page`` (in ``box``, where given) was read from an image."""
        for image in self.pages:
            if image.page != page:
                continue
            if image.region is None or box is None:
                return image.region is None
            r = image.region
            if r.x0 <= (box.x0 + box.x1) / 2 <= r.x1 and r.top <= (box.top + box.bottom) / 2 <= r.bottom:
                return True
        return False


@dataclass
class Report:
    department: str | None = None
    year: int | None = None
    unit: str = "万元"
    kind: str = "final"  # final (决算); budget (预算) is refused for now
    units_included: list[str] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    # tables that are none of the nine (generic), and second copies of a standard table printed twice
    other_tables: list[Table] = field(default_factory=list)
    narrative: Narrative = field(default_factory=Narrative)
    performance: Performance | None = None
    pages: list[Page] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    source: str | None = None  # file the report was read from
    source_format: str | None = None  # pdf | text | json | xlsx | html
    page_count: int | None = None
    ocr: OcrReading | None = None  # what was read from page images (scans, image tables), if anything

    def table(self, key: str) -> Table | None:
        return self.tables.get(key)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)
