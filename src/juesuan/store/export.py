"""``export``: the stored reports as tidy long tables for analysts: Parquet, CSV, XLSX or a Data Package.

Four resources: ``documents`` (one row per stored file), ``amounts`` (one row per printed amount, with its
document, department, region, year, table, code, name and column), ``facts`` (the 情况说明 and 绩效 facts)
and ``findings``.  ``latest`` keeps only the newest version of each department's report for a year.
Rows are streamed from the database a chunk at a time; every file is written beside its final name and
renamed into place when complete, so a failed export leaves no half-written file.
"""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import text

from juesuan.errors import OutputError
from juesuan.model import TABLE_TITLES
from juesuan.store.database import Store
from juesuan.store.labels import column_text
from juesuan.store.measures import EXPORT_FORMATS

FORMATS = EXPORT_FORMATS
CHUNK = 5000
XLSX_MAX_ROWS = 1_048_575  # a sheet's rows below its header
AMOUNT_SCALE = 6  # decimals kept in the typed amount column (the printed text is exact anyway)


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Table Schema type: integer | number | string | boolean
    description: str


DOCUMENT_FIELDS: tuple[Field, ...] = (
    Field("document_id", "integer", "文件编号 (document id)"),
    Field("content_hash", "string", "文件内容 SHA-256"),
    Field("file_name", "string", "文件名"),
    Field("department", "string", "部门"),
    Field("region", "string", "地区（文件中写明时）"),
    Field("year", "integer", "年度"),
    Field("version", "integer", "同一部门同一年度的第几版"),
    Field("is_latest", "boolean", "是否最新版本"),
)
RESOURCES: dict[str, tuple[Field, ...]] = {
    "documents": (
        *DOCUMENT_FIELDS[:3],
        Field("format", "string", "文件格式"),
        Field("status", "string", "ok 已读取 / failed 无法读取"),
        Field("error", "string", "无法读取的原因"),
        Field("exit_code", "integer", "无法读取时的退出码"),
        *DOCUMENT_FIELDS[3:],
        Field("pages", "integer", "页数"),
        Field("reader_version", "string", "读取程序版本"),
        Field("checker_version", "string", "审核程序版本"),
    ),
    "amounts": (
        *DOCUMENT_FIELDS,
        Field("table_key", "string", "表 (table key, report-model.md)"),
        Field("table_title", "string", "表名"),
        Field("side", "string",
              "rows 科目行 / total 合计行 / income, expenditure 总表两栏 / totals 总表合计 / cells 单项"),
        Field("line", "integer", "在表中的顺序"),
        Field("code", "string", "科目编码（或单项的键）"),
        Field("name", "string", "科目名称或行名"),
        Field("column_key", "string", "列 (column key)"),
        Field("column_label", "string", "列名"),
        Field("amount", "number", "金额（万元）"),
        Field("printed", "string", "打印的金额，原样"),
        Field("page", "integer", "页码"),
    ),
    "facts": (
        *DOCUMENT_FIELDS,
        Field("path", "string", "事实路径 (dotted path, report-model.md)"),
        Field("value", "string", "值，原样"),
        Field("amount", "number", "数值（可解析时）"),
        Field("page", "integer", "页码"),
        Field("sentence", "string", "原句"),
    ),
    "findings": (
        *DOCUMENT_FIELDS,
        Field("rule", "string", "规则"),
        Field("severity", "string", "error 错误 / warning 警告 / info 提示"),
        Field("section", "string", "规则类别"),
        Field("message", "string", "说明"),
        Field("page", "integer", "页码"),
        Field("table_key", "string", "表"),
        Field("row_code", "string", "科目编码"),
        Field("row_name", "string", "科目名称"),
        Field("column_label", "string", "列"),
        Field("text", "string", "原句"),
        Field("printed", "string", "打印值"),
        Field("expected", "string", "应为"),
    ),
}



def _source(name: str, latest: bool) -> str:
    """The SELECT behind a resource (the views of the first migration)."""
    if name == "documents":
        columns = ", ".join("id AS document_id" if f.name == "document_id" else f.name for f in RESOURCES[name])
        where = " WHERE is_latest" if latest else ""
        return f"SELECT {columns} FROM documents{where} ORDER BY id"
    view = f"{'latest' if latest else 'report'}_{name}"
    skip = {"table_title", "column_label"} if name == "amounts" else set()
    columns = ", ".join(f.name for f in RESOURCES[name] if f.name not in skip)
    if name == "amounts":
        columns = columns.replace("amount, printed", "printed")
        return f"SELECT {columns} FROM {view} ORDER BY document_id, table_key, side, line, column_key"
    if name == "facts":
        columns = columns.replace("value, amount", "value")
        return f"SELECT {columns} FROM {view} ORDER BY document_id, path"
    return f"SELECT {columns} FROM {view} ORDER BY document_id, rule, page"


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _shape(name: str, row: dict[str, Any]) -> dict[str, Any]:
    """A database row as the resource's row: booleans as booleans, amounts as Decimals, labels added."""
    row["is_latest"] = bool(row["is_latest"]) if row.get("is_latest") is not None else None
    if name == "amounts":
        row["amount"] = _decimal(row["printed"])
        row["table_title"] = TABLE_TITLES.get(row["table_key"], row["table_key"])
        row["column_label"] = column_text(row["table_key"], row["side"], row["column_key"])
    elif name == "facts":
        row["amount"] = _decimal(row["value"])
    return {f.name: row.get(f.name) for f in RESOURCES[name]}


