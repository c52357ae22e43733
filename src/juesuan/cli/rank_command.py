"""``juesuan rank --by MEASURE [--region R] [--year Y] [--ascending] [--format text|csv|json]``."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any

from juesuan.cli.help_format import examples
from juesuan.cli.ingest_command import add_db_argument
from juesuan.store.measures import MEASURES


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "rank",
        help="按指标给一个地区一个年度的部门排序 (rank departments within a region and year)",
        description="指标：" + "；".join(f"{k} {v}" for k, v in MEASURES.items()) + "。每个部门取最新版本。",
        epilog=examples(
            "juesuan rank --by 三公 --region 上海市普陀区 --year 2024",
            "juesuan rank --by execution-rate --ascending --format csv",
        ),
    )
    p.add_argument("--by", required=True, choices=tuple(MEASURES), help="排序指标 (measure)")
    p.add_argument("--region", help="地区，如 上海市普陀区（前缀匹配）")
    p.add_argument("--year", type=int, help="年度")
    p.add_argument("--ascending", action="store_true", help="从小到大 (smallest first)")
    p.add_argument("--format", choices=("text", "csv", "json"), default="text")
    add_db_argument(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from juesuan.store.database import open_store
    from juesuan.store.rank import rank

    store = open_store(args.db, must_exist=True)
    try:
        groups = rank(store, args.by, args.region, args.year, args.ascending)
    finally:
        store.dispose()
    rows = [{"region": region, "year": year, "rank": r.rank or None, "department": r.department,
             "value": None if r.value is None else str(r.value), "note": r.note}
            for (region, year), ranked in groups.items() for r in ranked]
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=["region", "year", "rank", "department", "value", "note"])
        writer.writeheader()
        writer.writerows(rows)
    else:
        _text(args.by, groups)
    return 0


def _text(by: str, groups: dict[Any, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    if not groups:
        console.print("没有符合条件的报告 (no report matches)", markup=False)
    for (region, year), ranked in groups.items():
        table = Table("名次", "部门", MEASURES[by], "", title=f"{region or '地区不详'} {year}年度")
        for r in ranked:
            table.add_row(str(r.rank) if r.rank else "-", r.department, "" if r.value is None else str(r.value),
                          r.note)
        console.print(table)
