"""The model's doors: model JSON checked before it becomes a Report, and a Report checked before it is composed.

What comes in through a door can never make a later stage raise: an amount is a finite decimal with at
most four decimals and fifteen whole digits (no NaN, Infinity, sNaN or 1e999999), a year a whole number
from 1990 to 2100, a count a whole number from 0 to 10^9, a string holds only characters XML can carry
(no NUL or other control characters, no lone surrogates), nesting and size are bounded
(juesuan.limits: json, json-depth), and an object names each key once.  Each value that fails is named
by its JSON path (``tables.income.rows[3].values[1]``), all of them at once.

A value that is well formed but makes no sense (a negative vehicle count inside a Report made in Python,
a missing year) is not refused here: ``juesuan check`` reports it (rule C206) and compose stops on it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from juesuan import limits
from juesuan.errors import BadReportJson, InvalidReport
from juesuan.model import TABLE_KEYS, Report

MAX_LISTED = 20
YEARS = (1990, 2100)
MAX_COUNT = 10**9
MAX_WHOLE_DIGITS = 15  # 10^15 万元 is a thousand times a year of the world's output
MAX_DECIMALS = 4  # printed amounts have two; 万元 to the 元 has four
MAX_NAME = 500  # characters in a department name

# characters XML 1.0 (DOCX, XLSX, HTML) can carry: tab, line ends, and the rest but controls, surrogates, FFFE/FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_NUMERIC_WORD = re.compile(r"[+-]?(?:nan|s?nan\d*|inf|infinity)", re.IGNORECASE)

_TWO_SIDED_TOTALS = ("income_total", "expenditure_total", "use_of_balance", "opening_balance", "distribution",
                     "closing_balance")


class _Object(dict[str, Any]):
    """A JSON object as decoded: the keys it named more than once are kept to be reported with their path."""

    duplicates: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    out = _Object(pairs)
    if len(out) != len(pairs):
        out.duplicates = tuple(k for k, n in Counter(k for k, _ in pairs).items() if n > 1)
    return out


def _no_constant(word: str) -> Any:
    raise ValueError(f"{word} 不是有限的数 ({word} is not a finite number)")


# ---- reading a model JSON file


def read_model_json(path: Path) -> Report:
    """A model JSON file as a Report; every bad value named by its JSON path (BadReportJson, exit 12)."""
    from juesuan.model_json import report_from_json
    from juesuan.read.file_format import read_bounded

    data = parse_model_json(read_bounded(path, "json"), path)
    try:
        report = report_from_json(data)
    # validate() has checked every shape report_from_json relies on: this is a last resort
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, InvalidOperation) as exc:
        raise BadReportJson(str(path), f"{type(exc).__name__}: {str(exc)[:120]}") from None
    report.source = report.source or str(path)
    return report


def parse_model_json(raw: bytes, path: Path | str) -> dict[str, Any]:
    """Decode and validate; raise BadReportJson (or LimitExceeded for the depth) naming what is wrong."""
    where = str(path)
    try:
        text = raw.decode("utf-16") if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadReportJson(where, f"不是 UTF-8 编码 (not UTF-8: byte {exc.start})") from None
    try:
        data = json.loads(text, object_pairs_hook=_object, parse_constant=_no_constant, parse_float=Decimal)
    except RecursionError:
        raise limits.refusal(where, "json-depth", _depth_of(text), limits.limit_of("json-depth")) from None
    except ValueError as exc:  # JSONDecodeError, a constant, an integer of more than 4300 digits
        raise BadReportJson(where, " ".join(str(exc).split())[:160]) from None
    if not isinstance(data, dict):
        raise BadReportJson(where, f"顶层不是对象 (top level is a JSON {type(data).__name__}, not an object)")
    if "tables" not in data:
        raise BadReportJson(where, "缺少 tables (no 'tables' key)")
    errors = list(validate(data, where))
    if errors:
        more = f"；另有 {len(errors) - MAX_LISTED} 处" if len(errors) > MAX_LISTED else ""
        raise BadReportJson(where, f"{len(errors)} 处 ({len(errors)} values): " + "；".join(errors[:MAX_LISTED])
                            + more)
    return data


def _depth_of(text: str) -> int:
    """The deepest nesting of brackets outside strings (only when the decoder gave up on it)."""
    depth = deepest = 0
    for m in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        token = m.group(0)
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


# ---- the JSON schema, written as checks: each yields "PATH “value”：reason"


def _show(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = _NOT_XML.sub("\ufffd", text)
    return text if len(text) <= 30 else text[:30] + "…"


def _bad(path: str, value: Any, reason: str) -> str:
    return f"{path} “{_show(value)}”：{reason}"


def validate(data: dict[str, Any], where: str = "") -> Iterator[str]:
    """Every value of a decoded model JSON that cannot be a model's, with its JSON path."""
    yield from _generic(data, where)
    yield from _top(data)


