"""``juesuan compare --department NAME [--db URL] [--all-lines] [--format text|json]``."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from typing import Any

from juesuan.cli.help_format import examples
from juesuan.cli.ingest_command import add_db_argument


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "compare",
        help="同一部门逐年比较：逐表增减、情况说明应写的增减、与上年报告的核对 (year on year)",
        description="取该部门每个年度的最新版本，相邻两年逐表比较；列出情况说明写的上年数和增减额与两份报告算出的是否一致，"
                    "以及与上年报告比较的审核结果（X4xx）。",
        epilog=examples(
            "juesuan compare --department 上海市普陀区财政局",
            "juesuan compare --department 财政局 --all-lines --format json",
        ),
    )
    p.add_argument("--department", required=True, metavar="NAME", help="部门名称（全名或能唯一确定的一部分）")
    add_db_argument(p)
    p.add_argument("--all-lines", action="store_true", help="列出每一行（默认只列合计、类级科目和单项）")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run)


def _n(value: Decimal | None) -> str:
    return "" if value is None else str(value)


def run(args: argparse.Namespace) -> int:
    from juesuan.store.compare import compare_department
    from juesuan.store.database import open_store

    store = open_store(args.db, must_exist=True)
    try:
        years, pairs = compare_department(store, args.department, args.all_lines)
    finally:
        store.dispose()
    if args.format == "json":
        json.dump(_json(years, pairs), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    _text(years, pairs)
    return 0


def _json(years: list[Any], pairs: list[Any]) -> dict[str, Any]:
    return {
        "years": [{"year": y.year, "document_id": y.document_id, "file_name": y.file_name, "version": y.version}
                  for y in years],
        "pairs": [{
            "department": p.department, "year": p.this.year, "previous_year": p.last.year,
            "lines": [{"table": ln.table, "side": ln.side, "code": ln.code, "name": ln.name, "column": ln.column,
                       "this": _n(ln.this), "last": _n(ln.last), "change": _n(ln.change),
                       "change_pct": _n(ln.change_pct)} for ln in p.lines],
            "stated_changes": [{"label": c.label, "this": _n(c.this), "stated_previous": _n(c.stated_previous),
                                "stated_change": _n(c.stated_change), "last": _n(c.last),
                                "last_source": c.last_source, "should_be": _n(c.should_be)} for c in p.stated],
            "findings": [{"rule": r, "severity": s, "message": m} for r, s, m in p.findings],
        } for p in pairs],
    }


def _text(years: list[Any], pairs: list[Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    from juesuan.check.finding import SEVERITY_LABELS
    from juesuan.model import TABLE_TITLES
    from juesuan.store.labels import column_text, row_label

    console = Console(highlight=False)
    console.print("年度 (years): " + "，".join(f"{y.year}（{y.file_name}，第{y.version}版）" for y in years),
                  markup=False)
    if not pairs:
        console.print("没有相邻两个年度的报告可比较 (no two consecutive years stored)", markup=False)
    for pair in pairs:
        console.print(f"\n{pair.department}  {pair.this.year} 比 {pair.last.year}", markup=False)
        table = Table("表", "行", "列", str(pair.this.year), str(pair.last.year), "增减", "增减率%")
        for ln in pair.lines:
            table.add_row(TABLE_TITLES.get(ln.table, ln.table), row_label(ln.side, ln.code, ln.name),
                          column_text(ln.table, ln.side, ln.column), _n(ln.this), _n(ln.last), _n(ln.change),
                          _n(ln.change_pct))
        console.print(table)
        stated = Table("情况说明 (narrative)", "本年", "写的上年数", "写的增减额", "上年报告", "应为增减额")
        for c in pair.stated:
            stated.add_row(c.label, _n(c.this), _n(c.stated_previous), _n(c.stated_change), _n(c.last),
                           _n(c.should_be))
        console.print(stated)
        for rule, severity, message in pair.findings:
            console.print(f"{rule} {SEVERITY_LABELS.get(severity, severity)} {message}", markup=False)
        if not pair.findings:
            console.print("与上年报告核对：未发现问题 (X4xx: nothing found)", markup=False)
