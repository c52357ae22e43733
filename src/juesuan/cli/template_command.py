"""``juesuan template [-o 决算填报.xlsx] [--from REPORT] [--next-year]``: the workbook a finance officer fills."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from juesuan.atomic_write import write_output
from juesuan.cli.help_format import examples


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "template",
        help="生成决算填报工作簿 (write the workbook to fill)",
        description="生成决算填报工作簿（XLSX）：基本信息、表1-表9、补充信息、项目支出用途、绩效自评 "
                    "(write the XLSX workbook a finance officer fills)",
        epilog=examples(
            "juesuan template -o 决算填报.xlsx                                # 空白工作簿",
            "juesuan template --from 2023年决算.pdf -o 2023核对.xlsx          # 用已有报告预填",
            "juesuan template --from 2023年决算.pdf --next-year -o 2024填报.xlsx   # 预填科目和上年数",
        ),
    )
    p.add_argument("-o", "--output", default="决算填报.xlsx", help="输出文件 (default: 决算填报.xlsx)")
    p.add_argument("--from", dest="source", metavar="REPORT",
                   help="用已有报告预填（PDF、文本、JSON 或 XLSX）(pre-fill from a report)")
    p.add_argument("--next-year", action="store_true",
                   help="把 --from 报告作为上年报告：预填科目结构和上年数，金额留空 (seed next year's workbook)")
    p.add_argument("--codes", action="append", type=Path, default=[], metavar="CSV",
                   help="科目代码表（含 code、name 两列的 CSV），编码下拉列表据此提供款、项科目；可重复 "
                        "(known 功能分类 codes to offer, e.g. ../shared/data/func_class_observed.csv)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from juesuan.compose.carry_forward import fill_previous, next_year
    from juesuan.compose.derive import fill_derived
    from juesuan.compose.workbook_template import workbook_bytes

    report = None
    protect: tuple[Path, ...] = ()
    if args.source:
        from juesuan.read import read

        report = read(args.source)
        protect = (Path(args.source),)
        if report.problems:
            print(f"注意：{args.source} 有 {len(report.problems)} 处未能完整读取，请在工作簿中核对 "
                  "(parts of the source could not be read; check the workbook):", file=sys.stderr)
            for problem in report.problems[:10]:
                print(f"  - {problem.message}", file=sys.stderr)
        fill_derived(report)
        fill_previous(report)
        if args.next_year:
            report = next_year(report)
    elif args.next_year:
        print("juesuan: --next-year 需要 --from REPORT (needs --from)", file=sys.stderr)
        return 2
    write_output(args.output, workbook_bytes(report, args.codes), protect=protect)
    print(f"已生成 {args.output}", file=sys.stderr)
    return 0
