"""Which files an ingest takes: the files named, and under each folder (recursively) every file whose
suffix is one of the report formats.  Hidden files and folders are skipped; the order is stable.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from juesuan.errors import FileMissing

# PDF, plain text, HTML, the XLSX workbook, model JSON
REPORT_SUFFIXES: frozenset[str] = frozenset({".pdf", ".txt", ".text", ".html", ".htm", ".xlsx", ".xlsm", ".json"})


def discover(paths: Iterable[str | Path]) -> Iterator[str]:
    """Every file to ingest, as an absolute path; a named path that does not exist raises FileMissing."""
    for given in paths:
        p = Path(given)
        if p.is_dir():
            yield from _walk(p)
        elif p.exists():
            yield str(p.resolve())
        else:
            raise FileMissing(str(given))


def _walk(folder: Path) -> Iterator[str]:
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith(".") and Path(name).suffix.lower() in REPORT_SUFFIXES:
                yield str(Path(root, name).resolve())
