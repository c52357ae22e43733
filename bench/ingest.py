#!/usr/bin/env python3
"""Benchmark: ``ingest`` of 1,000 reports into SQLite and PostgreSQL with 1, 2 and all cores, and through a
Dask LocalCluster; reports/s, pages/s, database size per report, peak memory per worker and of the client;
then the expected wall time for 200,000 reports on 100 Dask workers, with its assumptions.

The 1,000 reports are the corpus's real reports repeated, each copy made distinct: a PDF copy gets a
comment line appended after its %%EOF (same pages, other bytes), a text copy another department name.
``--memory-files N`` also ingests N small model-JSON reports and samples the client's memory every
N/10 files, to show it stays flat.

Usage: .venv/bin/python bench/ingest.py [--reports 1000] [--memory-files 10000] [--skip-postgres] [--skip-dask]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from juesuan.store.database import open_store  # noqa: E402
from juesuan.store.ingest import IngestSummary, QuietProgress, ingest  # noqa: E402
from juesuan.store.records import ReportRecord  # noqa: E402
from juesuan.store.runners import DaskRunner, ProcessRunner, Runner  # noqa: E402

CORPUS = Path(os.environ.get("JUESUAN_CORPUS", ROOT.parent / "shared" / "corpus"))
SOURCES = ("putuo-czj-2024.pdf", "putuo-shgzb-2024.pdf", "gjxfj-2024.pdf", "hanyang-zzb-2022.txt")


def make_copies(folder: Path, n: int) -> None:
    sources = [CORPUS / name for name in SOURCES if (CORPUS / name).exists()]
    if not sources:
        sys.exit(f"no corpus under {CORPUS} (set JUESUAN_CORPUS)")
    texts = {p: p.read_text(encoding="utf-8") for p in sources if p.suffix == ".txt"}
    for i in range(n):
        src = sources[i % len(sources)]
        out = folder / f"{i:05d}-{src.name}"
        if src.suffix == ".pdf":
            out.write_bytes(src.read_bytes() + f"\n% juesuan bench copy {i}\n".encode())
        else:
            text = texts[src]
            number = "".join("零一二三四五六七八九"[int(c)] for c in str(i))  # digits would end the name
            renamed = text.replace("中国共产党武汉市汉阳区委组织部", f"武汉市汉阳区测试{number}局")
            out.write_text(renamed, encoding="utf-8")


def rss_kb() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def run_once(db: str, folder: Path, runner: Runner, label: str) -> dict[str, Any]:
    store = open_store(db)
    empty = store.size_bytes()
    start = time.perf_counter()
    summary = ingest(store, [folder], runner, QuietProgress())
    wall = time.perf_counter() - start
    if summary.interrupted:
        raise KeyboardInterrupt
    size = store.size_bytes() - empty
    store.dispose()
    runner.close()
    result = {
        "run": label, "reports": summary.processed, "stored": summary.stored, "failed": summary.failed,
        "pages": summary.pages, "seconds": round(wall, 1),
        "reports_per_s": round(summary.processed / wall, 2), "pages_per_s": round(summary.pages / wall, 1),
        "db_kb_per_report": round(size / 1024 / max(1, summary.stored), 1),
        "write_ms_per_report": round(summary.write_seconds * 1000 / max(1, summary.processed), 2),
        "worker_cpu_ms_per_report": round(summary.worker_cpu_seconds * 1000 / max(1, summary.processed), 1),
        "client_cpu_ms_per_report": round(summary.client_cpu_seconds * 1000 / max(1, summary.processed), 2),
        "cross_checked": summary.cross_checked,
        "worker_peak_mb": round(summary.worker_peak_kb / 1024, 1), "client_peak_mb": round(rss_kb() / 1024, 1),
    }
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return result


class MemorySampler(QuietProgress):
    """Records the client's resident memory every ``every`` files."""

    def __init__(self, every: int) -> None:
        self.every, self.n, self.samples = every, 0, []

    def done(self, record: ReportRecord) -> None:
        self.n += 1
        if self.n % self.every == 0:
            with open("/proc/self/status", encoding="ascii") as fh:
                rss = next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
            self.samples.append((self.n, round(rss / 1024, 1)))


