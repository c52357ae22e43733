#!/usr/bin/env python3
"""Benchmark: pages/s and peak memory of `juesuan parse` over the corpus, beside
pdfplumber's `extract_tables` on the same pages, and the time `juesuan.check`
adds to parsing, in one run.

Each measurement runs in a fresh process pinned to one core (so peak RSS is
that job's own); times are the best of --repeat runs.  A 40+ page report is
made by joining two corpus reports into one PDF (in a temporary folder) to
measure peak memory at that size.

Without the corpus (a fresh clone) it measures the bundled example,
examples/example-2022.pdf, and says so.  Without pdfplumber (installed by the
``bench`` extra, part of ``dev``) it skips the comparison.

Usage: .venv/bin/python bench/run.py [--corpus DIR] [--repeat N] [--skip-pdfplumber]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
EXAMPLE = ROOT / "examples" / "example-2022.pdf"

CHILD = r"""
import json, os, resource, sys, time
mode, path = sys.argv[1], sys.argv[2]
try:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
except (AttributeError, OSError):
    pass
out = {}
if mode == "juesuan":
    t0 = time.perf_counter()
    import juesuan
    report = juesuan.read(path)
    out["cold_s"] = time.perf_counter() - t0  # a fresh process: imports and first use included
    warm, cpu = [], []
    for _ in range(3):  # steady state, as in a batch over many files
        t0, c0 = time.perf_counter(), time.process_time()
        report = juesuan.read(path)
        warm.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    out["parse_s"] = min(warm)
    out["cpu_s"] = min(cpu)  # CPU time: steady on a machine other work also loads
    out["pages"] = report.page_count
    out["tables"] = len(report.tables)
    check = getattr(juesuan, "check", None)
    if check is not None:
        t1 = time.perf_counter()
        findings = check(report)
        out["check_s"] = time.perf_counter() - t1
        out["findings"] = len(findings)
