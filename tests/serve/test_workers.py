"""The worker pool: a task that crashes its worker, overruns its time, runs out of memory or CPU time fails
alone with a reason a person can read; the pool replaces the worker and goes on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from juesuan.errors import DamagedPdf
from juesuan.serve.workers import TaskFailed, WorkerPool
from tests.serve import worker_tasks as t

MiB = 1 << 20


@pytest.fixture(scope="module")
def pool() -> Iterator[WorkerPool]:
    p = WorkerPool(1, memory_bytes=512 * MiB, cpu_seconds=3, name="test-worker")
    yield p
    p.close()


def _fails(pool: WorkerPool, func: object, *args: object, timeout: float = 60) -> TaskFailed:
    with pytest.raises(TaskFailed) as info:
        pool.submit(func, *args, timeout=timeout).result(120)  # type: ignore[arg-type]
    return info.value


def test_tasks_run_in_a_worker_process_that_is_kept(pool: WorkerPool) -> None:
    import os

    assert pool.submit(t.square, 7).result(60) == 49
    first = pool.submit(t.pid).result(60)
    assert first != os.getpid() and pool.submit(t.pid).result(60) == first


def test_a_crash_fails_its_task_only(pool: WorkerPool) -> None:
    before = pool.submit(t.pid).result(60)
    failed = _fails(pool, t.killed)
    assert failed.crashed and "内存或时间" in failed.reason
    assert "崩溃" in _fails(pool, t.aborts).reason
    after = pool.submit(t.pid).result(60)
    assert after != before and pool.submit(t.square, 3).result(60) == 9


def test_a_task_past_its_time_is_stopped(pool: WorkerPool) -> None:
    failed = _fails(pool, t.sleeps, 30, timeout=1)
    assert failed.crashed and "处理超时：超过 1 秒" in failed.reason
    assert pool.submit(t.square, 4).result(60) == 16


def test_cpu_and_memory_limits(pool: WorkerPool) -> None:
    assert "处理时间超出限制" in _fails(pool, t.spins).reason
    assert "内存" in _fails(pool, t.eats_memory).reason
    assert pool.submit(t.square, 5).result(60) == 25


def test_errors_of_the_file_and_bugs(pool: WorkerPool) -> None:
    failed = _fails(pool, t.user_error, "x.pdf")
    assert isinstance(failed.error, DamagedPdf) and failed.reason == "x.pdf: PDF 文件损坏 (damaged PDF): xref 表损坏"
    assert not failed.crashed
    assert "KeyError" in _fails(pool, t.bug).reason


def test_closing_fails_what_was_not_run() -> None:
    p = WorkerPool(1, memory_bytes=0, cpu_seconds=0)
    running = p.submit(t.sleeps, 30, timeout=60)
    waiting = p.submit(t.square, 2)
    p.close()
    for future in (running, waiting):
        with pytest.raises(TaskFailed):
            future.result(30)


def test_a_worker_is_replaced_after_many_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    from juesuan.serve import workers

    monkeypatch.setattr(workers, "TASKS_PER_WORKER", 2)
    p = WorkerPool(1, memory_bytes=0, cpu_seconds=0)
    try:
        pids = [p.submit(t.pid).result(60) for _ in range(5)]
    finally:
        p.close()
    assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4]
