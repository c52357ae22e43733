"""Work that must not run in the server process: reading an uploaded file, rendering one of its pages,
composing a report.  A ``WorkerPool`` runs such tasks in worker processes of its own, each bounded by an
address-space limit, a CPU-time limit per task and a wall-clock time per task.  A worker that dies (a
crash in a native library, the memory limit, the CPU limit) or overruns is killed and replaced; only its
task fails, with a reason a person can read (``TaskFailed``), and the server and the other tasks go on.

Workers are started from a fork server (no copy of the server's threads or connections) that has juesuan
imported already, and each serves task after task until it dies or the pool closes.  A pool for batch work
(reading uploads) runs its workers at a lower priority (``niceness``), so that pages people are waiting
for keep the processor.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import resource
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from juesuan.errors import JuesuanError

_SIGNAL_REASONS: dict[int, str] = {
    signal.SIGXCPU: "处理时间超出限制 (CPU time limit)",
    signal.SIGKILL: "处理进程被终止：内存或时间超出限制 (killed: memory or time limit)",
    signal.SIGSEGV: "处理进程崩溃 (the worker process crashed)",
    signal.SIGABRT: "处理进程崩溃：可能是内存不足 (the worker process aborted: out of memory?)",
    signal.SIGBUS: "处理进程崩溃 (the worker process crashed)",
}


class TaskFailed(Exception):
    """A task that could not finish: its worker died or ran out of time, or it raised."""

    def __init__(self, reason: str, error: JuesuanError | None = None, crashed: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.error = error  # the user error the task raised (a file that cannot be read), if that is what it was
        self.crashed = crashed


# ---- the worker process


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _set_soft(which: int, soft: int) -> None:
    _, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(which, (soft, hard))


def _serve(conn: Any, memory_bytes: int, cpu_seconds: int, niceness: int) -> None:
    """A worker's life: bound itself, then run the tasks it is sent until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops its workers itself
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if niceness:
        os.nice(niceness)
    if memory_bytes:
        _set_soft(resource.RLIMIT_AS, _address_space() + memory_bytes)
    while True:
        try:
            func, args = conn.recv()
        except (EOFError, OSError):
            return
        if cpu_seconds:  # this task's CPU budget, on top of what the worker has used so far
            used = resource.getrusage(resource.RUSAGE_SELF)
            _set_soft(resource.RLIMIT_CPU, int(used.ru_utime + used.ru_stime) + 1 + cpu_seconds)
        result: tuple[str, Any]
        try:
            result = ("ok", func(*args))
        except JuesuanError as exc:
            result = ("user", exc)
        except MemoryError:
            result = ("error", "内存超出限制 (memory limit)")
        except Exception as exc:
            result = ("error", f"处理出错 (task failed): {type(exc).__name__}: {' '.join(str(exc).split())[:200]}")
        try:
            conn.send(result)
        except Exception as exc:  # a result that cannot be pickled
            conn.send(("error", f"处理结果无法传回 (result not transferable): {type(exc).__name__}"))


@dataclass
class _Task:
    func: Callable[..., Any]
    args: tuple[Any, ...]
    timeout: float
    future: Future[Any]


class _Worker:
    def __init__(self, ctx: Any, memory_bytes: int, cpu_seconds: int, niceness: int) -> None:
        self.tasks = 0
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, memory_bytes, cpu_seconds, niceness), daemon=True)
        self.process.start()
        child.close()

    def run(self, task: _Task) -> Any:
        self.tasks += 1
        self.conn.send((task.func, task.args))
        if not self.conn.poll(task.timeout):
            self.kill()
            raise TaskFailed(f"处理超时：超过 {task.timeout:.0f} 秒 (timed out)", crashed=True)
        try:
            kind, value = self.conn.recv()
        except (EOFError, OSError):
            self.process.join(2)
            code = self.process.exitcode
            self.kill()
            reason = _SIGNAL_REASONS.get(-code, "处理进程意外退出 (the worker process died)") if code else \
                "处理进程意外退出 (the worker process died)"
            raise TaskFailed(reason, crashed=True) from None
        if kind == "ok":
            return value
        if kind == "user":
            raise TaskFailed(value.message, error=value)
        raise TaskFailed(str(value))

    @property
    def alive(self) -> bool:
        return bool(self.process.is_alive())

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