def _generic(data: Any, where: str) -> Iterator[str]:
    """Everywhere: nesting depth, duplicate keys, characters XML cannot carry."""
    max_depth = limits.limit_of("json-depth")
    stack: list[tuple[str, Any, int]] = [("", data, 1)]
    while stack:
        path, node, depth = stack.pop()
        if max_depth and depth > max_depth:
            raise limits.refusal(where, "json-depth", depth, max_depth, path or "(顶层)")
        if isinstance(node, dict):
            for key in getattr(node, "duplicates", ()):
                yield _bad(f"{path}.{key}" if path else key, key, "键重复出现 (duplicate key)")
            for key, value in node.items():
                child = f"{path}.{key}" if path else key
                if _NOT_XML.search(key):
                    yield _bad(child, key, "键含控制字符 (control character in a key)")
                stack.append((child, value, depth + 1))
        elif isinstance(node, list):
            stack.extend((f"{path}[{i}]", value, depth + 1) for i, value in enumerate(node))
        elif isinstance(node, str) and _NOT_XML.search(node):
            yield _bad(path, node, "含控制字符或无效字符 (control or invalid character)")


def _number_problem(number: Decimal, decimals: int = MAX_DECIMALS) -> str | None:
    if not number.is_finite():
        return "不是有限的数 (not a finite number)"
    _sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    whole = len(digits) + exponent
    if whole > MAX_WHOLE_DIGITS:
        return f"超过 {MAX_WHOLE_DIGITS} 位整数 (more than {MAX_WHOLE_DIGITS} whole digits)"
    if -exponent > decimals and number != number.quantize(Decimal(1).scaleb(-decimals)):
        return f"小数超过 {decimals} 位 (more than {decimals} decimals)"
    return None


def amount_problem(value: Any) -> str | None:
    """Why ``value`` cannot be a model amount (null, a number, or a decimal string as printed), or None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal | float):
        return "不是金额 (not an amount)"
    text = str(value).replace(",", "").strip()
    if not _PLAIN.fullmatch(text):
        return "不是金额 (not an amount)" if not _NUMERIC_WORD.fullmatch(text) else "不是有限的数 (not a finite number)"
    return _number_problem(Decimal(text))


def _amounts(path: str, values: Any) -> Iterator[str]:
    if not isinstance(values, list):
        yield _bad(path, values, "应为金额的列表 (expected a list of amounts)")
        return
    for i, value in enumerate(values):
        reason = amount_problem(value)
        if reason:
            yield _bad(f"{path}[{i}]", value, reason)


def _string(path: str, value: Any, optional: bool = True) -> Iterator[str]:
    if value is None and optional:
        return
    if not isinstance(value, str):
        yield _bad(path, value, "应为文字 (expected a string)")


def _whole(path: str, value: Any, lo: int, hi: int, optional: bool = True) -> Iterator[str]:
    if value is None and optional:
        return
    number = whole_number(value)
    if number is None:
        yield _bad(path, value, "应为整数 (expected a whole number)")
    elif not lo <= number <= hi:
        yield _bad(path, value, f"应在 {lo} 到 {hi} 之间 (out of range)")


def whole_number(value: Any) -> int | None:
    """An int, or a whole number written as digits ("2024", 2024.0); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d{1,12}\s*", value):
        return int(value)
    return None


