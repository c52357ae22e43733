"""``juesuan findings [--severity S] [--rule ID] [--department NAME] [--region R] [--year Y] [--latest]``."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any

from juesuan.cli.help_format import examples
from juesuan.cli.ingest_command import add_db_argument


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "findings",
        help="已入库报告的审核结果，可按级别、规则、部门、地区、年度筛选 (findings across stored reports)",
        description="列出已入库报告的审核结果（当前读取和审核程序的结果），错误在前。",
        epilog=examples(
            "juesuan findings --severity error --department 财政局 --latest",
            "juesuan findings --rule X401 --region 上海市 --year 2024 --format csv",
        ),
    )
    p.add_argument("--severity", choices=("error", "warning", "info"), help="只看不低于此级别的结果")
    p.add_argument("--rule", action="append", default=[], metavar="ID", help="规则编号，可重复 (e.g. N401)")
    p.add_argument("--department", metavar="NAME", help="部门名称（全名或能唯一确定的一部分）")
    p.add_argument("--region", help="地区（前缀匹配）")
    p.add_argument("--year", type=int, help="年度")
    p.add_argument("--latest", action="store_true", help="每个部门每个年度只看最新版本 (newest versions only)")
    p.add_argument("--format", choices=("text", "csv", "json"), default="text")
    add_db_argument(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from juesuan.check.finding import SEVERITY_LABELS
    from juesuan.store.database import open_store
    from juesuan.store.queries import FINDING_COLUMNS, FindingFilter, findings

    store = open_store(args.db, must_exist=True)
    where = FindingFilter(args.severity, tuple(args.rule), args.department, args.region, args.year, args.latest)
    n = 0
    try:
        rows = findings(store, where)
        if args.format == "csv":
            writer = csv.DictWriter(sys.stdout, fieldnames=list(FINDING_COLUMNS))
            writer.writeheader()
        elif args.format == "json":
            sys.stdout.write("[")
        for row in rows:
            if args.format == "csv":
                writer.writerow(row)
            elif args.format == "json":
                sys.stdout.write(("," if n else "") + "\n" + json.dumps(row, ensure_ascii=False))
            else:
                where_ = "" if row["page"] is None else f" 第{row['page']}页"
                version = f" 第{row['version']}版" if row["version"] and row["version"] > 1 else ""
                sys.stdout.write(f"{row['department'] or row['file_name']} {row['year'] or ''}{version}{where_} "
                                 f"{row['rule']} {SEVERITY_LABELS.get(row['severity'], row['severity'])} "
                                 f"{row['message']}\n")
            n += 1
        if args.format == "json":
            sys.stdout.write("\n]\n")
    finally:
        store.dispose()
    if args.format == "text":
        print(f"共 {n} 条 ({n} findings)", file=sys.stderr)
    return 0