_PRELOAD = ["juesuan", "juesuan.serve.tasks", "juesuan.store.work"]
TASKS_PER_WORKER = 200  # then a fresh process (bounds any slow growth of a worker's memory)


class WorkerPool:
    """``size`` worker processes taking tasks from one queue."""

    def __init__(self, size: int, memory_bytes: int, cpu_seconds: int, name: str = "juesuan-worker",
                 niceness: int = 0) -> None:
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        self._ctx = multiprocessing.get_context(method)
        if method == "forkserver":
            self._ctx.set_forkserver_preload(_PRELOAD)
        self.size = size
        self._memory, self._cpu, self._nice = memory_bytes, cpu_seconds, niceness
        self._queue: queue.Queue[_Task | None] = queue.Queue()
        self._busy = 0
        self._lock = threading.Lock()
        self._live: set[_Worker] = set()
        self._closed = False
        self._threads = [threading.Thread(target=self._supervise, name=f"{name}-{i}", daemon=True) for i in range(size)]
        for thread in self._threads:
            thread.start()

    def submit(self, func: Callable[..., Any], *args: Any, timeout: float = 300.0) -> Future[Any]:
        future: Future[Any] = Future()
        self._queue.put(_Task(func, args, timeout, future))
        return future

    @property
    def waiting(self) -> int:
        return self._queue.qsize()

    @property
    def busy(self) -> int:
        return self._busy

    def _supervise(self) -> None:
        worker: _Worker | None = None
        try:
            while True:
                task = self._queue.get()
                if task is None:
                    return
                if not task.future.set_running_or_notify_cancel():
                    continue
                if self._closed:
                    task.future.set_exception(TaskFailed("服务正在停止 (the server is stopping)"))
                    continue
                with self._lock:
                    self._busy += 1
                try:
                    if worker is None or not worker.alive or worker.tasks >= TASKS_PER_WORKER:
                        if worker is not None:
                            self._forget(worker)
                        worker = _Worker(self._ctx, self._memory, self._cpu, self._nice)
                        with self._lock:
                            self._live.add(worker)
                            if self._closed:  # closed while it started: it runs nothing
                                worker.process.kill()
                    task.future.set_result(worker.run(task))
                except TaskFailed as exc:
                    if exc.crashed and worker is not None:
                        self._forget(worker)
                        worker = None
                    task.future.set_exception(exc)
                except Exception as exc:  # the pipe or the process could not be set up
                    if worker is not None:
                        self._forget(worker)
                    worker = None
                    reason = " ".join(str(exc).split())[:200]
                    task.future.set_exception(TaskFailed(f"无法启动处理进程 (cannot start a worker): {reason}",
                                                         crashed=True))
                finally:
                    with self._lock:
                        self._busy -= 1
        finally:
            if worker is not None:
                self._forget(worker)

    def _forget(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._live.discard(worker)

    def close(self) -> None:
        """Stop: tasks not started fail, running ones are stopped with their workers."""
        for _ in self._threads:
            self._queue.put(None)
        with self._lock:
            self._closed = True
            live = list(self._live)
        for worker in live:
            if worker.process.is_alive():
                worker.process.kill()
        for thread in self._threads:
            thread.join(10)
        while True:  # tasks nobody took
            try:
                task = self._queue.get_nowait()
            except queue.Empty:
                break
            if task is not None and not task.future.done():
                task.future.set_exception(TaskFailed("服务正在停止 (the server is stopping)"))
