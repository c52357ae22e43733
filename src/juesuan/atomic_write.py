"""Write an output file all at once: a temporary file beside it, renamed on success.

A failure part-way leaves no half-written file, and the user's input is never
touched (writing over the input file itself is refused).  The file gets the
permissions any new file gets (0644 under the usual umask 022), not the 0600
of the temporary file it was written as.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from juesuan.errors import OutputError


def _current_umask() -> int:
    mask = os.umask(0)  # the only portable way to read it is to set it
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The permissions ``open()`` would give a new file: 0666 less the umask."""
    return 0o666 & ~_current_umask()


def _check_target(target: Path, protect: tuple[Path, ...]) -> Path:
    for p in protect:
        try:
            if target.resolve() == p.resolve():
                raise OutputError(str(target), "输出文件不能覆盖输入文件 (would overwrite the input)")
        except OSError:
            continue
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(str(target), "目录不存在 (no such directory)")
    return directory


@contextmanager
def open_output(path: str | Path, protect: tuple[Path, ...] = ()) -> Iterator[IO[str]]:
    """A text file to write ``path`` through, piece by piece; it appears under its name only when the block succeeds.

    For outputs written as results arrive (a batch of many reports), so that
    nothing has to be held in memory and an interrupted run leaves nothing behind.
    """
    with _atomic(path, protect, text=True) as fh:
        yield fh


@contextmanager
def open_binary_output(path: str | Path, protect: tuple[Path, ...] = ()) -> Iterator[IO[bytes]]:
    """As ``open_output``, for bytes (a workbook)."""
    with _atomic(path, protect, text=False) as fh:
        yield fh


@contextmanager
def _atomic(path: str | Path, protect: tuple[Path, ...], text: bool) -> Iterator[IO[Any]]:
    target = Path(path)
    directory = _check_target(target, protect)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise OutputError(str(target), exc.strerror or str(exc)) from None
    done = False
    try:
        fh: IO[Any] = os.fdopen(fd, "w", encoding="utf-8", newline="\n") if text else os.fdopen(fd, "wb")
        with fh:
            yield fh
        os.chmod(tmp, new_file_mode())
        os.replace(tmp, target)
        done = True
    except OSError as exc:
        raise OutputError(str(target), exc.strerror or str(exc)) from None
    finally:
        if not done:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def write_output(path: str | Path, data: str | bytes, protect: tuple[Path, ...] = ()) -> None:
    """Write ``data`` to ``path`` all at once."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with _atomic(path, protect, text=False) as fh:
        fh.write(payload)
