"""Seconds per report for ``juesuan compose`` to DOCX and to PDF (and HTML), in one process.

    .venv/bin/python bench/compose_speed.py [--repeat 5] [REPORT.json|.xlsx ...]

Without arguments: the bundled example and every corpus answer (../shared/corpus/*.expected.json).
The first run of each format is a warm-up (imports, font loading) and is reported separately.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("JUESUAN_CORPUS", ROOT.parent / "shared" / "corpus"))


def _inputs(args: list[str]) -> list[Path]:
    if args:
        return [Path(a) for a in args]
    return [ROOT / "examples" / "example-2022.json", *sorted(CORPUS.glob("*.expected.json"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="compose speed (seconds per report)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("inputs", nargs="*")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    from juesuan.compose.derive import fill_derived
    from juesuan.compose.docx_writer import report_docx
    from juesuan.compose.html import report_html
    from juesuan.compose.pdf import report_pdf
    from juesuan.compose.report_document import build_document
    from juesuan.model_json import report_from_json
    from juesuan.read import read

    print(f"imports: {time.perf_counter() - t0:.2f} s")
    writers: dict[str, Callable[..., object]] = {
        "document (blocks + 4 charts)": build_document, "html": report_html, "docx": report_docx, "pdf": report_pdf,
    }
    per_format: dict[str, list[float]] = {name: [] for name in writers}
    per_format_cpu: dict[str, list[float]] = {name: [] for name in writers}
    for path in _inputs(args.inputs):
        if not path.exists():
            print(f"skip {path}: not found")
            continue
        report = (report_from_json(json.loads(path.read_text(encoding="utf-8"))) if path.suffix == ".json"
                  else read(path))
        fill_derived(report)
        line = [f"{path.name:40s}"]
        for name, write in writers.items():
            t = time.perf_counter()
            write(report)
            warm = time.perf_counter() - t
            times, cpu_times = [], []
            for _ in range(args.repeat):
                t, c = time.perf_counter(), time.process_time()
                write(report)
                times.append(time.perf_counter() - t)
                cpu_times.append(time.process_time() - c)
            median = statistics.median(times)
            per_format[name].append(median)
            per_format_cpu[name].append(statistics.median(cpu_times))
            line.append(f"{name.split()[0]} {median:.3f} s (cpu {statistics.median(cpu_times):.3f}, first {warm:.2f})")
        print("  ".join(line))
    print("seconds per report (median over reports): wall, and CPU of this process")
    for name, values in per_format.items():
        if values:
            cpu = statistics.median(per_format_cpu[name])
            print(f"  {name:30s} {statistics.median(values):.3f} s  (cpu {cpu:.3f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
