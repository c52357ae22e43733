"""How the web app reads a file someone uploaded: in a process of its own with resource limits
(``juesuan.read_isolated``), else ``juesuan.read`` (the worker process that calls this is bounded itself:
juesuan.serve.workers).  The one place to change how uploads are read."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import juesuan
from juesuan.model import Report


def read_upload(path: Path) -> Report:
    if multiprocessing.current_process().daemon and threading.active_count() > 1:
        # a Dask worker: daemonic and threaded, it may start no process of its own (read_isolated would ask a
        # forkserver for one); the file's limits still apply, and the Dask nanny bounds the worker's memory
        return juesuan.read(path)
    return juesuan.read_isolated(path)