def memory_run(folder: Path, n: int, work: Path) -> list[tuple[int, float]]:
    from tests.store.conftest import make_folder

    make_folder(folder, n, prefix="上海市普陀区内存测试局")
    sampler = MemorySampler(max(1, n // 10))
    store = open_store(str(work / "memory.db"))
    runner = ProcessRunner()
    start = time.perf_counter()
    summary: IngestSummary = ingest(store, [folder], runner, sampler)
    runner.close()
    store.dispose()
    print(json.dumps({"run": f"memory, {n} model-JSON files, all cores", "stored": summary.stored,
                      "seconds": round(time.perf_counter() - start, 1),
                      "client_rss_mb_every_10pct": sampler.samples}, ensure_ascii=False), flush=True)
    return sampler.samples


def projection(dask: dict[str, Any], runs: list[dict[str, Any]], workers: int) -> str:
    """200,000 reports on 100 Dask workers, from CPU time per report (the machine is shared, so wall-clock
    rates understate what a dedicated core does) and, beside it, from the wall-clock rates measured."""
    worker_ms = dask["worker_cpu_ms_per_report"]
    client_ms = max(r["client_cpu_ms_per_report"] for r in runs)  # the slowest database measured
    compute_rate, client_rate = 100 * 1000 / worker_ms, 1000 / client_ms
    rate = min(compute_rate, client_rate)
    wall_rate = min(100 * dask["reports_per_s"] / workers, 1000 / max(r["write_ms_per_report"] for r in runs))
    return (f"200,000 reports on 100 Dask workers: reading and checking take {worker_ms} ms of CPU per report, so "
            f"100 workers do {compute_rate:.0f} reports/s; the one client spends {client_ms} ms of CPU per report "
            f"(receiving and writing), so it takes at most {client_rate:.0f} reports/s; expected about "
            f"{rate:.0f} reports/s = {200_000 / rate / 60:.0f} minutes, bound by "
            f"{'the client' if client_rate < compute_rate else 'the workers'}. From this shared machine's "
            f"wall-clock rates instead: {wall_rate:.0f} reports/s = {200_000 / wall_rate / 60:.0f} minutes. "
            f"Assumptions: each worker has a core of this speed to itself (1 thread) and reads the files from a "
            f"shared file system as fast as a local disk; the same mix of reports (25-50 page PDFs, a text); one "
            f"client writing batches of 50 to a database server that keeps up (PostgreSQL's own CPU is on the "
            f"server, not counted in the client's); the scheduler's ~1 ms per task hidden by 2 tasks in flight "
            f"per worker; cross-year checks (X4xx) add one small task per pair, not counted.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--memory-files", type=int, default=0)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-dask", action="store_true")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="juesuan-bench-"))
    results: list[dict[str, Any]] = []
    try:
        folder = work / "reports"
        folder.mkdir()
        make_copies(folder, args.reports)
        print(f"{args.reports} reports in {folder}; {cores} cores", flush=True)
        counts = sorted({1, 2, cores})
        for n in counts:
            results.append(run_once(str(work / f"sqlite-{n}.db"), folder, ProcessRunner(n),
                                    f"SQLite, {n} process(es)" + (" (all cores)" if n == cores else "")))
        if not args.skip_postgres:
            from tests.postgres_server import PostgresServer, find_binaries

            binaries = find_binaries()
            if binaries is None:
                print("PostgreSQL not installed: skipped", flush=True)
            else:
                server = PostgresServer(binaries).start()
                try:
                    for n in counts:
                        results.append(run_once(server.new_database(), folder, ProcessRunner(n),
                                                f"PostgreSQL, {n} process(es)" + (" (all cores)" if n == cores
                                                                                  else "")))
                finally:
                    server.stop()
        if not args.skip_dask:
            from distributed import LocalCluster

            with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                              dashboard_address=None) as cluster:
                dask = run_once(str(work / "dask.db"), folder, DaskRunner(cluster.scheduler_address),
                                "Dask LocalCluster, 2 workers x 1 thread, into SQLite")
            results.append(dask)
            print(projection(dask, results, 2), flush=True)
        if args.memory_files:
            memory_run(work / "memory", args.memory_files, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
