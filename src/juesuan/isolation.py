"""Read an untrusted file in a process of its own, with a memory and a CPU-time limit.

The measurements of juesuan.limits refuse what can be known before a library inflates it; whatever slips
past them (a deflate bomb in an embedded font, form XObjects nested in a way no scan foresaw, a bug in a
native library) can then only stop its own process: the parent sees the process die and refuses the file
in one line ("文件超出处理限制", exit 16), and the machine keeps its memory.

    report = juesuan.read_isolated("from-anyone.pdf")          # or juesuan.read(path, isolate=True)

The reading process is forked from the caller (a few milliseconds: juesuan is already imported) and hands
the Report back pickled through a pipe; where the caller runs threads (forking a threaded process can
deadlock it) a forkserver process is used instead.  The command line reads this way by default
(``--limit isolate=0`` reads in-process); ``juesuan check`` does it in each of its worker processes.
Limits: ``memory`` bounds the address space the reading may add to the process, ``cpu`` its CPU time;
a wall-clock allowance of four times the CPU limit catches a process that waits instead of working.
"""

from __future__ import annotations

import faulthandler
import gc
import os
import pickle
import resource
import selectors
import signal
import threading
import time
import traceback
from pathlib import Path
from typing import Any

from juesuan import limits as limits_
from juesuan.errors import JuesuanError, LimitExceeded
from juesuan.limits import Limits
from juesuan.model import Report

WALL_FACTOR = 4  # the wall-clock allowance, in CPU limits
_SIGNALS: dict[int, str] = {signal.SIGXCPU: "CPU 时间", signal.SIGKILL: "内存或时间", signal.SIGABRT: "内存",
                            signal.SIGSEGV: "内存", signal.SIGBUS: "内存"}


class IsolatedCrash(RuntimeError):
    """A bug (not the file's fault) in the reading process: its exception, passed on with its traceback."""

    def __init__(self, kind: str, message: str, trace: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.trace = trace


def read_isolated(path: str | Path, limits: Limits | None = None, ocr: str = "auto") -> Report:
    """``juesuan.read(path, ocr)`` in a process of its own, bounded by ``limits.memory`` and ``limits.cpu``."""
    chosen = limits or limits_.active()
    if threading.active_count() > 1:
        payload, status = _in_forkserver(str(path), chosen, ocr)
    else:
        payload, status = _forked(str(path), chosen, ocr)
    return _outcome(str(path), chosen, payload, status)


# ---- the child


def apply_process_limits(limits: Limits) -> None:
    """Bound this process: no core file, its address space to what it has now plus ``limits.memory``, and (for
    a process that reads one file) its CPU time to ``limits.cpu`` from now."""
    _apply_limits(limits)


def renew_cpu_budget(limits: Limits) -> None:
    """A worker process about to read its next file: ``limits.cpu`` more seconds from what it has used."""
    if limits.cpu_seconds:
        used = resource.getrusage(resource.RUSAGE_SELF)
        _lower(resource.RLIMIT_CPU, int(used.ru_utime + used.ru_stime) + 1 + limits.cpu_seconds, hard_extra=5,
               raise_soft=True)


def _apply_limits(limits: Limits, ocr: str = "never") -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a killed reader leaves no core file
    if limits.memory_bytes:
        ceiling = _address_space() + limits.memory_bytes
        _lower(resource.RLIMIT_AS, ceiling)
    if limits.cpu_seconds:
        used = resource.getrusage(resource.RUSAGE_SELF)
        spent = int(used.ru_utime + used.ru_stime) + 1
        # a reading that may OCR keeps its hard limit open, so that each page it OCRs can add to its budget
        # (allow_for_ocr); SIGXCPU at the soft limit still stops it, and the wall-clock allowance
        _lower(resource.RLIMIT_CPU, spent + limits.cpu_seconds, hard_extra=5 if ocr == "never" else 0)


# What reading a page image by OCR (juesuan.read.image) may take beyond the limits, which are set for reading a
# text layer: the recogniser's models, onnxruntime's arenas and threads (address space, once per process), and
# the page's recognition (CPU seconds per page: about five times what one core takes at 300 dpi).
OCR_ADDRESS_SPACE = 1536 * limits_.MiB
OCR_CPU_PER_PAGE = 10


_OCR_ROOM: list[bool] = []  # the recogniser's address space was given to this process


def allow_for_ocr() -> None:
    """This process is about to OCR a page: its soft limits grow by what that takes (never past a hard limit;
    the address space once per process, as the recogniser is loaded once).  A process without limits is left
    as it is."""
    _raise_soft(resource.RLIMIT_CPU, OCR_CPU_PER_PAGE)
    if not _OCR_ROOM:
        _OCR_ROOM.append(True)
        _raise_soft(resource.RLIMIT_AS, OCR_ADDRESS_SPACE)


def _raise_soft(which: int, extra: int) -> None:
    soft, hard = resource.getrlimit(which)
    if soft == resource.RLIM_INFINITY:
        return
    soft += extra
    resource.setrlimit(which, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))