def rows_of(store: Store, name: str, latest: bool) -> Iterator[dict[str, Any]]:
    with store.reading() as conn:
        result = conn.execution_options(yield_per=CHUNK).execute(text(_source(name, latest)))
        for row in result:
            yield _shape(name, dict(row._mapping))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_csv(path: Path, name: str, rows: Iterator[dict[str, Any]], bom: bool) -> int:
    n = 0
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([f.name for f in RESOURCES[name]])
        for row in rows:
            writer.writerow([_text(v) for v in row.values()])
            n += 1
    return n


def _arrow_schema(name: str) -> Any:
    import pyarrow as pa

    types = {"integer": pa.int64(), "string": pa.string(), "boolean": pa.bool_(),
             "number": pa.decimal128(38, AMOUNT_SCALE)}
    return pa.schema([pa.field(f.name, types[f.type]) for f in RESOURCES[name]])


def write_parquet(path: Path, name: str, rows: Iterator[dict[str, Any]]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema(name)
    numbers = [f.name for f in RESOURCES[name] if f.type == "number"]
    quantum = Decimal(10) ** -AMOUNT_SCALE
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        chunk: list[dict[str, Any]] = []

        def flush() -> None:
            if chunk:
                writer.write_batch(pa.RecordBatch.from_pylist(chunk, schema=schema))
                chunk.clear()

        for row in rows:
            for key in numbers:
                if row[key] is not None:
                    row[key] = row[key].quantize(quantum)
            chunk.append(row)
            n += 1
            if len(chunk) >= CHUNK:
                flush()
        flush()
    return n


def write_xlsx(path: Path, names: Sequence[str], store: Store, latest: bool) -> dict[str, int]:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    counts: dict[str, int] = {}
    for name in names:
        header = [f.name for f in RESOURCES[name]]
        sheet, part, in_sheet, n = book.create_sheet(name), 1, 0, 0
        sheet.append(header)
        for row in rows_of(store, name, latest):
            if in_sheet >= XLSX_MAX_ROWS:  # a sheet is full: go on in the next one
                part += 1
                sheet, in_sheet = book.create_sheet(f"{name} ({part})"), 0
                sheet.append(header)
            sheet.append(list(row.values()))
            in_sheet += 1
            n += 1
        counts[name] = n
    book.save(str(path))
    return counts


def datapackage_descriptor(names: Sequence[str], latest: bool) -> dict[str, Any]:
    resources = []
    for name in names:
        schema: dict[str, Any] = {"fields": [{"name": f.name, "type": f.type, "description": f.description}
                                             for f in RESOURCES[name]]}
        if name == "documents":
            schema["primaryKey"] = ["document_id"]
        else:
            schema["foreignKeys"] = [{"fields": ["document_id"],
                                      "reference": {"resource": "documents", "fields": ["document_id"]}}]
        resources.append({"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": schema})
    return {
        "profile": "tabular-data-package",
        "name": "juesuan-export",
        "title": "部门决算数据 (departmental final accounts, juesuan export)",
        "description": ("juesuan 入库的部门决算：文件、金额（长表）、情况说明事实、审核结果"
                        + ("；仅各部门各年度最新版本" if latest else "")),
        "resources": resources,
    }


def export(store: Store, fmt: str, output: str | Path, latest: bool = False) -> dict[str, int]:
    """Write the export into the folder ``output`` (created if missing); returns rows per resource."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    out = Path(output)
    names = list(RESOURCES)
    try:
        out.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".juesuan-export-", dir=out))
    except OSError as exc:
        raise OutputError(str(out), exc.strerror or str(exc)) from None
    try:
        counts: dict[str, int] = {}
        if fmt == "xlsx":
            counts = write_xlsx(work / "juesuan.xlsx", names, store, latest)
        else:
            for name in names:
                rows = rows_of(store, name, latest)
                if fmt == "parquet":
                    counts[name] = write_parquet(work / f"{name}.parquet", name, rows)
                else:
                    counts[name] = write_csv(work / f"{name}.csv", name, rows, bom=fmt == "csv")
            if fmt == "datapackage":
                (work / "datapackage.json").write_text(
                    json.dumps(datapackage_descriptor(names, latest), ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")
        for made in sorted(work.iterdir()):
            made.replace(out / made.name)
    except OSError as exc:
        raise OutputError(str(out), exc.strerror or str(exc)) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return counts