def _top(data: dict[str, Any]) -> Iterator[str]:
    yield from _string("department", data.get("department"))
    department = data.get("department")
    if isinstance(department, str) and len(department) > MAX_NAME:
        yield _bad("department", department, f"部门名称超过 {MAX_NAME} 字 (longer than {MAX_NAME} characters)")
    yield from _whole("year", data.get("year"), *YEARS)
    for key in ("unit", "kind"):
        yield from _string(key, data.get(key))
    included = data.get("units_included")
    if included is not None and (not isinstance(included, list) or not all(isinstance(u, str) for u in included)):
        yield _bad("units_included", included, "应为单位名称的列表 (expected a list of names)")
    tables = data.get("tables")
    if not isinstance(tables, dict):
        yield _bad("tables", tables, "应为对象 (expected an object)")
    else:
        for key, table in tables.items():
            yield from _table(f"tables.{key}", key, table)
    others = data.get("other_tables")
    if others is not None:
        if not isinstance(others, list):
            yield _bad("other_tables", others, "应为表的列表 (expected a list of tables)")
        else:
            for i, table in enumerate(others):
                named = table.get("key") if isinstance(table, dict) else None
                yield from _string(f"other_tables[{i}].key", named)
                yield from _table(f"other_tables[{i}]", named if isinstance(named, str) else "other", table)
    narrative = data.get("narrative")
    if narrative is not None:
        if not isinstance(narrative, dict):
            yield _bad("narrative", narrative, "应为对象 (expected an object)")
        else:
            yield from _facts("narrative", {k: v for k, v in narrative.items() if k != "sources"})
            yield from _sources("narrative.sources", narrative.get("sources"))
    performance = data.get("performance")
    if performance is not None:
        yield from _performance(performance)
    problems = data.get("problems")
    if problems is not None:
        if not isinstance(problems, list) or not all(isinstance(p, dict) for p in problems):
            yield _bad("problems", problems, "应为对象的列表 (expected a list of objects)")
        else:
            for i, p in enumerate(problems):
                for key in ("message", "table", "kind"):
                    yield from _string(f"problems[{i}].{key}", p.get(key))
                yield from _whole(f"problems[{i}].page", p.get("page"), 0, 10**6)
    source = data.get("source")
    if source is not None:
        if not isinstance(source, dict):
            yield _bad("source", source, "应为对象 (expected an object)")
        else:
            yield from _string("source.file", source.get("file"))
            yield from _string("source.format", source.get("format"))
            yield from _whole("source.pages", source.get("pages"), 0, 10**6)
    pages = data.get("pages")
    if pages is not None:
        yield from _pages(pages)


def _row(path: str, row: Any) -> Iterator[str]:
    if not isinstance(row, dict):
        yield _bad(path, row, "应为对象 (expected an object)")
        return
    yield from _string(f"{path}.name", row.get("name"))
    code = row.get("code")
    if code is not None and not isinstance(code, str | int):
        yield _bad(f"{path}.code", code, "应为科目编码 (expected a code)")
    yield from _amounts(f"{path}.values", row.get("values") or [])
    yield from _whole(f"{path}.page", row.get("page"), 0, 10**6)
    boxes = row.get("boxes")
    if boxes is not None:
        if not isinstance(boxes, list):
            yield _bad(f"{path}.boxes", boxes, "应为列表 (expected a list)")
        else:
            for i, box in enumerate(boxes):
                yield from _box(f"{path}.boxes[{i}]", box, 4)
    for key in ("ambiguous", "cells"):
        value = row.get(key)
        if value is not None and (not isinstance(value, list)
                                  or not all(v is None or isinstance(v, str) for v in value)):
            yield _bad(f"{path}.{key}", value, "应为文字的列表 (expected a list of strings)")


def _box(path: str, box: Any, size: int) -> Iterator[str]:
    if box is None:
        return
    if (not isinstance(box, list) or len(box) != size
            or not all(isinstance(v, int | Decimal) and not isinstance(v, bool) for v in box)):
        yield _bad(path, box, f"应为 {size} 个数 (expected {size} numbers)")


