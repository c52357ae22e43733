"""Processing limits: how big a file, how many pages, how much inflated data a reader will take on.

Every input is measured against these before the expensive step (a PDF's streams before PDFium inflates
them, a workbook's parts before openpyxl parses them, a JSON file before it is decoded); a file beyond a
limit is refused with one line naming the limit and the value (``juesuan.errors.LimitExceeded``, exit 16),
within seconds and in bounded memory.  The defaults fit a laptop and are far above any real report
(a 50-page report: 1 MB of page content, 600 objects and 3,000 characters a page); a project changes
them in ``juesuan.toml``::

    [limits]
    pages = 5000
    file = "512MB"

and a run with ``--limit pages=5000 --limit file=512MB``.  0 switches a limit off.  ``memory`` and
``cpu`` bound the reading process itself (juesuan.isolation): a file that slips past the measurements
stops its own process, not the machine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from juesuan.config_file import CONFIG_NAME, read_table
from juesuan.errors import ConfigError, LimitExceeded

KiB = 1 << 10
MiB = 1 << 20
GiB = 1 << 30


@dataclass(frozen=True)
class Limits:
    """The limits of one run; 0 means no limit."""

    file_bytes: int = 256 * MiB  # any input file, as stored
    pages: int = 2000
    stream_bytes: int = 16 * MiB  # one PDF content stream, form or object stream, or one XLSX part, inflated
    document_bytes: int = 256 * MiB  # all of them together
    image_bytes: int = 256 * MiB  # one image's pixels, decoded (page images, OCR)
    objects_per_page: int = 200_000  # PDF page objects, form XObjects counted as drawn
    chars_per_page: int = 100_000
    sheet_rows: int = 100_000  # rows holding a value, per worksheet
    sheet_columns: int = 1_000
    workbook_cells: int = 1_000_000  # cells holding a value, per workbook
    json_bytes: int = 32 * MiB
    json_depth: int = 64
    text_bytes: int = 16 * MiB
    memory_bytes: int = 1 * GiB  # address space the reading process may add (juesuan.isolation)
    cpu_seconds: int = 120  # CPU time of the reading process
    isolate: bool = True  # read untrusted files in a process of their own (the CLI; juesuan.read_isolated)


@dataclass(frozen=True)
class _Spec:
    field: str
    label: str  # 中文, for messages
    unit: str  # bytes | count | seconds | bool


# the names a user writes (--limit NAME=VALUE, juesuan.toml [limits]), in the order of the help text
SPECS: dict[str, _Spec] = {
    "file": _Spec("file_bytes", "文件大小", "bytes"),
    "pages": _Spec("pages", "页数", "count"),
    "stream": _Spec("stream_bytes", "单个数据流解压后大小", "bytes"),
    "document": _Spec("document_bytes", "全部数据流解压后大小", "bytes"),
    "image": _Spec("image_bytes", "单个图像解码后大小", "bytes"),
    "objects": _Spec("objects_per_page", "每页对象数", "count"),
    "chars": _Spec("chars_per_page", "每页字符数", "count"),
    "rows": _Spec("sheet_rows", "工作表行数", "count"),
    "columns": _Spec("sheet_columns", "工作表列数", "count"),
    "cells": _Spec("workbook_cells", "工作簿单元格数", "count"),
    "json": _Spec("json_bytes", "JSON 大小", "bytes"),
    "json-depth": _Spec("json_depth", "JSON 嵌套层数", "count"),
    "text": _Spec("text_bytes", "文本大小", "bytes"),
    "memory": _Spec("memory_bytes", "读取进程内存", "bytes"),
    "cpu": _Spec("cpu_seconds", "读取进程 CPU 时间", "seconds"),
    "isolate": _Spec("isolate", "独立进程读取", "bool"),
}
_BY_FIELD = {spec.field: name for name, spec in SPECS.items()}

_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([KMGT]?)(I?B?)", re.IGNORECASE)
_SCALE = {"": 1, "K": KiB, "M": MiB, "G": GiB, "T": 1 << 40}
_TRUE = {"1", "true", "yes", "on", "是"}
_FALSE = {"0", "false", "no", "off", "否"}


def size_text(n: int) -> str:
    """A byte count for a person: 256 MB, 1.5 GB, 900 KB, 12 B (binary multiples)."""
    for unit, scale in (("GB", GiB), ("MB", MiB), ("KB", KiB)):
        if n >= scale:
            value = n / scale
            return f"{value:.0f} {unit}" if value >= 10 or value == int(value) else f"{value:.1f} {unit}"
    return f"{n} B"


def value_text(name: str, value: int) -> str:
    unit = SPECS[name].unit
    if unit == "bytes":
        return size_text(value)
    if unit == "seconds":
        return f"{value} 秒"
    return f"{value:,}"


def _parse_value(name: str, raw: object, where: str) -> int | bool:
    spec = SPECS[name]
    text = str(raw).strip()
    if spec.unit == "bool":
        if isinstance(raw, bool):
            return raw
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ConfigError(where, f"{name} 应为 true 或 false (expected true or false): {raw!r}")
    if isinstance(raw, bool):
        raise ConfigError(where, f"{name} 应为数字 (expected a number): {raw!r}")
    if spec.unit == "bytes":
        m = _SIZE.fullmatch(text)
        if m:
            return int(float(m.group(1)) * _SCALE[m.group(2).upper()])
    elif spec.unit == "seconds":
        m = re.fullmatch(r"(\d+)\s*(?:s|秒)?", text, re.IGNORECASE)
        if m:
            return int(m.group(1))
    elif re.fullmatch(r"\d[\d_]*", text):
        return int(text.replace("_", ""))
    example = {"bytes": "512MB", "seconds": "300", "count": "5000"}[spec.unit]
    raise ConfigError(where, f"{name} 的值不对 (bad value) {raw!r}：应写成如 {name}={example}，0 表示不限")


def _name(key: str, where: str) -> str:
    name = key.strip().lower().replace("_", "-")
    if name in SPECS:
        return name
    if name.replace("-", "_") in _BY_FIELD:  # the field name itself (file_bytes) is accepted too
        return _BY_FIELD[name.replace("-", "_")]
    raise ConfigError(where, f"没有这个限制 (no such limit): {key!r}；可用 {', '.join(SPECS)}")


def with_settings(base: Limits, settings: Mapping[str, object], where: str) -> Limits:
    """``base`` with the named limits changed (names as users write them; values checked)."""
    changes: dict[str, Any] = {}
    for key, raw in settings.items():
        name = _name(key, where)
        changes[SPECS[name].field] = _parse_value(name, raw, where)
    return replace(base, **changes)


def from_arguments(items: Sequence[str], base: Limits | None = None) -> Limits:
    """``--limit pages=5000 --limit file=512MB,stream=64MB``."""
    settings: dict[str, str] = {}
    for item in items:
        for part in (p for p in item.split(",") if p.strip()):
            key, sep, value = part.partition("=")
            if not sep:
                raise ConfigError("--limit", f"应写成 名称=值，如 pages=5000 (expected NAME=VALUE): {part!r}")
            settings[key] = value
    return with_settings(base or Limits(), settings, "--limit")


def from_toml(path: str | Path, base: Limits | None = None) -> Limits:
    """The ``[limits]`` table of a juesuan.toml (none: the defaults)."""
    where = str(path)
    section = read_table(path, "limits")
    return with_settings(base or Limits(), section, where)


def for_run(arguments: Sequence[str] = (), config: str | Path | None = None, use_config: bool = True) -> Limits:
    """A run's limits: the defaults, then juesuan.toml's [limits] (``config``, or the working folder's), then
    ``--limit`` arguments."""
    base = Limits()
    if config is not None:
        base = from_toml(config, base)
    elif use_config:
        found = Path.cwd() / CONFIG_NAME
        if found.is_file():
            base = from_toml(found, base)
    return from_arguments(arguments, base)


# ---- the limits in force while a file is read: readers deep inside (a page of a PDF) look them up here

DEFAULT = Limits()
_ACTIVE: ContextVar[Limits | None] = ContextVar("juesuan_limits", default=None)


def active() -> Limits:
    return _ACTIVE.get() or DEFAULT


@contextmanager
def applied(limits: Limits) -> Iterator[Limits]:
    token = _ACTIVE.set(limits)
    try:
        yield limits
    finally:
        _ACTIVE.reset(token)


def refusal(path: str | Path | None, name: str, value: int, limit: int, what: str = "",
            at_least: bool = False) -> LimitExceeded:
    """The one-line refusal: the limit's name, the value found (``at_least``: where counting stopped), the limit,
    and how to raise it."""
    label = SPECS[name].label
    where = f"{what}：" if what else ""
    found = f"至少 {value_text(name, value)}" if at_least else value_text(name, value)
    return LimitExceeded(None if path is None else str(path),
                         f"{where}{label} {found}，超过上限 {value_text(name, limit)} "
                         f"({name} {'>= ' if at_least else ''}{value} > {limit}; "
                         f"--limit {name}=N 或 juesuan.toml [limits] 可调整)")


def check(path: str | Path | None, name: str, value: int, limits: Limits | None = None, what: str = "",
          at_least: bool = False) -> None:
    """Raise the refusal when ``value`` is beyond the limit ``name`` (unless that limit is 0: off)."""
    limit = int(getattr(limits or active(), SPECS[name].field))
    if limit and value > limit:
        raise refusal(path, name, value, limit, what, at_least)


def limit_of(name: str, limits: Limits | None = None) -> int:
    """The limit ``name`` in force (0: none)."""
    return int(getattr(limits or active(), SPECS[name].field))


assert {f.name for f in fields(Limits)} == set(_BY_FIELD), "every limit has a name"
