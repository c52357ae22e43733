"""``juesuan rules [--format text|markdown|json] [-o OUT]``: the check rule catalogue."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from juesuan.atomic_write import write_output


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "rules",
        help="列出审核规则 (list the check rules)",
        description="列出 juesuan check 的全部规则；--format markdown 生成 docs/rules.md。",
    )
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                   help="text: 一览; markdown: docs/rules.md; json (default: text)")
    p.add_argument("-o", "--output", help="写入文件而不是标准输出 (write to a file)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from juesuan.check.render.catalogue import render_rules_json, render_rules_markdown, render_rules_text
    from juesuan.check.rules import ALL_RULES

    renderers = {"text": render_rules_text, "markdown": render_rules_markdown, "json": render_rules_json}
    out = renderers[args.format](ALL_RULES)
    if args.output:
        write_output(args.output, out)
    else:
        sys.stdout.write(out)
    return 0