def _table(path: str, key: str, table: Any) -> Iterator[str]:
    if not isinstance(table, dict):
        yield _bad(path, table, "应为对象 (expected an object)")
        return
    for name in ("title", "note"):
        yield from _string(f"{path}.{name}", table.get(name))
    header = table.get("header")
    if header is not None and (not isinstance(header, list) or not all(isinstance(h, str) for h in header)):
        yield _bad(f"{path}.header", header, "应为文字的列表 (expected a list of strings)")
    pages = table.get("pages")
    if pages is not None and (not isinstance(pages, list) or any(whole_number(p) is None for p in pages)):
        yield _bad(f"{path}.pages", pages, "应为页码的列表 (expected a list of page numbers)")
    if table.get("empty"):
        return
    if key in ("summary", "fiscal_summary"):
        for side in ("income", "expenditure"):
            rows = table.get(side)
            if rows is not None and not isinstance(rows, list):
                yield _bad(f"{path}.{side}", rows, "应为行的列表 (expected a list of rows)")
            for i, row in enumerate(rows or []):
                yield from _row(f"{path}.{side}[{i}]", row)
        for name in _TWO_SIDED_TOTALS:
            if name in table:
                yield from _amounts(f"{path}.{name}", table[name])
        grand = table.get("grand_total")
        if grand is not None:
            if not isinstance(grand, dict):
                yield _bad(f"{path}.grand_total", grand, "应为对象 (expected an object)")
            else:
                for side, values in grand.items():
                    yield from _amounts(f"{path}.grand_total.{side}", values)
        locations = table.get("total_locations")
        if locations is not None:
            if not isinstance(locations, dict):
                yield _bad(f"{path}.total_locations", locations, "应为对象 (expected an object)")
            else:
                for name, where in locations.items():
                    yield from _row(f"{path}.total_locations.{name}", {"values": [], **where}
                                    if isinstance(where, dict) else where)
    elif key == "three_public":
        for group in ("budget", "actual"):
            items = table.get(group)
            if items is None:
                continue
            if not isinstance(items, dict):
                yield _bad(f"{path}.{group}", items, "应为对象 (expected an object)")
                continue
            for item, value in items.items():
                reason = amount_problem(value)
                if reason:
                    yield _bad(f"{path}.{group}.{item}", value, reason)
        for name in ("budget_basis",):
            yield from _string(f"{path}.{name}", table.get(name))
    else:
        columns = table.get("columns")
        if columns is not None and (not isinstance(columns, list) or not all(isinstance(c, str) for c in columns)):
            yield _bad(f"{path}.columns", columns, "应为列名的列表 (expected a list of column keys)")
        if table.get("total") is not None:
            yield from _amounts(f"{path}.total", table["total"])
        rows = table.get("rows")
        if rows is not None and not isinstance(rows, list):
            yield _bad(f"{path}.rows", rows, "应为行的列表 (expected a list of rows)")
        for i, row in enumerate(rows or []):
            yield from _row(f"{path}.rows[{i}]", row)
        for name in ("personnel_total", "public_total"):
            if name in table:
                reason = amount_problem(table[name])
                if reason:
                    yield _bad(f"{path}.{name}", table[name], reason)
        boxes = table.get("total_boxes")
        if boxes is not None:
            for i, box in enumerate(boxes if isinstance(boxes, list) else [boxes]):
                yield from _box(f"{path}.total_boxes[{i}]", box, 5)
    cell_boxes = table.get("cell_boxes")
    if cell_boxes is not None:
        if not isinstance(cell_boxes, dict):
            yield _bad(f"{path}.cell_boxes", cell_boxes, "应为对象 (expected an object)")
        else:
            for name, box in cell_boxes.items():
                yield from _box(f"{path}.cell_boxes.{name}", box, 5)
    for name in ("cell_refs",):
        refs = table.get(name)
        if refs is not None and (not isinstance(refs, dict) or not all(isinstance(v, str) for v in refs.values())):
            yield _bad(f"{path}.{name}", refs, "应为单元格名称的对象 (expected cell names)")
    cells = table.get("total_cells")
    if cells is not None and (not isinstance(cells, list) or not all(c is None or isinstance(c, str) for c in cells)):
        yield _bad(f"{path}.total_cells", cells, "应为单元格名称的列表 (expected cell names)")
    if key not in TABLE_KEYS and not isinstance(table.get("rows", []), list):
        yield _bad(path, key, "不认识的表 (unknown table)")


def _leaf_kind(path: str) -> str:
    from juesuan.workbook_layout import path_kind

    return path_kind(path)


def _facts(path: str, facts: dict[str, Any], prefix: str = "") -> Iterator[str]:
    """Narrative facts: counts whole and not negative, amounts finite, texts texts; a numeric-looking word
    (NaN, Infinity, 1e999999) is never a fact."""
    for key, value in facts.items():
        dotted = f"{prefix}.{key}" if prefix else key
        where = f"{path}.{key}"
        if isinstance(value, dict):
            yield from _facts(where, value, dotted)
            continue
        yield from _fact(where, dotted, value)


def _fact(where: str, dotted: str, value: Any) -> Iterator[str]:
    kind = _leaf_kind(dotted)
    if value is None or isinstance(value, bool):
        return
    if kind == "int":
        yield from _whole(where, value, 0, MAX_COUNT)
    elif kind == "text":
        yield from _string(where, value)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield from _facts(f"{where}[{i}]", item, dotted)
            else:
                yield from _fact(f"{where}[{i}]", dotted, item)
    else:
        reason = _number_word_problem(value)
        if reason:
            yield _bad(where, value, reason)