def _lower(which: int, soft: int, hard_extra: int = 0, raise_soft: bool = False) -> None:
    """Set the soft limit (never above the hard one); a CPU limit also gets a hard limit a little above it, so
    that a process ignoring SIGXCPU is killed.  A hard limit is only ever lowered: a worker's CPU budget, renewed
    per file (``raise_soft``), keeps its hard limit unset."""
    _, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
        new_hard = hard if raise_soft else (min(hard, soft + hard_extra) if hard_extra else hard)
    else:
        new_hard = soft + hard_extra if hard_extra and not raise_soft else resource.RLIM_INFINITY
    resource.setrlimit(which, (soft, new_hard))


def _address_space() -> int:
    """The process's current virtual size (the reading adds its limit on top of what is already mapped)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _payload(path: str, limits: Limits, ocr: str = "auto") -> bytes:
    """What the child hands back: ("ok", report) | ("error", JuesuanError) | ("limit", what) | ("bug", ...)."""
    from juesuan.read import read

    result: tuple[Any, ...]
    try:
        result = ("ok", read(path, ocr=ocr, limits=limits))
    except JuesuanError as exc:
        result = ("error", exc)
    except MemoryError:
        result = ("limit", "memory")
    except RecursionError:
        result = ("limit", "recursion")
    except Exception as exc:
        result = ("bug", type(exc).__name__, " ".join(str(exc).split())[:300], traceback.format_exc())
    try:
        return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        return pickle.dumps(("limit", "memory"))


def _child_main(path: str, limits: Limits, fd: int, ocr: str = "auto") -> None:
    try:
        faulthandler.disable()  # a reader stopped at its limit is reported by the parent, not dumped on stderr
        _apply_limits(limits, ocr)
        data = _payload(path, limits, ocr)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:  # nothing may escape a forked child: the parent reads its silence as a failure
        os._exit(3)


# ---- the parent


def _forked(path: str, limits: Limits, ocr: str = "auto") -> tuple[bytes, int]:
    read_end, write_end = os.pipe()
    gc.freeze()  # the parent's objects stay out of the child's collections: fewer copy-on-write page faults
    try:
        pid = os.fork()
    except OSError:
        gc.unfreeze()
        raise
    if pid != 0:
        gc.unfreeze()
    if pid == 0:  # the child: read, hand the result back, and leave without running the parent's cleanups
        os.close(read_end)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        _child_main(path, limits, write_end, ocr)
        os._exit(0)
    os.close(write_end)
    try:
        data = _collect(read_end, pid, path, limits)
    except BaseException:  # interrupted (Ctrl-C): the child goes too
        _kill(pid)
        raise
    finally:
        os.close(read_end)
    _, status = os.waitpid(pid, 0)
    return data, status


def _collect(fd: int, pid: int, path: str, limits: Limits) -> bytes:
    """Everything the child writes, until it closes the pipe; the child is killed past the wall-clock allowance."""
    deadline = time.monotonic() + WALL_FACTOR * limits.cpu_seconds if limits.cpu_seconds else None
    chunks: list[bytes] = []
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not selector.select(timeout):
                spent = _cpu_seconds(pid)
                _kill(pid)
                raise _timed_out(path, limits, spent)
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _forkserver_target(path: str, limits: Limits, conn: Any, ocr: str = "auto") -> None:
    faulthandler.disable()
    _apply_limits(limits, ocr)
    conn.send_bytes(_payload(path, limits, ocr))
    conn.close()


def _in_forkserver(path: str, limits: Limits, ocr: str = "auto") -> tuple[bytes, int]:
    """The same in a process started by a forkserver (safe from a threaded caller)."""
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_forkserver_target, args=(path, limits, send, ocr), daemon=True)
    process.start()
    send.close()
    wait = WALL_FACTOR * limits.cpu_seconds if limits.cpu_seconds else None
    data = b""
    try:
        if receive.poll(wait):
            data = receive.recv_bytes()
        else:
            spent = _cpu_seconds(process.pid) if process.pid else 0.0
            process.kill()
            process.join()
            raise _timed_out(path, limits, spent)
    except EOFError:
        pass
    finally:
        receive.close()
    process.join()
    code = process.exitcode or 0
    status = (-code) & 0x7F if code < 0 else code << 8  # as os.waitpid reports it
    return data, status


def _outcome(path: str, limits: Limits, data: bytes, status: int) -> Report:
    if data:
        result = pickle.loads(data)  # written by our own child process
        if result[0] == "ok":
            report: Report = result[1]
            return report
        if result[0] == "error":
            exc: JuesuanError = result[1]
            raise exc
        if result[0] == "limit":
            raise _killed(path, limits, "内存" if result[1] == "memory" else "嵌套层数")
        raise IsolatedCrash(result[1], result[2], result[3])
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        raise _killed(path, limits, _SIGNALS.get(sig, "内存"), signal.Signals(sig).name)
    raise _killed(path, limits, "内存", f"exit {os.WEXITSTATUS(status)}")


def _cpu_seconds(pid: int) -> float:
    """CPU time a live child has used (user + system), from /proc; 0 where it cannot be told."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _timed_out(path: str, limits: Limits, spent: float = 0.0) -> LimitExceeded:
    """The wall-clock allowance passed. A child that had used its CPU time by then was working on a busy
    machine (its CPU limit's signal had not come yet): it is said to have run out of CPU time, as it did."""
    if spent >= limits.cpu_seconds:
        return _killed(path, limits, "CPU 时间")
    wall = WALL_FACTOR * limits.cpu_seconds
    return LimitExceeded(path, f"读取进程运行超过 {wall} 秒（CPU 时间上限 {limits.cpu_seconds} 秒的 {WALL_FACTOR} 倍）"
                               f"而被终止 (the reading process ran past its wall-clock allowance; --limit cpu=N)")


def _killed(path: str, limits: Limits, what: str, how: str = "") -> LimitExceeded:
    return LimitExceeded(path, stopped_message(limits, what, how))


def limits_text(limits: Limits) -> str:
    """The process limits, for a message: 内存 1 GB、CPU 120 秒."""
    caps = []
    if limits.memory_bytes:
        caps.append(f"内存 {limits_.size_text(limits.memory_bytes)}")
    if limits.cpu_seconds:
        caps.append(f"CPU {limits.cpu_seconds} 秒")
    return "、".join(caps) or "无"


def stopped_message(limits: Limits, what: str, how: str = "") -> str:
    """Why a reading process stopped: which limit, what the limits are, how to raise them."""
    cap = limits_text(limits)
    stopped = f"（{how}）" if how else ""
    english = {"内存": "memory", "CPU 时间": "CPU-time", "嵌套层数": "nesting"}.get(what, "memory or CPU-time")
    return (f"读取进程超出{what}上限而终止{stopped}；上限：{cap} "
            f"(the reading process was stopped at its {english} limit; --limit memory=N / cpu=N 可调整)")
