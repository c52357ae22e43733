"""The progress bar of a batch (rich, on stderr): reports done, reports/s, failures so far, time left.

Shown only where stderr is a terminal and there is more than one file; lines
printed meanwhile (a file that could not be read, the text output when stdout
is the same terminal) appear above the bar.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn, TimeRemainingColumn
from rich.text import Text


class _Rate(ProgressColumn):
    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:.1f} 份/秒", style="progress.data.speed")


class _Failures(ProgressColumn):
    def render(self, task: Task) -> Text:
        failed = int(task.fields.get("failed", 0))
        errors = int(task.fields.get("with_errors", 0))
        text = Text(f"有错误 {errors}", style="yellow" if errors else "dim")
        text.append(f"  无法读取 {failed}", style="bold red" if failed else "dim")
        return text


class BatchProgress:
    """A context manager; ``advance(failed, has_errors)`` once per report; ``note(line)`` prints above the bar."""

    def __init__(self, total: int, enabled: bool, console: Console | None = None) -> None:
        self.enabled = enabled
        self.total = total
        self.failed = 0
        self.with_errors = 0
        self.done = 0
        self.started = time.perf_counter()
        self._console = console or Console(stderr=True)
        self._progress: Progress | None = None
        self._task: Any = None

    def __enter__(self) -> BatchProgress:
        self.started = time.perf_counter()
        if self.enabled:
            self._progress = Progress(
                TextColumn("审核"), BarColumn(), MofNCompleteColumn(), _Rate(), _Failures(),
                TextColumn("剩余"), TimeRemainingColumn(),
                console=self._console, transient=True,
                redirect_stdout=sys.stdout.isatty(), redirect_stderr=True,
            )
            self._progress.__enter__()
            self._task = self._progress.add_task("check", total=self.total, failed=0, with_errors=0)
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.__exit__(kind, exc, tb)
            self._progress = None

    def advance(self, failed: bool, has_errors: bool) -> None:
        self.done += 1
        self.failed += failed
        self.with_errors += has_errors
        if self._progress is not None:
            self._progress.update(self._task, advance=1, failed=self.failed, with_errors=self.with_errors)

    def note(self, line: str) -> None:
        """A line for the user (stderr), above the bar when there is one."""
        if self._progress is not None:
            self._progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=sys.stderr)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started
