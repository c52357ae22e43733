"""``juesuan compose INPUT.xlsx|REPORT.json -o OUT.docx|OUT.pdf|OUT.html [--force] [--reference-docx F] [--css F]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from juesuan.cli.help_format import examples
from juesuan.cli.limits_option import add_limit_option, run_limits
from juesuan.compose.outputs import FORMATS


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
            "juesuan compose 决算填报.xlsx -o 部门决算.docx --reference-docx 本部门样式.docx",
            "juesuan compose 决算填报.xlsx -o 部门决算.pdf --css 本部门.css",
        ),
    )
    p.add_argument("input", help="填报工作簿 (.xlsx) 或报告模型 (.json)；PDF/文本亦可")
    p.add_argument("-o", "--output", required=True, help="输出文件：.docx、.pdf 或 .html")
    p.add_argument("--format", choices=FORMATS, help="输出格式（默认按扩展名）")
    p.add_argument("--force", action="store_true",
                   help="校验有错误时仍然生成，并在报告上标明“未经审核” (compose anyway, marked unchecked)")
    p.add_argument("--reference-docx", type=Path, metavar="DOCX",
                   help="本部门的 Word 样式文件：沿用其样式（正文、标题、表格文字）与封面（文件中已有的内容作封面，"
                        "{{部门}}、{{年度}} 替换为本报告的） (a department's reference DOCX: styles and cover)")
    p.add_argument("--css", type=Path, metavar="CSS",
                   help="本部门的样式表，加在报告样式之后（HTML、PDF） (a department's CSS, applied last)")
    add_limit_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from juesuan.compose.outputs import compose
    from juesuan.errors import DataFailsChecks

    fmt = args.format or Path(args.output).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        print(f"juesuan: {args.output}: 输出格式须为 .docx、.pdf 或 .html (unknown output format)", file=sys.stderr)
        return 2
    try:
        composed = compose(args.input, args.output, format=fmt, force=args.force,
                           reference_docx=args.reference_docx, css=args.css, limits=run_limits(args))
    except DataFailsChecks as exc:
        _list_errors(args.input, exc.errors)
        print("未生成报告；修正数据后重试，或加 --force 强制生成（标为未经审核）", file=sys.stderr)
        return exc.exit_code
    gate = composed.gate
    if not gate.available:
        print("juesuan: 校验模块不可用，报告标为未经审核 (checker unavailable: output marked unchecked)",
              file=sys.stderr)
    elif gate.errors:
        _list_errors(args.input, gate.errors)
    elif gate.warnings:
        print(f"数据校验通过，另有 {gate.warnings} 个警告（用 juesuan check 查看）", file=sys.stderr)
    print(f"已生成 {args.output}" + ("（未经审核）" if composed.unchecked else ""), file=sys.stderr)
    return 0


def _list_errors(source: str, errors: list[str]) -> None:
    print(f"juesuan: {source}: 数据校验发现 {len(errors)} 个错误 (the data fails its checks):", file=sys.stderr)
    for line in errors:
        print(f"  - {line}", file=sys.stderr)
