"""argparse in Chinese: its own words ("usage", "options", missing-argument errors) and an examples section.

argparse looks its words up through gettext (``argparse._`` and
``argparse.ngettext``) each time it uses them.  ``chinese()`` puts a small
catalogue in their place for as long as the ``juesuan`` command builds and
parses its arguments, and restores them after, so that nothing outside the
command (a program importing juesuan) changes.  The catalogue is keyed by
argparse's own message ids: a word it does not hold stays in English.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

MESSAGES: dict[str, str] = {
    "usage: ": "用法: ",
    "positional arguments": "参数 (arguments)",
    "options": "选项 (options)",
    "optional arguments": "选项 (options)",
    "show this help message and exit": "显示本帮助并退出 (show this help)",
    "show program's version number and exit": "显示版本号并退出 (show the version)",
    "%(prog)s: error: %(message)s\n": "%(prog)s: 错误: %(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数 (required): %s",
    "unrecognized arguments: %s": "无法识别的参数 (unrecognized): %s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项值 %(value)r，可选：%(choices)s (invalid choice)",
    "invalid %(type)s value: %(value)r": "无效的值 %(value)r，应为 %(type)s (invalid value)",
    "expected one argument": "需要一个值 (expected one argument)",
    "expected at most one argument": "最多一个值 (expected at most one argument)",
    "expected at least one argument": "至少需要一个值 (expected at least one argument)",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s (ambiguous)",
    "not allowed with argument %s": "不能与 %s 同时使用 (not allowed together)",
    "one of the arguments %s is required": "需要 %s 之一 (one of them is required)",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "没有子命令 %(parser_name)r，可用：%(choices)s (unknown command)",
    "can't open '%(filename)s': %(error)s": "无法打开 '%(filename)s': %(error)s",
    "ignored explicit argument %r": "多余的值 %r (ignored explicit argument)",
    "unexpected option string: %s": "意外的选项 %s (unexpected option)",
}

PLURALS: dict[str, str] = {
    "expected %s argument": "需要 %s 个值 (expected that many arguments)",
    "conflicting option string: %s": "选项冲突 (conflicting option): %s",
}


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return PLURALS.get(singular) or (singular if n == 1 else plural)


@contextmanager
def chinese() -> Iterator[None]:
    saved = (getattr(argparse, "_"), getattr(argparse, "ngettext"))  # noqa: B009
    setattr(argparse, "_", _gettext)  # noqa: B010
    setattr(argparse, "ngettext", _ngettext)  # noqa: B010
    try:
        yield
    finally:
        setattr(argparse, "_", saved[0])  # noqa: B010
        setattr(argparse, "ngettext", saved[1])  # noqa: B010


# a CJK character (or full-width punctuation) alone, a run of other non-space characters, or spaces
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_TOKENS = re.compile(f"[{_CJK}]|[^\\s{_CJK}]+|\\s+")
_NO_LINE_START = set("，。、；：！？）】》”’,.;:!?)")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns, a CJK character counting two; Chinese breaks between any two
    characters, other text at spaces, and no line starts with a closing mark."""
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(" ".join(text.split())):
        if token.isspace():
            if line:
                line += " "
            continue
        if line and display_width(line + token) > width and token not in _NO_LINE_START:
            lines.append(line.rstrip())
            line = ""
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions and examples keep their line breaks (the examples are commands, one a line); option
    help wraps by display width, so that Chinese lines are as wide as English ones."""

    def __init__(self, prog: str, **kwargs: Any) -> None:
        kwargs.setdefault("max_help_position", 32)
        super().__init__(prog, **kwargs)

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)


class ArgumentParser(argparse.ArgumentParser):
    """The parser of the command and of every sub-command (subparsers take their parent's class)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)


def examples(*lines: str) -> str:
    """An epilog of example commands: ``examples("juesuan check a.pdf   # 说明", ...)``."""
    return "示例 (examples):\n" + "\n".join(f"  {line}" for line in lines)
