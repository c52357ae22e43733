#!/usr/bin/env python3
"""Benchmark OCR: seconds per scanned page on one core, peak memory, and how right the cells are.

For each corpus report (putuo-czj-2024, putuo-shgzb-2024, gjxfj-2024) and each resolution, the
report's pages are rendered to images as a scanner would give them (tests/scanned_pdf.py: 0.5 degree
skew, speckles, JPEG; colour at 150 dpi, grey above) and wrapped as a PDF without text layer; then
`juesuan.read` reads it in a fresh process pinned to one core with one onnxruntime thread.  Beside
it, the same report read from its text layer.  Printed per run:

* s/page: CPU seconds per scanned page (process time: the machine's other load does not count);
* peak MB: the reading process's maximum RSS;
* cells: table cells read as the text layer reads them (and as the corpus answer has them);
* wrong: cells read otherwise, and how many of them are marked (an ambiguous OCR reading or a reading
  problem of their table) or caught by a check finding on their table.

Usage: .venv/bin/python bench/ocr_bench.py [--dpi 150 200 300] [--docs NAME ...] [--tables-only]
`make bench` runs it with --tables-only (the pages that hold the tables); without it every page is read.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
DOCS = ("putuo-czj-2024", "putuo-shgzb-2024", "gjxfj-2024")

CHILD = r"""
import json, os, resource, sys, time
sys.path.insert(0, sys.argv[3])
try:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
except (AttributeError, OSError):
    pass
os.environ["JUESUAN_OCR_THREADS"] = "1"
from juesuan import check, read
from juesuan.model_json import report_to_json
path, reference = sys.argv[1], sys.argv[2]
t0, c0 = time.perf_counter(), time.process_time()
report = read(path)
out = {"wall_s": time.perf_counter() - t0, "cpu_s": time.process_time() - c0, "pages": report.page_count,
       "ocr_pages": len(report.ocr.pages) if report.ocr else 0}
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
if reference != "-":
    from tests.model_cells import cells, compare
    got = report_to_json(report, with_pages=False)
    ref = json.load(open(reference, encoding="utf-8"))
    n, wrong = compare(got, ref)
    findings = check(report)
    ambiguous = {c.box.page for c in report.ocr.cells if c.ambiguous} if report.ocr else set()
    caught = 0
    for key in wrong:
        table = key.split("/", 1)[0]
        t = report.tables.get(table)
        if any(p.table == table for p in report.problems) or (t and ambiguous & set(t.pages)) or \
                any(f.location.table == table and f.severity != "info" for f in findings):
            caught += 1
    out.update(cells=n, right=n - len(wrong), caught=caught, wrong=wrong[:12],
               low=sum(1 for c in report.ocr.cells if c.ambiguous) if report.ocr else 0,
               read=len(report.ocr.cells) if report.ocr else 0)
    if len(sys.argv) > 4:
        m, wrong2 = compare(got, json.load(open(sys.argv[4], encoding="utf-8")))
        out.update(answer_cells=m, answer_right=m - len(wrong2))
print(json.dumps(out, ensure_ascii=False))
"""


def child(path: Path, reference: Path | None, answer: Path | None = None) -> dict[str, Any]:
    args = [sys.executable, "-c", CHILD, str(path), str(reference) if reference else "-", str(ROOT)]
    if answer is not None:
        args.append(str(answer))
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"reading {path.name} failed: {proc.stderr.strip().splitlines()[-3:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def table_pages(source: Path) -> list[int]:
    from juesuan import read

    report = read(source)
    return sorted({p for t in report.tables.values() for p in t.pages})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path(os.environ.get("JUESUAN_CORPUS", DEFAULT_CORPUS)))
    ap.add_argument("--dpi", type=int, nargs="+", default=[150, 200, 300])
    ap.add_argument("--docs", nargs="+", default=list(DOCS))
    ap.add_argument("--tables-only", action="store_true", help="scan only the pages holding tables")
    a = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.scanned_pdf import Scan, scanned_pdf

    from juesuan import read
    from juesuan.model_json import report_to_json

    docs = [d for d in a.docs if (a.corpus / f"{d}.pdf").exists()]
    if not docs:
        print(f"no corpus reports under {a.corpus}")
        return 1
    print("one core per reading (one onnxruntime thread); s/page = CPU seconds per page; peak = max RSS")
    print(f"{'document':18} {'dpi':>4} {'pages':>5} {'s/page':>7} {'peak MB':>8} {'cells (text layer)':>19} "
          f"{'cells (answer)':>15} {'wrong: marked/caught':>21}")
    totals: dict[int, list[int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in docs:
            source = a.corpus / f"{name}.pdf"
            answer = a.corpus / f"{name}.expected.json"
            pages = table_pages(source) if a.tables_only else None
            reference = folder / f"{name}.text.json"
            reference.write_text(json.dumps(report_to_json(read(source), with_pages=False), ensure_ascii=False),
                                 encoding="utf-8")
            base = child(source, None)
            print(f"{name:18} {'text':>4} {base['pages']:>5} {float(base['cpu_s']) / float(base['pages']):>7.3f} "
                  f"{float(base['peak_mb']):>8.0f}   (the text layer, no OCR)")
            for dpi in a.dpi:
                scan = Scan(dpi=dpi, colour=dpi <= 150)
                path = scanned_pdf(source, folder / f"{name}-{dpi}.pdf", scan, pages=pages)
                r = child(path, reference, answer if pages is None else None)
                n, right, caught = int(r["cells"]), int(r["right"]), int(r["caught"])
                t = totals.setdefault(dpi, [0, 0, 0, 0])
                t[0] += n
                t[1] += right
                t[2] += n - right
                t[3] += caught
                answer_text = (f"{r['answer_right']}/{r['answer_cells']}" if "answer_cells" in r else "-")
                print(f"{name:18} {dpi:>4} {r['ocr_pages']:>5} {float(r['cpu_s']) / max(1, int(r['ocr_pages'])):>7.2f} "
                      f"{float(r['peak_mb']):>8.0f} {right:>9}/{n:<4} {100 * right / max(1, n):>5.1f}% "
                      f"{answer_text:>15} {n - right:>9} {caught:>3} caught")
                if r["wrong"]:
                    print(f"{'':24}wrong: {', '.join(r['wrong'])}")
    for dpi, (n, right, wrong, caught) in sorted(totals.items()):
        print(f"overall {dpi} dpi: cells {right}/{n} = {100 * right / max(1, n):.2f}%; "
              f"wrong {wrong}, of them marked or caught {caught}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
