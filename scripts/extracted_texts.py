#!/usr/bin/env python3
"""How well the plain-text reader reads the corpus PDFs as other tools extract them.

For every corpus PDF and every extractor (pdftotext, pdftotext -raw, pypdfium2, pdfplumber) the
text is made in a temporary folder, read with ``juesuan.read`` and compared with the PDF's
answer tables cell by cell, and with the PDF reader's facts; one line per document and
extractor, then one per extractor.  Nothing extracted is kept unless --keep DIR is given.

Usage: .venv/bin/python scripts/extracted_texts.py [--corpus DIR] [--only STEM] [--extractor NAME]
                                                   [--keep DIR] [-v]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.extracted_texts import (  # noqa: E402
    DOCUMENTS,
    EXTRACTORS,
    answer_tables,
    compare_facts,
    compare_tables,
    extract,
)

import juesuan  # noqa: E402
from juesuan.model_json import report_to_json  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--only", help="documents whose name contains this")
    parser.add_argument("--extractor", choices=list(EXTRACTORS))
    parser.add_argument("--keep", help="write the texts to this folder (and reuse them)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every difference")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    stems = [s for s in DOCUMENTS if (corpus / f"{s}.pdf").exists() and (not args.only or args.only in s)]
    extractors = [args.extractor] if args.extractor else list(EXTRACTORS)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        totals: dict[str, list[int]] = {e: [0, 0, 0, 0, 0, 0] for e in extractors}
        for stem in stems:
            pdf_json = report_to_json(juesuan.read(corpus / f"{stem}.pdf"), with_pages=False)
            want = answer_tables(corpus, stem, pdf_json)
            for extractor in extractors:
                text = extract(corpus / f"{stem}.pdf", extractor, folder)
                started = time.perf_counter()
                got = report_to_json(juesuan.read(text), with_pages=False)
                seconds = time.perf_counter() - started
                score = compare_tables(got.get("tables") or {}, want)
                facts = compare_facts(got, pdf_json)
                print(f"{stem:24} {extractor:14} {score.line()} {facts.line()} {seconds:.2f}s")
                if args.verbose:
                    for line in [*score.missing, *score.wrong, *facts.differences]:
                        print(f"    {line}")
                t = totals[extractor]
                for i, v in enumerate((score.cells_matched, score.cells, score.rows_matched, score.rows,
                                       facts.matched, facts.facts)):
                    t[i] += v
        for extractor, t in totals.items():
            pct = [f"{100 * a / b:.1f}%" if b else "n/a" for a, b in ((t[0], t[1]), (t[2], t[3]), (t[4], t[5]))]
            print(f"{extractor:14} cells={t[0]}/{t[1]} ({pct[0]}) rows={t[2]}/{t[3]} ({pct[1]}) "
                  f"facts={t[4]}/{t[5]} ({pct[2]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
