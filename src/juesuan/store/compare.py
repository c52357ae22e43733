"""``compare``: one department year on year, table by table, with the changes its 情况说明 should have stated.

Works on the stored report models of the latest version of each year: every amount of both years side
by side (matched by table, side, code or name, and column), the changes the text states against the
changes the two reports give, and the X4xx findings of the pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from sqlalchemy import and_, select

from juesuan.check.compare import dec
from juesuan.check.facts import fact
from juesuan.check.names import normalize
from juesuan.check.rules.cross_document import check_against_previous, last_year
from juesuan.model import Report
from juesuan.store import schema as s
from juesuan.store.database import Store
from juesuan.store.departments import find_department
from juesuan.store.errors import NotInStore
from juesuan.store.records import AmountRow, table_amounts, unpack_model

# (label, this year's figure, printed 上年数, printed 增减额) in the 情况说明
STATED_CHANGES: tuple[tuple[str, str, str, str], ...] = (
    ("收入支出总计", "total", "previous_total", "change"),
    ("财政拨款收入支出总计", "fiscal.total", "fiscal.previous", "fiscal.change"),
    ("一般公共预算财政拨款支出", "general_budget.actual", "general_budget.previous", "general_budget.change"),
    ("“三公”经费", "three_public.actual", "three_public.previous", "three_public.change"),
    ("机关运行经费", "operating_costs.amount", "operating_costs.previous", "operating_costs.change"),
)


@dataclass(frozen=True)
class YearReport:
    document_id: int
    file_name: str
    version: int | None
    year: int
    report: Report


@dataclass(frozen=True)
class LineChange:
    table: str
    side: str
    code: str | None
    name: str | None
    column: str
    this: Decimal | None
    last: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.this is None or self.last is None:
            return None
        return self.this - self.last

    @property
    def change_pct(self) -> Decimal | None:
        change = self.change
        if change is None or not self.last:
            return None
        return (change / self.last * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class StatedChange:
    """A change the 情况说明 states (or should state), and what the two reports give."""

    label: str
    this: Decimal | None  # this year's figure in the text
    stated_previous: Decimal | None  # 上年数 printed this year
    stated_change: Decimal | None  # 增减额 printed this year
    last: Decimal | None  # what last year's report printed
    last_source: str | None

    @property
    def should_be(self) -> Decimal | None:
        if self.this is None or self.last is None:
            return None
        return self.this - self.last


@dataclass
class YearPair:
    department: str
    this: YearReport
    last: YearReport
    lines: list[LineChange] = field(default_factory=list)
    stated: list[StatedChange] = field(default_factory=list)
    findings: list[tuple[str, str, str]] = field(default_factory=list)  # rule, severity, message


def _line_key(a: AmountRow) -> tuple[str, str, str, str]:
    table, side, _, code, name, column = a[:6]
    return (table, side, code or normalize(name or ""), column)


def _summary_line(a: AmountRow) -> bool:
    """Totals, 类-level rows, named cells and the two-sided tables' lines: what a person reads first."""
    side, code = a[1], a[3]
    return side != "rows" or code is None or len(code) <= 3


def line_changes(this: Report, last: Report, every_line: bool = False) -> list[LineChange]:
    now = {_line_key(a): a for t in this.tables.values() for a in table_amounts(t)}
    before = {_line_key(a): a for t in last.tables.values() for a in table_amounts(t)}
    out: list[LineChange] = []
    for key in list(now) + [k for k in before if k not in now]:
        row = now.get(key) or before[key]
        if not every_line and not _summary_line(row):
            continue
        out.append(LineChange(key[0], key[1], row[3], row[4], key[3],
                              now[key][6] if key in now else None, before[key][6] if key in before else None))
    return out


def stated_changes(this: Report, last: Report) -> list[StatedChange]:
    out: list[StatedChange] = []
    for label, path, previous_path, change_path in STATED_CHANGES:
        figure = last_year(last, path)
        out.append(StatedChange(label, dec(fact(this, path)), dec(fact(this, previous_path)),
                                dec(fact(this, change_path)), figure.value if figure else None,
                                figure.label if figure else None))
    return out


def _latest_reports(store: Store, key: str) -> list[YearReport]:
    d, r = s.documents, s.readings
    query = (select(d.c.id, d.c.file_name, d.c.version, d.c.year, r.c.model)
             .join(r, and_(r.c.document_id == d.c.id, r.c.is_current))
             .where(and_(d.c.department_key == key, d.c.is_latest, d.c.status == "ok", d.c.year.is_not(None)))
             .order_by(d.c.year))
    with store.reading() as conn:
        rows = conn.execute(query).all()
    return [YearReport(int(i), str(f), v, int(y), unpack_model(bytes(m))) for i, f, v, y, m in rows if m]


def compare_department(store: Store, name: str, every_line: bool = False) -> tuple[list[YearReport], list[YearPair]]:
    """The department's latest report of each stored year, and each pair of consecutive years compared."""
    with store.reading() as conn:
        key = find_department(conn, name)
    years = _latest_reports(store, key)
    if not years:
        raise NotInStore(name, "没有这个部门可读的报告 (no readable report of this department)")
    pairs: list[YearPair] = []
    for last, this in pairwise(years):
        if this.year != last.year + 1:
            continue
        pair = YearPair(this.report.department or name, this, last,
                        line_changes(this.report, last.report, every_line), stated_changes(this.report, last.report))
        pair.findings = [(f.rule, f.severity, f.message) for f in check_against_previous(this.report, last.report)]
        pairs.append(pair)
    return years, pairs
