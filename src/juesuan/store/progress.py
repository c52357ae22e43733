"""The ingest progress bar (rich): files done of all, reports/s, pages/s, failures so far, ETA."""

from __future__ import annotations

import sys
import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from juesuan.store.records import ReportRecord


class RichProgress:
    """A live bar on stderr; lines (failures) are printed above it."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self._progress = Progress(
            TextColumn("入库 (ingest)"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:.1f} 份/s (reports/s)"),
            TextColumn("{task.fields[pages_rate]:.0f} 页/s (pages/s)"),
            TextColumn("失败 {task.fields[failed]} (failed)"),
            TextColumn("剩余 (ETA)"),
            TimeRemainingColumn(),
            console=self.console,
            transient=False,
        )
        self._task: TaskID | None = None
        self._started = time.monotonic()
        self._read = self._pages = self._failed = 0

    def start(self, total: int) -> None:
        self._started = time.monotonic()
        self._progress.start()
        self._task = self._progress.add_task("ingest", total=total, rate=0.0, pages_rate=0.0, failed=0)

    def skipped(self, n: int) -> None:
        if self._task is not None:
            self._progress.update(self._task, advance=n)

    def done(self, record: ReportRecord) -> None:
        self._read += 1
        self._pages += record.pages or 0
        self._failed += record.status != "ok"
        elapsed = max(time.monotonic() - self._started, 1e-6)
        if self._task is not None:
            self._progress.update(self._task, advance=1, rate=self._read / elapsed, pages_rate=self._pages / elapsed,
                                  failed=self._failed)

    def note(self, line: str) -> None:
        self._progress.console.print(line, markup=False, highlight=False)

    def stop(self) -> None:
        self._progress.stop()


class LineProgress:
    """Without a terminal: failures as lines on stderr, no bar."""

    def start(self, total: int) -> None:
        pass

    def skipped(self, n: int) -> None:
        pass

    def done(self, record: ReportRecord) -> None:
        pass

    def note(self, line: str) -> None:
        print(line, file=sys.stderr)

    def stop(self) -> None:
        pass
