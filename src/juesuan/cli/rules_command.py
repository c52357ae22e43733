"""``juesuan rules [RULE...] [--format text|markdown|json] [-o OUT]``: the rule catalogue, or one rule explained."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from juesuan.atomic_write import write_output
from juesuan.cli.help_format import examples


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "rules",
        help="列出审核规则，或解释一条规则 (list the check rules, or explain one)",
        description="列出 juesuan check 的全部规则；给出规则编号时解释这条规则：标题、为什么、例子、如何修正。\n"
                    "--format markdown 生成 docs/rules.md。",
        epilog=examples(
            "juesuan rules                                   # 规则一览",
            "juesuan rules C203                              # 解释一条规则",
            "juesuan rules N4                                # 以 N4 开头的全部规则",
            "juesuan rules --format markdown -o docs/rules.md",
        ),
    )
    p.add_argument("rules", nargs="*", metavar="RULE", help="规则编号（如 C203）或前缀（如 N4）")
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                   help="text: 一览; markdown: docs/rules.md; json (default: text)")
    p.add_argument("-o", "--output", help="写入文件而不是标准输出 (write to a file)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from juesuan.check.config import rule_ids
    from juesuan.check.render.catalogue import (
        explain_rule,
        render_rules_json,
        render_rules_markdown,
        render_rules_text,
    )
    from juesuan.check.rules import ALL_RULES, RULES_BY_ID
    from juesuan.errors import ConfigError

    if args.rules:
        try:
            ids = list(dict.fromkeys(i for name in args.rules for i in rule_ids(name, name)))
        except ConfigError:
            unknown = [n for n in args.rules if not any(r.id.startswith(n.strip().upper()) for r in ALL_RULES)]
            print(f"juesuan: 没有这条规则 (no such rule): {', '.join(unknown)}；`juesuan rules` 列出全部规则",
                  file=sys.stderr)
            return 2
        chosen = [RULES_BY_ID[i] for i in ids]
        if args.format == "json":
            out = render_rules_json(chosen)
        else:
            out = "\n".join(explain_rule(r) for r in chosen)
    else:
        renderers = {"text": render_rules_text, "markdown": render_rules_markdown, "json": render_rules_json}
        out = renderers[args.format](ALL_RULES)
    if args.output:
        write_output(args.output, out)
    else:
        sys.stdout.write(out)
    return 0
