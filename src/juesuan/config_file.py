"""juesuan.toml: one table of it read, every way of failing a ConfigError (设置有误) naming the file.

Its tables belong to the stages that use them: ``[check]`` (check/config.py) and ``[limits]`` (limits.py).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from juesuan.errors import ConfigError

CONFIG_NAME = "juesuan.toml"


def read_table(path: str | Path, name: str) -> dict[str, Any]:
    """The table ``[name]`` of the TOML file at ``path`` ({} where the file has none)."""
    where = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(where, "文件不存在 (no such file)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(where, f"无法读取 (cannot read): {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(where, f"不是有效的 TOML (not valid TOML): {exc}") from None
    section = data.get(name, {})
    if not isinstance(section, dict):
        raise ConfigError(where, f"[{name}] 应是一个表 (must be a table)")
    return section
