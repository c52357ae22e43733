"""``juesuan check FILE... [--format text|json|sarif|html] [-o OUT]``.

Exit 0: no errors; 1: errors found; 2: a file could not be read (its one-line
reason is printed, the other files are still checked) or the output could not
be written: for ``check`` every ``JuesuanError`` exits 2, whatever its own code.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from juesuan.atomic_write import write_output
from juesuan.errors import JuesuanError, OutputError


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "check",
        help="审核报告：表内、表间、正文与表格的一致性 (check reports)",
        description="审核部门决算：表内勾稽、表间勾稽、情况说明与表格、绩效自评。"
                    "退出码 0 无错误，1 有错误，2 有文件无法读取。",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="PDF、文本或模型 JSON 文件")
    p.add_argument("--format", choices=("text", "json", "sarif", "html"), default="text",
                   help="text: 终端; json; sarif: SARIF 2.1.0; html: 每份报告一个网页 (default: text)")
    p.add_argument("-o", "--output", help="写入文件（html 且多个文件时为目录）(write to a file, or a directory)")
    p.add_argument("--severity", choices=("error", "warning", "info"), default="info",
                   help="text 格式只显示不低于此级别的结果 (text: lowest severity shown; default: info)")
    p.set_defaults(func=run)


def _check_all(files: list[str]) -> list[Any]:
    from juesuan.check import check
    from juesuan.check.render import CheckedReport
    from juesuan.read import read

    items: list[CheckedReport] = []
    for file in files:
        try:
            report = read(file)
        except JuesuanError as exc:
            print(f"juesuan: {exc.message}", file=sys.stderr)
            items.append(CheckedReport(file, error=exc.message))
            continue
        except Exception as exc:  # a reader bug on one file must not stop the others
            message = f"{file}: 读取程序出错 (reader failed): {type(exc).__name__}: {exc}"
            print(f"juesuan: {message}", file=sys.stderr)
            items.append(CheckedReport(file, error=message))
            continue
        items.append(CheckedReport(file, report, check(report)))
    return items


def _write_html(items: list[Any], output: str | None, inputs: tuple[Path, ...]) -> None:
    from juesuan.check.render.html import render_html

    if len(items) == 1 and not (output and Path(output).is_dir()):
        page = render_html(items[0])
        if output:
            write_output(output, page, protect=inputs)
        else:
            sys.stdout.write(page)
        return
    if not output or not Path(output).is_dir():
        raise OutputError(output, "多个文件的 HTML 需要用 -o 指定一个已存在的目录 (several files: -o DIR)")
    used: set[str] = set()
    for item in items:
        name, n = f"{Path(item.file).name}.check.html", 1
        while name in used:  # the same file name from two directories
            n += 1
            name = f"{Path(item.file).name}.{n}.check.html"
        used.add(name)
        write_output(Path(output) / name, render_html(item), protect=inputs)


def run(args: argparse.Namespace) -> int:
    items = _check_all(list(args.files))
    try:
        _output(args, items)
    except JuesuanError as exc:  # for check, every error of ours exits 2 (after its one-line message)
        print(f"juesuan: {exc.message}", file=sys.stderr)
        return 2
    if any(item.error is not None for item in items):
        return 2
    return 1 if any(f.severity == "error" for item in items for f in item.findings) else 0


def _output(args: argparse.Namespace, items: list[Any]) -> None:
    inputs = tuple(Path(f) for f in args.files)
    if args.format == "html":
        _write_html(items, args.output, inputs)
    else:
        if args.format == "json":
            from juesuan.check.render.json_report import render_json

            out = render_json(items)
        elif args.format == "sarif":
            from juesuan.check.render.sarif import render_sarif

            out = render_sarif(items)
        else:
            from juesuan.check.render.text import render_text

            out = render_text(items, args.severity)
        if args.output:
            write_output(args.output, out, protect=inputs)
        else:
            sys.stdout.write(out)
