"""Shared test fixtures: where the real corpus lives, and skipping cleanly without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("JUESUAN_CORPUS", ROOT.parent / "shared" / "corpus"))


def corpus_file(name: str) -> Path:
    """A corpus document, or skip the test with a message saying where it was looked for."""
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {name} not found under {CORPUS} (set JUESUAN_CORPUS)")
    return path


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS} (set JUESUAN_CORPUS)")
    return CORPUS