def _number_word_problem(value: Any) -> str | None:
    """A leaf that may be a number or a text: a number must be finite and bounded; a text that reads as a number
    (numeric, or NaN/Infinity) must be a plain decimal."""
    if isinstance(value, str):
        text = value.replace(",", "").strip()
        if _NUMERIC_WORD.fullmatch(text):
            return "不是有限的数 (not a finite number)"
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None  # a text
        if not _PLAIN.fullmatch(text):
            return "不是有效的数 (not a plain decimal number)"
        return _number_problem(number)
    if isinstance(value, int | Decimal):
        return _number_problem(Decimal(value))
    if isinstance(value, float):
        return _number_problem(Decimal(str(value)))
    return "不是数或文字 (neither a number nor a text)"


def _sources(path: str, sources: Any) -> Iterator[str]:
    if sources is None:
        return
    if not isinstance(sources, dict):
        yield _bad(path, sources, "应为对象 (expected an object)")
        return
    for key, src in sources.items():
        where = f"{path}.{key}"
        if not isinstance(src, dict):
            yield _bad(where, src, "应为对象 (expected an object)")
            continue
        yield from _whole(f"{where}.page", src.get("page"), 0, 10**6)
        yield from _string(f"{where}.text", src.get("text"))
        yield from _string(f"{where}.cell", src.get("cell"))
        yield from _box(f"{where}.box", src.get("box"), 4)


def _performance(perf: Any) -> Iterator[str]:
    if not isinstance(perf, dict):
        yield _bad("performance", perf, "应为对象 (expected an object)")
        return
    for group in ("overall", "self_evaluated"):
        values = perf.get(group)
        if values is None:
            continue
        if not isinstance(values, dict):
            yield _bad(f"performance.{group}", values, "应为对象 (expected an object)")
            continue
        for key, value in values.items():
            where = f"performance.{group}.{key}"
            if group == "self_evaluated" and key == "projects":
                yield from _whole(where, value, 0, MAX_COUNT)
            elif value is not None:
                reason = _number_word_problem(value)
                if reason:
                    yield _bad(where, value, reason)
    for group in ("projects", "indicators"):
        items = perf.get(group)
        if items is None:
            continue
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            yield _bad(f"performance.{group}", items, "应为对象的列表 (expected a list of objects)")
            continue
        for i, item in enumerate(items):
            for key, value in item.items():
                where = f"performance.{group}[{i}].{key}"
                if key == "name" or (group == "indicators" and key != "score"):
                    yield from _string(where, value)
                elif value is not None:
                    reason = _number_word_problem(value)
                    if reason:
                        yield _bad(where, value, reason)
    yield from _sources("performance.sources", perf.get("sources"))


def _pages(pages: Any) -> Iterator[str]:
    if not isinstance(pages, list):
        yield _bad("pages", pages, "应为列表 (expected a list)")
        return
    for i, page in enumerate(pages):
        where = f"pages[{i}]"
        if not isinstance(page, dict):
            yield _bad(where, page, "应为对象 (expected an object)")
            continue
        yield from _whole(f"{where}.page", page.get("page"), 0, 10**6, optional=False)
        lines = page.get("lines")
        if not isinstance(lines, list):
            yield _bad(f"{where}.lines", lines, "应为列表 (expected a list)")
            continue
        for j, line in enumerate(lines):
            if (not isinstance(line, list) or len(line) != 2 or not isinstance(line[0], str)):
                yield _bad(f"{where}.lines[{j}]", line, "应为 [文字, 位置] (expected [text, box])")
            else:
                yield from _box(f"{where}.lines[{j}][1]", line[1], 4)


# ---- a Report, whoever made it: what compose and template need to be able to write it


