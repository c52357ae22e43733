"""Write an output file all at once: a temporary file beside it, renamed on success.

A failure part-way leaves no half-written file, and the user's input is never
touched (writing over the input file itself is refused).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from juesuan.errors import OutputError


def write_output(path: str | Path, data: str | bytes, protect: tuple[Path, ...] = ()) -> None:
    target = Path(path)
    for p in protect:
        try:
            if target.resolve() == p.resolve():
                raise OutputError(str(target), "输出文件不能覆盖输入文件 (would overwrite the input)")
        except OSError:
            continue
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(str(target), "目录不存在 (no such directory)")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise OutputError(str(target), exc.strerror or str(exc)) from None
