"""Reader and checker versions: the package version plus a digest of the code that does the work.

A stored reading remembers the reader version that made it, a check the checker version; ``juesuan
reindex`` re-reads what an older reader read and re-checks what an older checker checked.  The digest
changes whenever the reading (or checking) code does, so a fix to a reader is a new reader version even
before the package version moves.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from juesuan import __version__

_PACKAGE = Path(__file__).resolve().parents[1]
# what a reading depends on, and what a check depends on (beside the reading)
READER_SOURCES: tuple[str, ...] = ("read", "model.py", "model_json.py", "amounts.py", "standard.py",
                                   "workbook_layout.py")
CHECKER_SOURCES: tuple[str, ...] = ("check", "amounts.py")


def _digest(parts: tuple[str, ...]) -> str:
    h = hashlib.sha256()
    for part in parts:
        root = _PACKAGE / part
        files = sorted(root.rglob("*.py")) if root.is_dir() else [root]
        for f in files:
            if f.is_file():
                h.update(str(f.relative_to(_PACKAGE)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:10]


@cache
def reader_version() -> str:
    return f"{__version__}+{_digest(READER_SOURCES)}"


@cache
def checker_version() -> str:
    return f"{__version__}+{_digest(CHECKER_SOURCES)}"