elif mode == "pdfplumber":
    import pdfplumber
    t0 = time.perf_counter()
    n = tables = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            tables += len(page.extract_tables())
            n += 1
    out["parse_s"] = time.perf_counter() - t0
    out["pages"] = n
    out["tables"] = tables
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def run_child(mode: str, path: Path) -> dict[str, float]:
    proc = subprocess.run([sys.executable, "-c", CHILD, mode, str(path)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{mode} failed on {path.name}: {proc.stderr.strip().splitlines()[-1:]}")
    return json.loads(proc.stdout)


def best_of(mode: str, path: Path, repeat: int) -> dict[str, float]:
    runs = [run_child(mode, path) for _ in range(repeat)]
    best = min(runs, key=lambda r: r["parse_s"])
    best["cold_s"] = min((r.get("cold_s", r["parse_s"]) for r in runs), default=0.0)
    best["check_s"] = min((r.get("check_s", 0.0) for r in runs), default=0.0)
    best["cpu_s"] = min((r.get("cpu_s", r["parse_s"]) for r in runs), default=0.0)
    best["peak_mb"] = max(r["peak_mb"] for r in runs)
    return best


def final_account_pdfs(corpus: Path) -> list[Path]:
    """The corpus PDFs that are 决算 reports (budgets, in corpus/budget, are refused by design)."""
    return sorted(p for p in corpus.glob("*.pdf"))


def text_reports(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.glob("*.txt"))


def documents(corpus: Path) -> tuple[list[Path], list[Path], str]:
    """The PDFs and texts to measure, and what they are: the corpus, or the bundled example without it."""
    pdfs = final_account_pdfs(corpus) if corpus.is_dir() else []
    if pdfs:
        return pdfs, text_reports(corpus), f"the corpus at {corpus}"
    return [EXAMPLE], [], f"the bundled example {EXAMPLE.relative_to(ROOT)} (no corpus PDFs under {corpus})"


def have_pdfplumber() -> bool:
    try:
        import pdfplumber  # noqa: F401
    except ImportError:
        return False
    return True


def joined_pdf(paths: list[Path], folder: Path) -> Path:
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    for p in paths:
        src = pdfium.PdfDocument(str(p))
        out.import_pages(src)
        src.close()
    target = folder / "joined.pdf"
    out.save(str(target))
    return target


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path(os.environ.get("JUESUAN_CORPUS", DEFAULT_CORPUS)))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-pdfplumber", action="store_true")
    a = ap.parse_args()
    docs, texts, what = documents(a.corpus)
    if not a.skip_pdfplumber and not have_pdfplumber():
        print("pdfplumber is not installed (pip install -e '.[bench]'): its comparison is skipped")
        a.skip_pdfplumber = True
    print(f"measuring {what}")
    print(f"one core per job, best of {a.repeat}; peak = max RSS of the job's process")
    print("juesuan p/s: steady state (a batch over many files); cold p/s: one `juesuan.read` in a fresh process,")
    print("imports included; read CPU ms: CPU time of one steady-state read (steady on a loaded machine);")
    print("pdfplumber p/s: `extract_tables` on every page, in a fresh process")
    print(f"{'document':32} {'pages':>5} {'juesuan p/s':>11} {'cold p/s':>9} {'read CPU ms':>11} {'check ms':>9} "
          f"{'peak MB':>8} {'pdfplumber p/s':>14} {'peak MB':>8}")
    tot = {"pages": 0, "j": 0.0, "cold": 0.0, "c": 0.0, "p": 0.0, "cpu": 0.0}
    for doc in docs:
        j = best_of("juesuan", doc, a.repeat)
        p = None if a.skip_pdfplumber else best_of("pdfplumber", doc, 1)
        tot["pages"] += int(j["pages"])
        tot["j"] += j["parse_s"]
        tot["cold"] += j["cold_s"]
        tot["c"] += j["check_s"]
        tot["cpu"] += j["cpu_s"]
        line = (f"{doc.name:32} {int(j['pages']):>5} {j['pages'] / j['parse_s']:>11.1f} "
                f"{j['pages'] / j['cold_s']:>9.1f} {j['cpu_s'] * 1000:>11.0f} {j['check_s'] * 1000:>9.1f} "
                f"{j['peak_mb']:>8.1f}")
        if p:
            tot["p"] += p["parse_s"]
            line += f" {p['pages'] / p['parse_s']:>14.1f} {p['peak_mb']:>8.1f}"
        print(line)
    for doc in texts:  # plain text: no pages to speak of; counted in check's share only
        j = best_of("juesuan", doc, a.repeat)
        tot["j_all"] = tot.get("j_all", 0.0) + j["parse_s"]
        tot["c"] += j["check_s"]
        print(f"{doc.name:32} {'text':>5} {'':>11} {'':>9} {j['cpu_s'] * 1000:>11.0f} {j['check_s'] * 1000:>9.1f} "
              f"{j['peak_mb']:>8.1f}   (read {j['parse_s'] * 1000:.0f} ms)")
    with tempfile.TemporaryDirectory() as tmp:
        big = joined_pdf((docs * 2)[:2], Path(tmp))  # the example alone is joined with itself
        j = best_of("juesuan", big, 1)
        print(f"{'joined ' + ' + '.join(d.stem for d in (docs * 2)[:2]):32} {int(j['pages']):>5} "
              f"{j['pages'] / j['parse_s']:>11.1f} {j['pages'] / j['cold_s']:>9.1f} {j['cpu_s'] * 1000:>11.0f} "
              f"{j['check_s'] * 1000:>9.1f} {j['peak_mb']:>8.1f}")
        big_peak = j["peak_mb"]
        big_pages = int(j["pages"])
    summary = (f"overall: juesuan {tot['pages'] / tot['j']:.1f} pages/s ({tot['pages'] / tot['cold']:.1f} cold, "
               f"{tot['pages'] / tot['cpu']:.1f} per CPU second)")
    if tot["p"]:
        summary += f", pdfplumber extract_tables {tot['pages'] / tot['p']:.1f} pages/s"
    read_all = tot["j"] + tot.get("j_all", 0.0)
    summary += f"; check adds {100 * tot['c'] / read_all:.1f}% to reading over the corpus"
    summary += f"; peak {big_peak:.0f} MB for {big_pages} pages"
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
