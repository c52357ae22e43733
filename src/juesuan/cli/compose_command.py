"""``juesuan compose INPUT.xlsx|REPORT.json -o OUT.docx|OUT.pdf|OUT.html [--force]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from juesuan.atomic_write import write_output
from juesuan.cli.help_format import examples

FORMATS = ("docx", "pdf", "html")


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "compose",
        help="由数据生成完整决算报告 (compose the full report: DOCX, PDF or HTML)",
        description="由填报工作簿或报告模型 JSON 生成完整的部门决算（目录、概况、9 张表、情况说明、名词解释、"
                    "绩效自评表）。先校验数据，有错误时列出并停止 (checks first; errors stop it)",
        epilog=examples(
            "juesuan compose 决算填报.xlsx -o 部门决算.docx    # 或 .pdf、.html",
            "juesuan compose report.json -o 部门决算.pdf",
            "juesuan compose 决算填报.xlsx -o 草稿.pdf --force  # 校验有错误也生成，标为未经审核",
        ),
    )
    p.add_argument("input", help="填报工作簿 (.xlsx) 或报告模型 (.json)；PDF/文本亦可")
    p.add_argument("-o", "--output", required=True, help="输出文件：.docx、.pdf 或 .html")
    p.add_argument("--format", choices=FORMATS, help="输出格式（默认按扩展名）")
    p.add_argument("--force", action="store_true",
                   help="校验有错误时仍然生成，并在报告上标明“未经审核” (compose anyway, marked unchecked)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from juesuan.compose.check_gate import run_checks
    from juesuan.compose.derive import fill_derived
    from juesuan.read import read

    fmt = args.format or Path(args.output).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        print(f"juesuan: {args.output}: 输出格式须为 .docx、.pdf 或 .html (unknown output format)", file=sys.stderr)
        return 2
    report = read(args.input)
    fill_derived(report)
    gate = run_checks(report)
    unchecked = not gate.passed
    if not gate.available:
        print("juesuan: 校验模块不可用，报告标为未经审核 (checker unavailable: output marked unchecked)",
              file=sys.stderr)
    elif gate.errors:
        print(f"juesuan: {args.input}: 数据校验发现 {len(gate.errors)} 个错误 (the data fails its checks):",
              file=sys.stderr)
        for line in gate.errors:
            print(f"  - {line}", file=sys.stderr)
        if not args.force:
            print("未生成报告；修正数据后重试，或加 --force 强制生成（标为未经审核）", file=sys.stderr)
            return 1
    elif gate.warnings:
        print(f"数据校验通过，另有 {gate.warnings} 个警告（用 juesuan check 查看）", file=sys.stderr)
    data: bytes | str
    if fmt == "docx":
        from juesuan.compose.docx_writer import report_docx

        data = report_docx(report, unchecked=unchecked)
    elif fmt == "pdf":
        from juesuan.compose.pdf import report_pdf

        data = report_pdf(report, unchecked=unchecked)
    else:
        from juesuan.compose.html import report_html

        data = report_html(report, unchecked=unchecked)
    write_output(args.output, data, protect=(Path(args.input),))
    print(f"已生成 {args.output}" + ("（未经审核）" if unchecked else ""), file=sys.stderr)
    return 0
