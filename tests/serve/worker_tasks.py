"""Tasks for the worker pool's tests, importable by the worker processes."""

from __future__ import annotations

import os
import signal
import time

from juesuan.errors import DamagedPdf


def square(n: int) -> int:
    return n * n


def pid() -> int:
    return os.getpid()


def killed() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def aborts() -> None:
    os.abort()


def sleeps(seconds: float) -> None:
    time.sleep(seconds)


def spins() -> None:
    while True:
        pass


def eats_memory() -> int:
    blocks = []
    while True:
        blocks.append(bytearray(64 << 20))
        blocks[-1][::4096] = b"x" * len(blocks[-1][::4096])
    return len(blocks)


def user_error(name: str) -> None:
    raise DamagedPdf(name, "xref 表损坏")


def bug() -> None:
    raise KeyError("a bug")
