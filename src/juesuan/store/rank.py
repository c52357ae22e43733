"""``rank``: the departments of a region and year by one measure, from the latest version of each report.

Measures (万元 or %), each from the tables where the report has them, else from its 情况说明:
- 三公: “三公”经费 决算数 (三公 table 决算数 合计; the text's 决算数 where the table is absent);
- 三公-change: 三公 minus last year's 三公 (last year's stored report; the text's 增减额 without one);
- execution-rate: 一般公共预算财政拨款支出 决算数 / 年初预算 × 100;
- basic-share: 基本支出 / 本年支出合计 × 100 (支出决算表);
- operating-costs: 机关运行经费;
- findings: errors found (all rules, X4xx included), then warnings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Select, and_, func, or_, select

from juesuan.store import schema as s
from juesuan.store.database import Store
from juesuan.store.measures import MEASURES

# (table_key, side, code, column_key) -> name of the figure
TABLE_FIGURES: dict[tuple[str, str, str | None, str], str] = {
    ("three_public", "cells", "total", "actual"): "three_public",
    ("general_budget", "total", None, "total"): "general_actual",
    ("general_budget", "total", None, "budget_total"): "general_budget",
    ("expenditure", "total", None, "total"): "expenditure",
    ("expenditure", "total", None, "basic"): "basic",
    ("expenditure", "total", None, "project"): "project",
    ("income", "total", None, "total"): "income",
}
# narrative path -> name of the figure (used where the table figure is missing)
TEXT_FIGURES: dict[str, str] = {
    "three_public.actual": "three_public",
    "three_public.change": "three_public_change",
    "general_budget.actual": "general_actual",
    "general_budget.budget": "general_budget",
    "expenditure_total": "expenditure",
    "basic.amount": "basic",
    "operating_costs.amount": "operating_costs",
    "tables.three_public.empty": "three_public_empty",
}


@dataclass(frozen=True)
class Ranked:
    rank: int
    department: str
    region: str | None
    year: int
    value: Decimal | None
    note: str = ""  # where the value came from, when not the plain table figure


@dataclass
class _Doc:
    id: int
    department: str
    key: str
    region: str | None
    year: int
    figures: dict[str, Decimal]
    from_text: set[str]


def _documents(store: Store, region: str | None, year: int | None) -> list[_Doc]:
    d = s.documents
    query: Select[Any] = select(
        d.c.id, d.c.department, d.c.department_key, d.c.region, d.c.year
    ).where(and_(d.c.is_latest, d.c.status == "ok", d.c.year.is_not(None), d.c.department_key.is_not(None)))
    if region is not None:
        query = query.where(or_(d.c.region == region, d.c.region.like(f"{region}%")))
    if year is not None:
        query = query.where(d.c.year.in_([year, year - 1]))  # last year's, for 三公-change
    with store.reading() as conn:
        return [_Doc(int(i), str(n), str(k), g, int(y), {}, set()) for i, n, k, g, y in conn.execute(query).all()]


def _load_figures(store: Store, docs: Sequence[_Doc]) -> None:
    by_id = {doc.id: doc for doc in docs}
    ids = list(by_id)
    r, a, f = s.readings, s.amounts, s.facts
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        amount_query = (select(r.c.document_id, a.c.table_key, a.c.side, a.c.code, a.c.column_key, a.c.printed)
                        .join(a, a.c.reading_id == r.c.id)
                        .where(and_(r.c.document_id.in_(chunk), r.c.is_current,
                                    a.c.table_key.in_({k[0] for k in TABLE_FIGURES}),
                                    a.c.side.in_({"cells", "total"}))))
        fact_query = (select(r.c.document_id, f.c.path, f.c.value).join(f, f.c.reading_id == r.c.id)
                      .where(and_(r.c.document_id.in_(chunk), r.c.is_current, f.c.path.in_(list(TEXT_FIGURES)))))
        with store.reading() as conn:
            for doc_id, table, side, code, column, printed in conn.execute(amount_query):
                name = TABLE_FIGURES.get((table, side, code, column))
                if name:
                    by_id[doc_id].figures[name] = Decimal(printed)
            empty: set[int] = set()
            for doc_id, path, value in conn.execute(fact_query):
                name = TEXT_FIGURES[path]
                doc = by_id[doc_id]
                if name == "three_public_empty":
                    empty.add(doc_id)
                elif name not in doc.figures:
                    try:
                        doc.figures[name] = Decimal(value)
                    except ArithmeticError:
                        continue
                    doc.from_text.add(name)
            for doc_id in empty:  # the table says it has no data: no 三公 spending, whatever the text says
                if "three_public" in by_id[doc_id].from_text or "three_public" not in by_id[doc_id].figures:
                    by_id[doc_id].figures["three_public"] = Decimal(0)
                    by_id[doc_id].from_text.discard("three_public")


def document_figures(store: Store, ids: Sequence[int]) -> dict[int, tuple[dict[str, Decimal], set[str]]]:
    """The figures of each document (by the names of TABLE_FIGURES and TEXT_FIGURES), and which of them came
    from the 情况说明 (the web app's department charts)."""
    docs = [_Doc(int(i), "", "", None, 0, {}, set()) for i in ids]
    _load_figures(store, docs)
    return {doc.id: (doc.figures, doc.from_text) for doc in docs}


def _pct(num: Decimal | None, den: Decimal | None) -> Decimal | None:
    if num is None or not den:
        return None
    return (num / den * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _findings(store: Store, docs: Sequence[_Doc]) -> dict[int, tuple[int, int]]:
    c, r = s.checks, s.readings
    query = (select(r.c.document_id, func.sum(c.c.errors), func.sum(c.c.warnings))
             .join(c, and_(c.c.reading_id == r.c.id, c.c.is_current))
             .where(and_(r.c.is_current, r.c.document_id.in_([d.id for d in docs])))
             .group_by(r.c.document_id))
    with store.reading() as conn:
        return {int(i): (int(e or 0), int(w or 0)) for i, e, w in conn.execute(query)}


def _measure(by: str, doc: _Doc, last: _Doc | None, findings: dict[int, tuple[int, int]]) -> tuple[Decimal | None, str]:
    fig = doc.figures
    text = "（据情况说明）"
    if by == "三公":
        return fig.get("three_public"), text if "three_public" in doc.from_text else ""
    if by == "三公-change":
        if last is not None and "three_public" in fig and "three_public" in last.figures:
            return fig["three_public"] - last.figures["three_public"], ""
        return fig.get("three_public_change"), "（据情况说明的增减额）" if "three_public_change" in fig else ""
    if by == "execution-rate":
        return _pct(fig.get("general_actual"), fig.get("general_budget")), ""
    if by == "basic-share":
        return _pct(fig.get("basic"), fig.get("expenditure")), ""
    if by == "operating-costs":
        return fig.get("operating_costs"), ""
    errors, warnings = findings.get(doc.id, (0, 0))
    return Decimal(errors) + Decimal(warnings) / 100000, f"（警告 {warnings}）"  # errors first, warnings break ties


def rank(store: Store, by: str, region: str | None = None, year: int | None = None,
         ascending: bool = False) -> dict[tuple[str | None, int], list[Ranked]]:
    """Rankings per (region, year); a report without the figure is listed last with no value."""
    if by not in MEASURES:
        raise ValueError(by)
    docs = _documents(store, region, year)
    _load_figures(store, docs)
    findings = _findings(store, docs) if by == "findings" else {}
    by_key_year = {(d.key, d.year): d for d in docs}
    groups: dict[tuple[str | None, int], list[tuple[Decimal | None, str, _Doc]]] = defaultdict(list)
    for doc in docs:
        if year is not None and doc.year != year:
            continue
        value, note = _measure(by, doc, by_key_year.get((doc.key, doc.year - 1)), findings)
        groups[(doc.region, doc.year)].append((value, note, doc))
    out: dict[tuple[str | None, int], list[Ranked]] = {}
    for group in sorted(groups, key=lambda g: (g[0] or "", g[1])):
        entries = groups[group]
        known = sorted((e for e in entries if e[0] is not None), key=lambda e: (e[0], e[2].department),
                       reverse=not ascending)
        unknown = sorted((e for e in entries if e[0] is None), key=lambda e: e[2].department)
        ranked = [Ranked(i + 1, doc.department, doc.region, doc.year,
                         value.to_integral_value() if by == "findings" and value is not None else value, note)
                  for i, (value, note, doc) in enumerate(known)]
        ranked += [Ranked(0, doc.department, doc.region, doc.year, None, "（无此数据）") for _, _, doc in unknown]
        out[group] = ranked
    return out
