"""The ``juesuan`` command: a thin layer over the library, one module per sub-command."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from importlib import import_module

from juesuan import __version__
from juesuan.cli.help_format import ArgumentParser, chinese, examples
from juesuan.errors import JuesuanError

# sub-command modules ``juesuan.cli.<name>_command``, each with ``add_parser(subparsers)`` setting ``func``;
# one line per command so that commands can be added independently
COMMANDS: tuple[str, ...] = (
    "parse",
    "template",
    "compose",
    "check",
    "rules",
    "ingest",
    "reindex",
    "compare",
    "rank",
    "findings",
    "sql",
    "export",
    "serve",
    "user",
)


def build_parser() -> argparse.ArgumentParser:
    """The command's parser; build it (and parse with it) inside ``help_format.chinese()`` for Chinese help."""
    parser = ArgumentParser(
        prog="juesuan",
        description="部门决算工具：读取、审核、编制 (read, check and compose departmental final accounts)",
        epilog=examples(
            "juesuan parse 2024年决算.pdf                    # 读取，终端显示 9 张表",
            "juesuan check 2024年决算.pdf                    # 审核一份报告",
            "juesuan check 各部门/ --format html -o 结果/    # 审核整个文件夹，每份一个网页加索引",
            "juesuan template -o 决算填报.xlsx               # 空白填报工作簿",
            "juesuan compose 决算填报.xlsx -o 部门决算.pdf   # 由工作簿生成报告",
            "juesuan COMMAND --help                          # 每个子命令的用法和示例",
        ),
    )
    parser.add_argument("--version", action="version", version=f"juesuan {__version__}")
    sub = parser.add_subparsers(title="子命令 (commands)", dest="command", metavar="COMMAND")
    for name in COMMANDS:
        import_module(f"juesuan.cli.{name}_command").add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    with chinese():  # argparse's own words (用法, 选项, its errors) in Chinese, for the command only
        parser = build_parser()
        args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        with chinese():
            parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except JuesuanError as exc:
        print(f"juesuan: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("juesuan: 已中断 (interrupted)", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # last resort: a bug in juesuan, never the user's fault
        return _internal_error(args, exc)


# EX_SOFTWARE (sysexits.h): an internal software error
INTERNAL_ERROR_EXIT = 70


def _internal_error(args: argparse.Namespace, exc: Exception) -> int:
    """One line naming the file and the exception; the traceback only with JUESUAN_DEBUG=1."""
    if os.environ.get("JUESUAN_DEBUG") == "1":
        traceback.print_exception(exc, file=sys.stderr)
    files = [getattr(args, name, None) for name in ("file", "input", "source")]
    files += list(getattr(args, "files", None) or [])
    named = [str(f) for f in files if f]
    where = f"{named[0]}: " if len(named) == 1 else ""
    message = " ".join(str(exc).split())[:300]  # one line
    print(f"juesuan: {where}内部错误 (internal error): {type(exc).__name__}: {message}; please report it",
          file=sys.stderr)
    return INTERNAL_ERROR_EXIT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
