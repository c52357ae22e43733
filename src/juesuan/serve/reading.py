"""How the web app reads a file someone uploaded: in a process of its own with resource limits where the
library offers it (``juesuan.read_isolated``), else ``juesuan.read`` (the worker process that calls this is
bounded itself: juesuan.serve.workers).  The one place to change how uploads are read."""

from __future__ import annotations

from pathlib import Path

import juesuan
from juesuan.model import Report


def read_upload(path: Path) -> Report:
    isolated = getattr(juesuan, "read_isolated", None)
    return isolated(path) if isolated is not None else juesuan.read(path)
