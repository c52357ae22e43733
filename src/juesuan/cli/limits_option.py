"""``--limit NAME=VALUE``: the processing limits of a run (juesuan.limits), on every command that reads a file."""

from __future__ import annotations

import argparse
from typing import Any

from juesuan.limits import SPECS, Limits, for_run


def add_limit_option(parser: Any) -> None:
    names = "、".join(SPECS)
    parser.add_argument(
        "--limit", action="append", default=[], metavar="NAME=VALUE",
        help=f"处理限制，如 pages=5000、file=512MB、memory=4GB；0 表示不限；可重复。可用：{names}。"
             "项目设置写在 juesuan.toml 的 [limits] 中 (processing limits; see README)")


def run_limits(args: argparse.Namespace) -> Limits:
    """The defaults, juesuan.toml's [limits] (--config, or the working folder's unless --no-config), --limit."""
    config = getattr(args, "config", None)
    return for_run(getattr(args, "limit", None) or [], config, not getattr(args, "no_config", False))