def report_errors(report: Report) -> list[str]:
    """What in a Report no document can carry: amounts that are not finite decimals, strings with control
    characters, a year that is not a whole number.  (Values that are merely absurd are check's: C206.)"""
    out: list[str] = []

    def text(where: str, value: Any) -> None:
        if isinstance(value, str) and _NOT_XML.search(value):
            out.append(_bad(where, value, "含控制字符或无效字符 (control or invalid character)"))

    def amount(where: str, value: Any) -> None:
        if value is None:
            return
        if not isinstance(value, Decimal) or isinstance(value, bool):
            if not isinstance(value, int):
                out.append(_bad(where, value, "不是金额 (not an amount)"))
            return
        reason = _number_problem(value, decimals=12)
        if reason:
            out.append(_bad(where, value, reason))

    text("department", report.department)
    if report.year is not None and (not isinstance(report.year, int) or isinstance(report.year, bool)):
        out.append(_bad("year", report.year, "应为整数 (expected a whole number)"))
    text("unit", report.unit)
    for i, unit in enumerate(report.units_included):
        text(f"units_included[{i}]", unit)
    tables = [(f"tables.{key}", table) for key, table in report.tables.items()]
    tables += [(f"other_tables[{i}]", table) for i, table in enumerate(report.other_tables)]
    for base, table in tables:
        for i, header in enumerate(table.header):
            text(f"{base}.header[{i}]", header)
        text(f"{base}.note", table.note)
        text(f"{base}.title", table.title)
        for side, rows in (("rows", table.rows), ("income", table.income), ("expenditure", table.expenditure)):
            for i, row in enumerate(rows):
                text(f"{base}.{side}[{i}].name", row.name)
                text(f"{base}.{side}[{i}].code", row.code)
                for j, value in enumerate(row.values):
                    amount(f"{base}.{side}[{i}].values[{j}]", value)
        for name, row in table.totals.items():
            for j, value in enumerate(row.values):
                amount(f"{base}.{name}[{j}]", value)
        for j, value in enumerate(table.total or []):
            amount(f"{base}.total[{j}]", value)
        for name, cell in table.cells.items():
            amount(f"{base}.{name}", cell.value)

    def facts(where: str, value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                text(f"{where}.{k}", k)
                facts(f"{where}.{k}", v)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                facts(f"{where}[{i}]", v)
        elif isinstance(value, str):
            text(where, value)
        elif isinstance(value, Decimal):
            amount(where, value)
        elif isinstance(value, float) and not (value == value and abs(value) != float("inf")):
            out.append(_bad(where, value, "不是有限的数 (not a finite number)"))

    facts("narrative", report.narrative.facts)
    if report.performance is not None:
        perf = report.performance
        facts("performance.overall", perf.overall)
        facts("performance.self_evaluated", perf.self_evaluated)
        facts("performance.projects", perf.projects)
        facts("performance.indicators", perf.indicators)
    return out


def require_writable(report: Report) -> None:
    """Raise InvalidReport (naming every bad value) when the report holds what no document can carry."""
    errors = report_errors(report)
    if errors:
        more = f"；另有 {len(errors) - MAX_LISTED} 处" if len(errors) > MAX_LISTED else ""
        raise InvalidReport(report.source, f"{len(errors)} 处 ({len(errors)} values): "
                            + "；".join(errors[:MAX_LISTED]) + more)


def scrub(report: Report) -> int:
    """Replace, in a report read from a PDF or a text, every character no document can carry with U+FFFD (a
    control character a damaged file put in its text); how many.  Only when the page text holds one is the
    whole report walked: a clean report costs one search of its text."""
    if not any(_NOT_XML.search(line.text) for page in report.pages for line in page.lines) and not any(
            _NOT_XML.search(text or "") for text in (report.department, report.unit)):
        return 0
    count = 0

    def clean(value: Any) -> Any:
        nonlocal count
        if isinstance(value, str):
            fixed, n = _NOT_XML.subn("\ufffd", value)
            count += n
            return fixed
        if isinstance(value, dict):
            return {clean(k): clean(v) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    report.department = clean(report.department)
    report.unit = clean(report.unit)
    report.units_included = clean(report.units_included)
    for page in report.pages:
        for line in page.lines:
            line.text = clean(line.text)
    for table in [*report.tables.values(), *report.other_tables]:
        table.title, table.note, table.header = clean(table.title), clean(table.note), clean(table.header)
        for row in [*table.rows, *table.income, *table.expenditure, *table.totals.values()]:
            row.name, row.code = clean(row.name), clean(row.code)
    report.narrative.facts = clean(report.narrative.facts)
    for source in report.narrative.sources.values():
        source.text = clean(source.text)
    if report.performance is not None:
        perf = report.performance
        perf.overall, perf.self_evaluated = clean(perf.overall), clean(perf.self_evaluated)
        perf.projects, perf.indicators = clean(perf.projects), clean(perf.indicators)
    return count
