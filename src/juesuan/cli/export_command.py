"""``juesuan export --format parquet|csv|xlsx|datapackage -o DIR [--latest] [--db URL]``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from juesuan.cli.help_format import examples
from juesuan.cli.ingest_command import add_db_argument
from juesuan.store.measures import EXPORT_FORMATS as FORMATS


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "export",
        help="导出长表：文件、金额、事实、审核结果 (export tidy tables for analysts)",
        description="documents、amounts（每个金额一行）、facts、findings 四张长表。parquet：DuckDB、pandas 可直接读；"
                    "csv：UTF-8（带 BOM，Excel 可直接打开）；xlsx：一个工作簿；"
                    "datapackage：Frictionless 数据包（CSV + datapackage.json）。",
        epilog=examples(
            "juesuan export --format parquet -o 导出/",
            "juesuan export --format datapackage --latest -o 数据包/",
        ),
    )
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="输出目录（不存在则创建）")
    p.add_argument("--latest", action="store_true", help="每个部门每个年度只导出最新版本 (newest versions only)")
    add_db_argument(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from juesuan.store.database import open_store
    from juesuan.store.export import export

    store = open_store(args.db, must_exist=True)
    try:
        counts = export(store, args.format, args.output, args.latest)
    finally:
        store.dispose()
    print("导出 (exported): " + "，".join(f"{name} {n} 行" for name, n in counts.items()) + f" -> {args.output}",
          file=sys.stderr)
    return 0
