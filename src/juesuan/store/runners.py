"""Where the work runs: in this process, in a pool of local processes, or on a Dask cluster.

Each runner maps a function over items and yields ``(item, result)`` as results arrive, keeping only a
bounded number of tasks in flight (memory stays flat however many files there are).  A task that raises,
or whose worker dies, yields a ``TaskFailure`` instead of stopping the run.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from typing import Any, Protocol

# tasks a worker runs before it is replaced by a fresh process (bounds any slow growth of its memory)
TASKS_PER_WORKER = 200


@dataclass
class TaskFailure:
    """A task that raised, or whose worker died: the item it was given and why."""

    reason: str
    crashed: bool = False  # the worker process died (a crash, the OOM killer), not an exception


class Runner(Protocol):
    workers: int

    def run(self, func: Callable[..., Any], items: Iterable[Any]) -> Iterator[tuple[Any, Any]]: ...

    def close(self, cancel: bool = False) -> None: ...


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"


class InProcessRunner:
    """Everything in this process, one item after another (``--workers 0``: tests, debugging)."""

    workers = 1

    def run(self, func: Callable[..., Any], items: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
        for item in items:
            try:
                yield item, func(item)
            except Exception as exc:
                yield item, TaskFailure(_describe(exc))

    def close(self, cancel: bool = False) -> None:
        pass


def _ignore_interrupt() -> None:
    """Workers leave Ctrl-C to the client, which stops them and saves what is finished."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class ProcessRunner:
    """A pool of local worker processes (forkserver: no copy of the client's threads or connections)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context(method),
                                   initializer=_ignore_interrupt, max_tasks_per_child=TASKS_PER_WORKER)

    def run(self, func: Callable[..., Any], items: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
        """When a worker dies, every task then in the pool is a suspect: each is run again alone, so the
        one that kills its worker is found and failed, and the others succeed."""
        source = iter(items)
        in_flight: dict[Future[Any], tuple[Any, bool]] = {}  # future -> (item, run alone)
        suspects: list[Any] = []

        def top_up() -> None:
            if suspects:
                if not in_flight:
                    item = suspects.pop(0)
                    in_flight[self._pool.submit(func, item)] = (item, True)
                return
            while len(in_flight) < self.workers * 2:
                item = next(source, _END)
                if item is _END:
                    return
                in_flight[self._pool.submit(func, item)] = (item, False)

        top_up()
        while in_flight:
            done, _ = wait(list(in_flight), return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                item, alone = in_flight.pop(future)
                try:
                    yield item, future.result()
                except BrokenProcessPool:
                    broken = True
                    if alone:
                        yield item, TaskFailure("处理进程崩溃 (the worker process died)", crashed=True)
                    else:
                        suspects.append(item)
                except Exception as exc:
                    yield item, TaskFailure(_describe(exc))
            if broken:
                suspects.extend(item for item, _ in in_flight.values())
                in_flight.clear()
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()
            top_up()

    def close(self, cancel: bool = False) -> None:
        self._pool.shutdown(wait=True, cancel_futures=cancel)


_END = object()


class DaskRunner:
    """Tasks on a Dask distributed cluster (``tcp://HOST:8786``); workers need juesuan and the files."""

    def __init__(self, address: str) -> None:
        from distributed import Client

        from juesuan.store.errors import ClusterUnavailable

        try:
            self._client = Client(address, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterUnavailable(address, " ".join(str(exc).split())[:200]) from None
        self.workers = max(1, sum(w.get("nthreads", 1) for w in
                                  self._client.scheduler_info().get("workers", {}).values()))

    def run(self, func: Callable[..., Any], items: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
        from distributed import as_completed

        source = iter(items)
        owner: dict[Any, Any] = {}
        queue = as_completed()

        def submit(item: Any) -> None:
            future = self._client.submit(func, item, pure=False)
            owner[future.key] = item
            queue.add(future)

        for item in islice(source, self.workers * 2):
            submit(item)
        for future in queue:
            item = owner.pop(future.key)
            try:
                yield item, future.result()
            except Exception as exc:  # KilledWorker (the worker died on it) or the task's own exception
                yield item, TaskFailure(_describe(exc), crashed=type(exc).__name__ == "KilledWorker")
            future.release()
            nxt = next(source, _END)
            if nxt is not _END:
                submit(nxt)

    def close(self, cancel: bool = False) -> None:
        self._client.close()


def make_runner(workers: int | None = None, dask: str | None = None) -> Runner:
    if dask:
        return DaskRunner(dask)
    if workers == 0:
        return InProcessRunner()
    return ProcessRunner(workers)
