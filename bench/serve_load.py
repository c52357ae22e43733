#!/usr/bin/env python3
"""Benchmark: ``juesuan serve`` under 50 clients browsing and 5 uploading at once.

Starts the server as a person would (``juesuan serve`` on a fresh SQLite database, a free local port),
uploads the corpus's real reports, then for ``--seconds`` runs 50 browsing clients (each in a loop: a
report page with three of its page images, the report's JSON, its tables page, the corpus, the findings
view, a department page) and 5 uploading clients (each in a loop: a distinct copy of a corpus PDF, then
polling its job until it is read and checked).  Prints requests/s, latency percentiles per kind, errors,
uploads finished and their time from upload to result, and the CPU time the server and its workers spent,
so that figures from a shared, loaded machine can be compared (requests per server CPU-second).

Everything runs on 127.0.0.1 and stops by itself.

Usage: .venv/bin/python bench/serve_load.py [--seconds 60] [--browsers 50] [--uploaders 5] [--workers N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from juesuan.store.accounts import add_user, create_token  # noqa: E402
from juesuan.store.database import open_store  # noqa: E402

CORPUS = Path(os.environ.get("JUESUAN_CORPUS", ROOT.parent / "shared" / "corpus"))
SOURCES = ("putuo-czj-2024.pdf", "putuo-shgzb-2024.pdf", "gjxfj-2024.pdf")
JUESUAN = str(Path(sys.executable).with_name("juesuan"))


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    uploads: list[float] = field(default_factory=list)  # seconds from sending a file to its result
    upload_failures: list[str] = field(default_factory=list)
    measuring: bool = False

    def record(self, kind: str, seconds: float, ok: bool, detail: str = "") -> None:
        if not self.measuring:
            return
        self.latencies[kind].append(seconds)
        if not ok:
            self.errors[kind] += 1
            if len(self.error_samples) < 10:
                self.error_samples.append(f"{kind}: {detail}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and all its descendants (from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(c) for c in children)
        except (OSError, IndexError, ValueError):
            continue
    return total


async def _get(client: httpx.AsyncClient, stats: Stats, kind: str, url: str) -> httpx.Response | None:
    started = time.perf_counter()
    try:
        r = await client.get(url)
    except httpx.HTTPError as exc:
        stats.record(kind, time.perf_counter() - started, False, f"{type(exc).__name__} {url}")
        return None
    stats.record(kind, time.perf_counter() - started, r.status_code < 400, f"{r.status_code} {url}")
    return r


async def browse(base: str, stats: Stats, reports: list[dict[str, Any]], stop: float, seed: int) -> None:
    rnd = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        while time.monotonic() < stop:
            report = rnd.choice(reports)
            choice = rnd.random()
            if choice < 0.45:  # a report page as a browser loads it: the page, then some of its page images
                await _get(client, stats, "report page", f"/reports/{report['id']}")
                for n in rnd.sample(report["image_pages"], min(3, len(report["image_pages"]))):
                    await _get(client, stats, "page image", f"/reports/{report['id']}/pages/{n}.png")
            elif choice < 0.6:
                await _get(client, stats, "report JSON", f"/api/reports/{report['id']}")
            elif choice < 0.7:
                await _get(client, stats, "tables page", f"/reports/{report['id']}/tables")
            elif choice < 0.8:
                await _get(client, stats, "corpus", "/corpus")
            elif choice < 0.9:
                await _get(client, stats, "findings", "/findings?severity=error&severity=warning")
            else:
                await _get(client, stats, "department", f"/departments/{report['department_key']}")
            await asyncio.sleep(rnd.uniform(0.05, 0.25))  # a person reads a little


async def upload(base: str, token: str, stats: Stats, folder: Path, stop: float, n: int) -> None:
    sources = [CORPUS / s for s in SOURCES if (CORPUS / s).exists()]
    i = 0
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, timeout=300, headers=headers) as client:
        while time.monotonic() < stop:
            src = sources[(n + i) % len(sources)]
            data = src.read_bytes() + f"\n% juesuan load copy {n}-{i}-{time.time_ns()}\n".encode()
            i += 1
            started = time.perf_counter()
            try:
                r = await client.post("/api/uploads", files=[("files", (f"{n}-{i}-{src.name}", data))])
            except httpx.HTTPError as exc:
                stats.record("upload", time.perf_counter() - started, False, type(exc).__name__)
                continue
            stats.record("upload", time.perf_counter() - started, r.status_code == 202, str(r.status_code))
            if r.status_code != 202:
                continue
            job_id = r.json()["jobs"][0]["id"]
            while True:
                await asyncio.sleep(0.5)
                got = await _get(client, stats, "job poll", f"/api/jobs/{job_id}")
                if got is None or got.status_code != 200:
                    continue
                job = got.json()
                if job["status"] in ("done", "failed"):
                    if stats.measuring:
                        if job["status"] == "done":
                            stats.uploads.append(time.perf_counter() - started)
                        else:
                            stats.upload_failures.append(str(job["error"]))
                    break
                if time.monotonic() > stop + 300:
                    break


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


async def run(args: argparse.Namespace) -> int:
    folder = Path(tempfile.mkdtemp(prefix="juesuan-load-"))
    db = str(folder / "juesuan.db")
    store = open_store(db)
    add_user(store, "bench", "admin", "bench password 123")
    _, token = create_token(store, "bench", "load benchmark")
    store.dispose()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [JUESUAN, "serve", "--db", db, "--port", str(port)]
    if args.workers:
        command += ["--workers", str(args.workers)]
    log = (folder / "serve.log").open("wb")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=folder)
    try:
        deadline = time.monotonic() + 60
        async with httpx.AsyncClient(base_url=base, timeout=10) as probe:
            while True:
                try:
                    if (await probe.get("/api/me")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    print((folder / "serve.log").read_text(), file=sys.stderr)
                    return 1
                await asyncio.sleep(0.2)
        # the reports the browsers look at
        reports: list[dict[str, Any]] = []
        async with httpx.AsyncClient(base_url=base, timeout=300,
                                     headers={"Authorization": f"Bearer {token}"}) as client:
            for name in SOURCES:
                if not (CORPUS / name).exists():
                    continue
                r = await client.post("/api/uploads", files=[("files", (name, (CORPUS / name).read_bytes()))])
                job_id = r.json()["jobs"][0]["id"]
                while (job := (await client.get(f"/api/jobs/{job_id}")).json())["status"] not in ("done", "failed"):
                    await asyncio.sleep(0.3)
                if job["status"] != "done":
                    print(f"seed {name}: {job['error']}", file=sys.stderr)
                    continue
                report = (await client.get(f"/api/reports/{job['document_id']}")).json()
                pages = sorted({fig["page"] for f in report["findings"] for fig in f["figures"]}) or [1]
                reports.append({"id": job["document_id"], "image_pages": pages,
                                "department_key": report["document"]["department_key"]})
        if not reports:
            print(f"no corpus under {CORPUS} (set JUESUAN_CORPUS)", file=sys.stderr)
            return 1
        stats = Stats()
        start = time.monotonic()
        stop = start + args.warmup + args.seconds
        tasks = [asyncio.create_task(browse(base, stats, reports, stop, i)) for i in range(args.browsers)]
        tasks += [asyncio.create_task(upload(base, token, stats, folder, stop, i)) for i in range(args.uploaders)]
        await asyncio.sleep(args.warmup)
        stats.measuring = True
        cpu0, client0, wall0 = _cpu_seconds(server.pid), time.process_time(), time.perf_counter()
        await asyncio.sleep(args.seconds)
        stats.measuring = False
        cpu1, client1, wall1 = _cpu_seconds(server.pid), time.process_time(), time.perf_counter()
        await asyncio.gather(*tasks)
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)
    wall = wall1 - wall0
    server_cpu = cpu1 - cpu0
    everything = [x for v in stats.latencies.values() for x in v]
    errors = sum(stats.errors.values())
    browsing = [x for k, v in stats.latencies.items() if k not in ("upload", "job poll") for x in v]
    print(f"juesuan serve under load: {args.browsers} browsing + {args.uploaders} uploading clients, "
          f"{args.seconds:.0f} s measured after {args.warmup:.0f} s warm-up; {os.cpu_count()} cores, "
          f"load average before {args.load_before}")
    print(f"{'kind':<14}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for kind in sorted(stats.latencies, key=lambda k: -len(stats.latencies[k])):
        v = stats.latencies[kind]
        print(f"{kind:<14}{len(v):>9}{len(v) / wall:>8.1f}{_pct(v, 50) * 1000:>9.0f}{_pct(v, 95) * 1000:>9.0f}"
              f"{_pct(v, 99) * 1000:>9.0f}{stats.errors.get(kind, 0):>8}")
    print(f"{'all':<14}{len(everything):>9}{len(everything) / wall:>8.1f}{_pct(everything, 50) * 1000:>9.0f}"
          f"{_pct(everything, 95) * 1000:>9.0f}{_pct(everything, 99) * 1000:>9.0f}{errors:>8}")
    print(f"browsing: {len(browsing) / wall:.1f} req/s, p95 {_pct(browsing, 95) * 1000:.0f} ms")
    if stats.uploads:
        print(f"uploads read and checked: {len(stats.uploads)} ({len(stats.uploads) / wall * 60:.1f}/min), "
              f"upload to result p50 {statistics.median(stats.uploads):.1f} s, p95 {_pct(stats.uploads, 95):.1f} s; "
              f"failed {len(stats.upload_failures)}")
    print(f"CPU: server and its workers {server_cpu:.1f} s over {wall:.1f} s wall "
          f"({server_cpu / wall:.2f} cores); load generator {client1 - client0:.1f} s")
    if server_cpu > 0:
        print(f"CPU-normalised: {len(everything) / server_cpu:.1f} requests per server CPU-second "
              f"({len(browsing) / server_cpu:.1f} browsing); "
              f"{server_cpu / max(len(stats.uploads), 1):.2f} server CPU-s per upload incl. the browsing around it")
    for sample in stats.error_samples:
        print(f"  error: {sample}")
    for failure in stats.upload_failures[:5]:
        print(f"  upload failed: {failure}")
    return 1 if errors or stats.upload_failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--browsers", type=int, default=50)
    parser.add_argument("--uploaders", type=int, default=5)
    parser.add_argument("--workers", type=int, default=0, help="upload worker processes (default: one per core)")
    args = parser.parse_args()
    args.load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
