"""``juesuan sql "SELECT ..." [--db URL] [--format text|csv|json]``: a read-only query."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from decimal import Decimal
from typing import Any

from juesuan.cli.help_format import examples
from juesuan.cli.ingest_command import add_db_argument

TEXT_ROWS = 1000


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "sql",
        help="对数据库执行只读 SQL 查询 (a read-only SQL query)",
        description="只读：数据库连接本身拒绝写入。视图：latest_documents、report_amounts、latest_amounts、"
                    "report_facts、latest_facts、report_findings、latest_findings。",
        epilog=examples(
            "juesuan sql \"SELECT department, year, count(*) FROM latest_findings GROUP BY 1, 2\"",
            "juesuan sql \"SELECT * FROM latest_amounts WHERE table_key = 'three_public'\" --format csv",
        ),
    )
    p.add_argument("query", metavar="SQL", help="一条 SQL 语句 (one statement)")
    p.add_argument("--format", choices=("text", "csv", "json"), default="text",
                   help=f"text: 对齐的表（最多 {TEXT_ROWS} 行）; csv; json")
    add_db_argument(p)
    p.set_defaults(func=run)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return f"<{len(bytes(value))} bytes>"
    return value


def run(args: argparse.Namespace) -> int:
    from juesuan.store.database import open_store
    from juesuan.store.queries import run_sql

    store = open_store(args.db, must_exist=True)
    try:
        columns, rows = run_sql(store, args.query)
        if args.format == "csv":
            writer = csv.writer(sys.stdout)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([_plain(v) for v in row])
        elif args.format == "json":
            sys.stdout.write("[")
            for n, row in enumerate(rows):
                item = {c: _plain(v) for c, v in zip(columns, row, strict=False)}
                sys.stdout.write(("," if n else "") + "\n" + json.dumps(item, ensure_ascii=False, default=str))
            sys.stdout.write("\n]\n")
        else:
            _text(columns, rows)
    finally:
        store.dispose()
    return 0


def _text(columns: list[str], rows: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns)
    n = more = 0
    for row in rows:
        if n < TEXT_ROWS:
            table.add_row(*("" if v is None else str(_plain(v)) for v in row))
            n += 1
        else:
            more += 1
    Console(highlight=False).print(table)
    print(f"{n} 行 (rows)" + (f"，另有 {more} 行未显示，用 --format csv 看全部 (more not shown)" if more else ""),
          file=sys.stderr)
