"""``juesuan template [-o 决算填报.xlsx] [--from REPORT] [--next-year] [--codes CSV]``: the workbook to fill."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from juesuan.cli.help_format import examples
from juesuan.cli.limits_option import add_limit_option, run_limits


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "template",
        help="生成决算填报工作簿 (write the workbook to fill)",
        description="生成决算填报工作簿（XLSX）：基本信息、表1-表9、补充信息、项目支出用途、绩效自评 "
                    "(write the XLSX workbook a finance officer fills)",
        epilog=examples(
            "juesuan template -o 决算填报.xlsx                                # 空白工作簿",
            "juesuan template --from 2023年决算.pdf -o 2023核对.xlsx          # 用已有报告预填",
            "juesuan template --from 2023年决算.pdf --next-year -o 2024填报.xlsx   # 预填科目、上年数和说明文字",
            "juesuan template --codes ../shared/data/func_class_observed.csv -o 决算填报.xlsx   # 另加款、项科目",
        ),
    )
    p.add_argument("-o", "--output", default="决算填报.xlsx", help="输出文件 (default: 决算填报.xlsx)")
    p.add_argument("--from", dest="source", metavar="REPORT",
                   help="用已有报告预填（PDF、文本、JSON 或 XLSX）(pre-fill from a report)")
    p.add_argument("--next-year", action="store_true",
                   help="把 --from 报告作为上年报告：预填科目结构、上年数和说明文字（原因说明等标为“本年新写”），"
                        "金额留空 (seed next year's workbook)")
    p.add_argument("--codes", action="append", type=Path, default=[], metavar="CSV",
                   help="科目代码表（含 code、name 两列的 CSV），编码下拉列表据此提供款、项科目；可重复 "
                        "(known 功能分类 codes to offer, e.g. ../shared/data/func_class_observed.csv)")
    add_limit_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from juesuan.compose.outputs import template

    if args.next_year and not args.source:
        print("juesuan: --next-year 需要 --from REPORT (needs --from)", file=sys.stderr)
        return 2
    report = template(args.output, args.source, next_year=args.next_year, codes=args.codes, limits=run_limits(args))
    if report is not None and report.problems:
        print(f"注意：{args.source} 有 {len(report.problems)} 处未能完整读取，请在工作簿中核对 "
              "(parts of the source could not be read; check the workbook):", file=sys.stderr)
        for problem in report.problems[:10]:
            print(f"  - {problem.message}", file=sys.stderr)
    print(f"已生成 {args.output}", file=sys.stderr)
    return 0
