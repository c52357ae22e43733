"""The model's JSON form (../shared/spec/report-model.md), both ways.

Amounts are strings exactly as printed ("1157.27"), a blank cell is null.
Beyond the spec, rows may carry ``page`` and ``boxes`` (cell boxes in PDF
points, top-left origin) and the report carries ``pages`` (its running text,
line by line) and ``problems`` (what could not be read), so that a JSON file
can be checked as well as the document it came from.

The 三公 table (three_public) may carry, beside its budget/actual items (meeting and training where
the layout adds 会议费 / 培训费 columns), ``budget_basis`` ("full_year" for 全年预算数, "initial" for
年初预算数, where the table or its note says which) and ``total_includes`` (the added items its printed
合计 includes, e.g. ["meeting", "training"]; absent when 合计 is the 三公 total alone).

``other_tables`` (a list) holds the tables that are none of the nine (each
with ``"key": "other"``, its printed ``header`` per value column, ``total``
and ``rows`` of code, name and amounts) and second copies of a standard
table printed twice (with that table's key and shape).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from juesuan.model import (
    BUDGET_BASES,
    GENERIC_KEY,
    THREE_PUBLIC_ALL_ITEMS,
    THREE_PUBLIC_EXTRA_ITEMS,
    Amount,
    Box,
    Cell,
    ImagePage,
    Narrative,
    OcrReading,
    Page,
    Performance,
    Problem,
    Recognised,
    Report,
    Row,
    Source,
    Table,
    TextLine,
)

_PLAIN_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def amount_to_json(value: Amount) -> str | None:
    return None if value is None else str(value)


def amount_from_json(value: Any) -> Amount:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).replace(",", ""))
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {value!r}") from exc
    if not number.is_finite():
        raise ValueError(f"not a finite amount: {value!r}")
    return number


def _value_to_json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _value_to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_value_to_json(v) for v in value]
    return value


def _value_from_json(value: Any) -> Any:
    """Narrative / performance leaves: numeric strings become Decimal, ints stay ints."""
    if isinstance(value, dict):
        return {k: _value_from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_value_from_json(v) for v in value]
    if isinstance(value, str) and _PLAIN_DECIMAL.fullmatch(value.strip()):  # never NaN, Infinity, 1e999999
        return Decimal(value.strip())
    return value


def _row_to_json(row: Row, with_code: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if with_code:
        out["code"] = row.code
    out["name"] = row.name
    out["values"] = [amount_to_json(v) for v in row.values]
    if row.page is not None:
        out["page"] = row.page
    if row.boxes and any(row.boxes):
        out["boxes"] = [b.to_json() if b else None for b in row.boxes]
    if row.ambiguous:
        out["ambiguous"] = list(row.ambiguous)
    if row.cells and any(row.cells):
        out["cells"] = list(row.cells)
    if row.printed is not None:
        out["printed"] = [amount_to_json(v) for v in row.printed]
    if row.candidates:
        out["candidates"] = [[amount_to_json(v) for v in option] for option in row.candidates]
    return out


def _row_from_json(data: dict[str, Any]) -> Row:
    page = data.get("page")
    boxes = None
    if data.get("boxes") and page is not None:
        boxes = [Box.from_json(page, b) if b else None for b in data["boxes"]]
    return Row(
        name=data.get("name") or "",
        values=[amount_from_json(v) for v in data.get("values") or []],
        code=None if data.get("code") is None else str(data.get("code")),  # 201 written as a number is "201"
        page=page,
        boxes=boxes,
        ambiguous=data.get("ambiguous"),
        cells=data.get("cells"),
        printed=[amount_from_json(v) for v in data["printed"]] if data.get("printed") is not None else None,
        candidates=[[amount_from_json(v) for v in option] for option in data.get("candidates") or []] or None,
    )


def table_to_json(table: Table) -> dict[str, Any]:
    if table.empty:
        out: dict[str, Any] = {"empty": True, "note": table.note}
        if table.pages:
            out["pages"] = table.pages
        return out
    out = {}
    if table.two_sided:
        out["income"] = [_row_to_json(r, with_code=False) for r in table.income]
        out["expenditure"] = [_row_to_json(r, with_code=False) for r in table.expenditure]
        grand: dict[str, Any] = {}
        for key, row in table.totals.items():
            values = [amount_to_json(v) for v in row.values]
            if key.startswith("grand_total."):
                grand[key.split(".", 1)[1]] = values
            else:
                out[key] = values
        if grand:
            out["grand_total"] = grand
        locs = {k: _row_to_json(r, with_code=False) for k, r in table.totals.items()
                if r.page is not None or (r.cells and any(r.cells))}
        if locs:
            out["total_locations"] = {k: {x: v[x] for x in ("page", "boxes", "cells") if x in v}
                                      for k, v in locs.items()}
    elif table.key == "three_public":
        for group in ("budget", "actual"):
            out[group] = {
                item: amount_to_json(table.value(f"{group}.{item}"))
                for item in THREE_PUBLIC_ALL_ITEMS
                if f"{group}.{item}" in table.cells
            }
        if table.budget_basis:
            out["budget_basis"] = table.budget_basis
        if table.total_includes:
            out["total_includes"] = list(table.total_includes)
    else:
        if table.generic:
            out["header"] = list(table.header)
        else:
            out["columns"] = list(table.columns)
        if table.total is not None:
            out["total"] = [amount_to_json(v) for v in table.total]
        out["rows"] = [_row_to_json(r) for r in table.rows]
        for key, cell in table.cells.items():
            out[key] = amount_to_json(cell.value)
    cell_boxes = {k: [c.box.page, *c.box.to_json()] for k, c in table.cells.items() if c.box}
    if cell_boxes:
        out["cell_boxes"] = cell_boxes
    if table.total_boxes and any(table.total_boxes):
        out["total_boxes"] = [[b.page, *b.to_json()] if b else None for b in table.total_boxes]
    if table.total_cells and any(table.total_cells):
        out["total_cells"] = list(table.total_cells)
    cell_refs = {k: c.ref for k, c in table.cells.items() if c.ref}
    if cell_refs:
        out["cell_refs"] = cell_refs
    if table.ambiguous:
        out["ambiguous"] = list(table.ambiguous)
    if table.candidates:
        out["candidates"] = [{k: amount_to_json(v) for k, v in option.items()} for option in table.candidates]
    if table.title:
        out["title"] = table.title
    if table.pages:
        out["pages"] = table.pages
    return out


def _box_with_page(data: list[float] | None) -> Box | None:
    if not data:
        return None
    return Box(int(data[0]), float(data[1]), float(data[2]), float(data[3]), float(data[4]))


def table_from_json(key: str, data: dict[str, Any]) -> Table:
    table = Table(key=key, title=data.get("title"), pages=list(data.get("pages") or []))
    if data.get("empty"):
        table.empty = True
        table.note = data.get("note")
        return table
    cell_boxes = data.get("cell_boxes") or {}
    cell_refs = data.get("cell_refs") or {}
    table.total_cells = data.get("total_cells")
    table.ambiguous = list(data.get("ambiguous") or [])
    table.candidates = [{k: amount_from_json(v) for k, v in option.items()} for option in data.get("candidates") or []]
    if table.two_sided:
        table.income = [_row_from_json(r) for r in data.get("income") or []]
        table.expenditure = [_row_from_json(r) for r in data.get("expenditure") or []]
        locs = data.get("total_locations") or {}
        for name in ("income_total", "expenditure_total", "use_of_balance", "opening_balance",
                     "distribution", "closing_balance"):
            if name in data:
                table.totals[name] = _row_from_json({"name": name, "values": data[name], **locs.get(name, {})})
        for side, values in (data.get("grand_total") or {}).items():
            name = f"grand_total.{side}"
            table.totals[name] = _row_from_json({"name": name, "values": values, **locs.get(name, {})})
    elif key == "three_public":
        for group in ("budget", "actual"):
            for item, value in (data.get(group) or {}).items():
                name = f"{group}.{item}"
                table.cells[name] = Cell(amount_from_json(value), _box_with_page(cell_boxes.get(name)),
                                         cell_refs.get(name))
        basis = data.get("budget_basis")
        table.budget_basis = basis if basis in BUDGET_BASES else None
        table.total_includes = [i for i in data.get("total_includes") or [] if i in THREE_PUBLIC_EXTRA_ITEMS]
    else:
        table.columns = list(data.get("columns") or [])
        table.header = [str(h) for h in data.get("header") or []]
        if data.get("total") is not None:
            table.total = [amount_from_json(v) for v in data["total"]]
        if data.get("total_boxes"):
            table.total_boxes = [_box_with_page(b) for b in data["total_boxes"]]
        table.rows = [_row_from_json(r) for r in data.get("rows") or []]
        for name in ("personnel_total", "public_total"):
            if name in data:
                table.cells[name] = Cell(amount_from_json(data[name]), _box_with_page(cell_boxes.get(name)),
                                         cell_refs.get(name))
    return table


def _source_to_json(src: Source) -> dict[str, Any]:
    out: dict[str, Any] = {"page": src.page, "text": src.text}
    if src.box:
        out["box"] = src.box.to_json()
    if src.cell:
        out["cell"] = src.cell
    return out


def _source_from_json(data: dict[str, Any]) -> Source:
    page = int(data.get("page") or 0)
    box = Box.from_json(page, data["box"]) if data.get("box") else None
    return Source(page=page, text=data.get("text") or "", box=box, cell=data.get("cell"))


def report_to_json(report: Report, with_pages: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "department": report.department,
        "year": report.year,
        "unit": report.unit,
        "kind": report.kind,
    }
    if report.units_included:
        out["units_included"] = list(report.units_included)
    out["tables"] = {k: table_to_json(t) for k, t in report.tables.items()}
    if report.other_tables:
        out["other_tables"] = [{"key": t.key, **table_to_json(t)} for t in report.other_tables]
    narrative = _value_to_json(report.narrative.facts)
    if report.narrative.sources:
        narrative["sources"] = {k: _source_to_json(s) for k, s in report.narrative.sources.items()}
    out["narrative"] = narrative
    if report.performance is not None and not report.performance.is_empty():
        perf = report.performance
        pj: dict[str, Any] = {}
        if perf.overall:
            pj["overall"] = _value_to_json(perf.overall)
        if perf.self_evaluated:
            pj["self_evaluated"] = _value_to_json(perf.self_evaluated)
        if perf.projects:
            pj["projects"] = _value_to_json(perf.projects)
        if perf.indicators:
            pj["indicators"] = _value_to_json(perf.indicators)
        if perf.sources:
            pj["sources"] = {k: _source_to_json(s) for k, s in perf.sources.items()}
        out["performance"] = pj
    if report.problems:
        out["problems"] = [
            {k: v for k, v in (("kind", p.kind), ("table", p.table), ("page", p.page), ("message", p.message))
             if v is not None}
            for p in report.problems
        ]
    out["source"] = {"file": report.source, "format": report.source_format, "pages": report.page_count}
    if report.ocr is not None:
        out["ocr"] = ocr_to_json(report.ocr)
    if with_pages and report.pages:
        out["pages"] = [
            {"page": p.number, "lines": [[ln.text, ln.box.to_json() if ln.box else None] for ln in p.lines]}
            for p in report.pages
        ]
    return out


def _year(value: Any) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, str | Decimal | float) and str(value).strip().lstrip("+-").replace(".0", "", 1).isdigit():
        return int(Decimal(str(value).strip()))
    raise ValueError(f"year is not a whole number: {value!r}")


def report_from_json(data: dict[str, Any]) -> Report:
    report = Report(
        department=data.get("department"),
        year=_year(data.get("year")),
        unit=data.get("unit") or "万元",
        kind=data.get("kind") or "final",
        units_included=list(data.get("units_included") or []),
    )
    for key, tdata in (data.get("tables") or {}).items():
        report.tables[key] = table_from_json(key, tdata)
    for tdata in data.get("other_tables") or []:
        report.other_tables.append(table_from_json(str(tdata.get("key") or GENERIC_KEY), tdata))
    narrative = dict(data.get("narrative") or {})
    sources = narrative.pop("sources", {}) or {}
    report.narrative = Narrative(
        facts=_value_from_json(narrative),
        sources={k: _source_from_json(v) for k, v in sources.items()},
    )
    perf = data.get("performance")
    if perf:
        report.performance = Performance(
            overall=_value_from_json(perf.get("overall") or {}),
            self_evaluated=_value_from_json(perf.get("self_evaluated") or {}),
            projects=_value_from_json(perf.get("projects") or []),
            indicators=_value_from_json(perf.get("indicators") or []),
            sources={k: _source_from_json(v) for k, v in (perf.get("sources") or {}).items()},
        )
    for p in data.get("problems") or []:
        report.problems.append(Problem(message=p.get("message", ""), table=p.get("table"),
                                       page=p.get("page"), kind=p.get("kind", "unreadable")))
    src = data.get("source") or {}
    report.source, report.source_format, report.page_count = src.get("file"), src.get("format"), src.get("pages")
    for p in data.get("pages") or []:
        number = int(p["page"])
        report.pages.append(Page(number, [TextLine(t, Box.from_json(number, b) if b else None) for t, b in p["lines"]]))
    if data.get("ocr"):
        report.ocr = ocr_from_json(data["ocr"])
    return report


def ocr_to_json(ocr: OcrReading) -> dict[str, Any]:
    """What was read from page images: ``pages`` ({page, dpi, skew, region?}), ``cells`` ({page, box, text,
    confidence, candidates?, ambiguous?}), one per table value read by OCR, and ``unsure_lines`` (lines of
    running text read below the confidence threshold, in the same form)."""
    pages = []
    for image in ocr.pages:
        entry: dict[str, Any] = {"page": image.page, "dpi": image.dpi, "skew": round(image.skew, 2)}
        if image.region is not None:
            entry["region"] = image.region.to_json()
        pages.append(entry)
    out: dict[str, Any] = {"pages": pages, "cells": [_recognised_to_json(c) for c in ocr.cells]}
    if ocr.unsure_lines:
        out["unsure_lines"] = [_recognised_to_json(c) for c in ocr.unsure_lines]
    return out


def _recognised_to_json(cell: Recognised) -> dict[str, Any]:
    item: dict[str, Any] = {"page": cell.box.page, "box": cell.box.to_json(), "text": cell.text,
                            "confidence": round(cell.confidence, 3)}
    if cell.candidates:
        item["candidates"] = list(cell.candidates)
    if cell.ambiguous:
        item["ambiguous"] = True
    return item


def _recognised_from_json(c: dict[str, Any]) -> Recognised:
    return Recognised(Box.from_json(int(c["page"]), c["box"]), str(c.get("text") or ""),
                      float(c.get("confidence") or 0), [str(x) for x in c.get("candidates") or []],
                      bool(c.get("ambiguous")))


def ocr_from_json(data: dict[str, Any]) -> OcrReading:
    pages = [ImagePage(int(p["page"]), float(p.get("dpi") or 0), float(p.get("skew") or 0),
                       Box.from_json(int(p["page"]), p["region"]) if p.get("region") else None)
             for p in data.get("pages") or []]
    return OcrReading(pages, [_recognised_from_json(c) for c in data.get("cells") or []],
                      [_recognised_from_json(c) for c in data.get("unsure_lines") or []])


def dumps(report: Report, with_pages: bool = True) -> str:
    return json.dumps(report_to_json(report, with_pages), ensure_ascii=False, indent=1)


def loads(text: str) -> Report:
    return report_from_json(json.loads(text))
