"""Write an output file all at once: a temporary file beside it, renamed on success.

A failure part-way leaves no half-written file, and the user's input is never
touched (writing over the input file itself is refused).  The file gets the
permissions any new file gets (0644 under the usual umask 022), not the 0600
of the temporary file it was written as.

A target that is not a regular file is never replaced by one: a character device (/dev/stdout, /dev/null)
or a named pipe is written through (a pipe with no reader is refused rather than waited on); a symbolic
link keeps its place, and what it points to is written (through, or replaced atomically); a block device,
socket or folder is refused.  Every failure, the temporary file's included (a read-only file system, an
immutable folder, /proc), is an OutputError (exit 13).
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
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
    try:
        if not directory.is_dir():
            raise OutputError(str(target), "目录不存在 (no such directory)")
    except OSError as exc:
        raise OutputError(str(target), exc.strerror or str(exc)) from None
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


def _kind(target: Path) -> str:
    """What the target is, its links followed: missing | regular | through (a character device or a FIFO) |
    refused (a block device, a socket, a folder)."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        raise OutputError(str(target), exc.strerror or str(exc)) from None
    if stat.S_ISREG(mode):
        return "regular"
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return "through"
    if stat.S_ISDIR(mode):
        raise OutputError(str(target), "是目录 (a directory)")
    raise OutputError(str(target), "不是普通文件，不写入 (a block device or socket: not written)")


@contextmanager
def _through(target: Path, text: bool) -> Iterator[IO[Any]]:
    """Write straight into a device or a named pipe (no temporary file: it cannot be renamed over one)."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK)  # a pipe without a reader fails now, not never
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OutputError(str(target), "命名管道没有读取方 (a named pipe with no reader)") from None
        raise OutputError(str(target), exc.strerror or str(exc)) from None
    try:
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        fh: IO[Any] = os.fdopen(fd, "w", encoding="utf-8", newline="\n") if text else os.fdopen(fd, "wb")
    except OSError as exc:
        os.close(fd)
        raise OutputError(str(target), exc.strerror or str(exc)) from None
    try:
        with fh:
            yield fh
    except OSError as exc:
        raise OutputError(str(target), exc.strerror or str(exc)) from None


@contextmanager
def _atomic(path: str | Path, protect: tuple[Path, ...], text: bool) -> Iterator[IO[Any]]:
    named = Path(path)
    _check_target(named, protect)
    kind = _kind(named)
    if kind == "through":
        with _through(named, text) as stream:
            yield stream
        return
    # a symbolic link stays a link: the file it points to is the one replaced
    target = Path(os.path.realpath(named)) if named.is_symlink() else named
    directory = _check_target(target, protect)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise OutputError(str(named), exc.strerror or str(exc)) from None
    done = False
    try:
        fh: IO[Any] = os.fdopen(fd, "w", encoding="utf-8", newline="\n") if text else os.fdopen(fd, "wb")
        with fh:
            yield fh
        os.chmod(tmp, new_file_mode())
        os.replace(tmp, target)
        done = True
    except OSError as exc:
        raise OutputError(str(named), exc.strerror or str(exc)) from None
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
