"""Matching printed names: 科目 names across tables, income sources, 三公 items."""

from __future__ import annotations

import re

_NUMBERING = re.compile(r"^[（(]?[一二三四五六七八九十百零〇\d]+[)）、.．]\s*")
_NOISE = re.compile(r"[\s“”\"'‘’「」]|[（(](类|款|项)[)）]")


def normalize(name: str) -> str:
    """科目 name without numbering, spaces, quotes or (类) mark: '一、一般公共服务支出（类）' -> '一般公共服务支出'."""
    return _NOISE.sub("", _NUMBERING.sub("", name.strip()))


def same_name(a: str, b: str) -> bool:
    return normalize(a) == normalize(b)
