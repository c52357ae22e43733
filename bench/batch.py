#!/usr/bin/env python3
"""Benchmark: `juesuan check FOLDER -j N` over the corpus repeated many times: reports/s and peak memory.

The corpus reports (its PDFs and plain texts; not the answers, not the
budgets) are copied --copies times into a temporary folder, and `juesuan
check` runs on that folder with -j 1, 2 and every core, writing JSON to a
file.  Wall time includes starting the command and its workers.  Memory is
sampled every 50 ms over the whole process tree: the peak of the command's
own process, and the peak of the sum over it and its workers.  Memory stays
flat when the peak at --copies is the peak at a quarter of them (measured
with -j 1, where everything happens in one process).  The CPU time of the
whole tree is sampled too: on a machine shared with other work, wall-clock
reports/s falls with the load, while CPU seconds per report and the share of
the -j cores the run actually got (CPU s / (wall s x j)) say what the scaling
would be on idle cores.  The load average is printed with each run.

Without the corpus it uses the bundled example (examples/example-2022.pdf).

Usage: .venv/bin/python bench/batch.py [--corpus DIR] [--copies 40] [--jobs 1,2,0] [--format json|html]
(-j 0 means every core)
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
EXAMPLE = ROOT / "examples" / "example-2022.pdf"
JUESUAN = Path(sys.executable).parent / "juesuan"


def reports(corpus: Path) -> list[Path]:
    found = sorted(p for p in corpus.glob("*") if p.suffix.lower() in (".pdf", ".txt")) if corpus.is_dir() else []
    return found or [EXAMPLE]


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
    except (OSError, IndexError, ValueError):
        return -1.0


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        tree.setdefault(ppid, []).append(int(entry))
    return tree


class Sampler(threading.Thread):
    """Polls the RSS of a process and of all its descendants; keeps both peaks (MB)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.main_peak = 0.0
        self.tree_peak = 0.0
        self.cpu: dict[int, float] = {}  # last CPU seconds seen, per process of the tree
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            tree = _children()
            pids, todo = [], [self.pid]
            while todo:
                pid = todo.pop()
                pids.append(pid)
                todo += tree.get(pid, [])
            main = _rss_kb(self.pid) / 1024
            total = sum(_rss_kb(p) for p in pids) / 1024
            for p in pids:
                seconds = _cpu_seconds(p)
                if seconds >= 0:
                    self.cpu[p] = seconds
            self.main_peak = max(self.main_peak, main)
            self.tree_peak = max(self.tree_peak, total)
            self.stopped.wait(0.05)


def run_check(folder: Path, jobs: int, fmt: str, out: Path) -> tuple[float, float, float, float]:
    cmd = [str(JUESUAN), "check", str(folder), "-j", str(jobs), "--format", fmt, "-o", str(out), "--no-progress"]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = Sampler(proc.pid)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    sampler.stopped.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"juesuan check -j {jobs} failed ({proc.returncode}): {err.strip().splitlines()[-1:]}")
    return seconds, sampler.main_peak, sampler.tree_peak, sum(sampler.cpu.values())


def fill(folder: Path, sources: list[Path], copies: int) -> int:
    n = 0
    for i in range(copies):
        sub = folder / f"copy{i:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        for src in sources:
            shutil.copyfile(src, sub / src.name)
            n += 1
    return n


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path(os.environ.get("JUESUAN_CORPUS", DEFAULT_CORPUS)))
    ap.add_argument("--copies", type=int, default=40)
    ap.add_argument("--jobs", default="1,2,0", help="comma-separated; 0 = every core")
    ap.add_argument("--format", default="json", choices=("json", "text", "sarif", "html"))
    a = ap.parse_args()
    cores = len(os.sched_getaffinity(0))
    jobs = list(dict.fromkeys(cores if int(j) == 0 else int(j) for j in a.jobs.split(",")))
    sources = reports(a.corpus)
    print(f"sources: {', '.join(p.name for p in sources)}; {cores} cores")
    with tempfile.TemporaryDirectory(prefix="juesuan-batch-") as tmp:
        folder = Path(tmp) / "in"
        out = Path(tmp) / ("out" if a.format == "html" else f"out.{a.format}")
        quarter = max(1, a.copies // 4)
        small = fill(folder, sources, quarter)
        seconds, main_peak, _, cpu = run_check(folder, 1, a.format, out)
        print(f"{small:>4} reports  -j 1: {seconds:7.1f} s  {small / seconds:6.2f} reports/s  "
              f"peak {main_peak:6.0f} MB (one process)  cpu {cpu / small:.3f} s/report  load {_load()}")
        _remove(out)
        shutil.rmtree(folder)
        total = fill(folder, sources, a.copies)
        first_peak = main_peak
        rates: dict[int, float] = {}
        cpu_rates: dict[int, float] = {}  # reports per CPU second: what idle cores would give, per core
        for j in jobs:
            seconds, main_peak, tree_peak, cpu = run_check(folder, j, a.format, out)
            rates[j] = total / seconds
            share = cpu / (seconds * j)
            print(f"{total:>4} reports  -j {j}: {seconds:7.1f} s  {rates[j]:6.2f} reports/s  "
                  f"peak {main_peak:6.0f} MB main process, {tree_peak:6.0f} MB with its workers  "
                  f"cpu {cpu / total:.3f} s/report, got {100 * share:.0f}% of {j} core(s)  load {_load()}")
            cpu_rates[j] = total / cpu if cpu > 0 else 0.0
            if j == 1:
                print(f"      memory over {small} -> {total} reports (-j 1): {first_peak:.0f} -> {main_peak:.0f} MB")
            _remove(out)
        base = rates.get(1)
        if base:
            print("scaling (wall clock): " + ", ".join(f"-j {j} {r / base:.2f}x" for j, r in rates.items()))
        if cpu_rates.get(1):
            print("on idle cores (j x reports per CPU second): " + ", ".join(
                f"-j {j} {j * r:.2f} reports/s ({j * r / cpu_rates[1]:.2f}x)" for j, r in cpu_rates.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
