"""``juesuan parse FILE [--format json|text] [-o OUT]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from juesuan.atomic_write import write_output
from juesuan.cli.help_format import examples
from juesuan.cli.limits_option import add_limit_option, run_limits


def add_ocr_option(p: Any) -> None:
    """``--ocr never|auto|always`` (shared by parse and check)."""
    p.add_argument("--ocr", choices=("never", "auto", "always"), default="auto",
                   help="图像识别：auto 只识别没有文字层的页面和图片表格，always 每页都识别，never 不识别 "
                        "(OCR of page images; default: auto)")


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "parse",
        help="读取报告并输出模型 (read a report into the model)",
        description="读取部门决算（PDF（含扫描件）、网页、文本、XLSX 填报工作簿或模型 JSON），输出报告模型\n"
                    "(read a report, print the model)",
        epilog=examples(
            "juesuan parse 2024年决算.pdf                         # 9 张表，终端对齐显示",
            "juesuan parse 2024年决算.pdf --format json -o r.json # 报告模型 JSON",
            "juesuan parse 决算填报.xlsx --format json --no-pages  # 填报工作簿也可以读",
            "juesuan parse 扫描件.pdf                              # 没有文字层的页面用 OCR 识别",
            "juesuan parse 决算公开.html                           # 网页（或存放各页网页的文件夹）",
        ),
    )
    p.add_argument("file", help="PDF、网页（或其文件夹）、文本、XLSX 填报工作簿或模型 JSON 文件")
    p.add_argument("--format", choices=("json", "text"), default="text",
                   help="json: 报告模型; text: 终端表格 (default: text)")
    p.add_argument("-o", "--output", help="写入文件而不是标准输出 (write to a file)")
    p.add_argument("--no-pages", action="store_true", help="JSON 中不含逐页正文 (omit page text from JSON)")
    add_limit_option(p)
    add_ocr_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from juesuan.read import read

    limits = run_limits(args)
    report = read(args.file, ocr=args.ocr, limits=limits, isolate=limits.isolate)
    if args.format == "json":
        from juesuan.model_json import dumps

        out = dumps(report, with_pages=not args.no_pages) + "\n"
    else:
        from juesuan.compose.terminal import render_report

        out = render_report(report)
    if args.output:
        write_output(args.output, out, protect=(Path(args.file),))
    else:
        sys.stdout.write(out)
    return 0
