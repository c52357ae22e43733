"""Benchmark: time to read each corpus document and time to check it, in the same run.

    .venv/bin/python scripts/bench_check.py [CORPUS_DIR]

Issue 3 asks that checking add under 10% to parsing time over the corpus.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from juesuan.check import check
from juesuan.errors import JuesuanError
from juesuan.read import read

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    corpus = Path(argv[0]) if argv else ROOT.parent / "shared" / "corpus"
    files = sorted(p for p in corpus.iterdir() if p.suffix in (".pdf", ".txt"))
    total_read = total_check = 0.0
    print(f"{'file':40} {'read s':>8} {'check s':>8} {'check/read':>10} findings")
    for path in files:
        start = time.perf_counter()
        try:
            report = read(path)
        except JuesuanError as exc:
            print(f"{path.name:40} cannot be read: {exc.message}")
            continue
        middle = time.perf_counter()
        findings = check(report)
        end = time.perf_counter()
        read_s, check_s = middle - start, end - middle
        total_read += read_s
        total_check += check_s
        print(f"{path.name:40} {read_s:8.3f} {check_s:8.3f} {check_s / read_s:10.1%} {len(findings)}")
    if total_read:
        print(f"{'total':40} {total_read:8.3f} {total_check:8.3f} {total_check / total_read:10.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
