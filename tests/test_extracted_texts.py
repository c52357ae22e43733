"""Every corpus PDF, as text extracted by four common tools, reads to the PDF's tables and facts.

The texts are made at test time (tests/extracted_texts.py), never committed.  Each is read with
``juesuan.read`` and compared cell by cell with the corpus answer (or, for the blank template,
with what the PDF reader gives), and fact by fact with the facts the PDF reader gives for the
same PDF.  A cell may differ only where the reader says it is in doubt and keeps the right value
among its candidates; no row may be lost, no printed number dropped.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

import juesuan
from juesuan.model_json import report_to_json
from tests.conftest import CORPUS, corpus_file
from tests.extracted_texts import DOCUMENTS, EXTRACTORS, answer_tables, compare_facts, compare_tables, extract


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("extracted")


@cache
def _pdf_reading(stem: str) -> dict[str, Any]:
    return report_to_json(juesuan.read(corpus_file(f"{stem}.pdf")), with_pages=False)


def _text_reading(stem: str, extractor: str, folder: Path) -> dict[str, Any]:
    try:
        text = extract(corpus_file(f"{stem}.pdf"), extractor, folder)
    except FileNotFoundError as exc:
        pytest.skip(str(exc))
    return report_to_json(juesuan.read(text), with_pages=False)


# Line-based extractors keep each printed row on a line or a few: everything reads, doubt only
# where the arithmetic leaves it (the 三公 cells a blank makes interchangeable).
LINE_BASED = ("pdftotext-raw", "pypdfium2", "pdfplumber")


@pytest.mark.parametrize("extractor", LINE_BASED)
@pytest.mark.parametrize("stem", DOCUMENTS)
def test_text_reads_to_the_pdfs_tables(stem: str, extractor: str, folder: Path) -> None:
    want = answer_tables(CORPUS, stem, _pdf_reading(stem))
    got = _text_reading(stem, extractor, folder)
    score = compare_tables(got.get("tables") or {}, want)
    assert score.missing == [], score.line()
    assert score.wrong == [], score.line()
    assert score.rows_matched == score.rows
    assert score.cells_matched + score.ambiguous == score.cells
    assert score.ambiguous * 200 <= score.cells, score.line()  # at most 1 cell in 200 in doubt


@pytest.mark.parametrize("stem", DOCUMENTS)
def test_column_written_text_is_never_wrong(stem: str, folder: Path) -> None:
    # pdftotext's default mode writes tables column by column, blocks in an order of its own: rows and
    # numbers are rebuilt from the arithmetic; what cannot be is in doubt or reported, never guessed.
    want = answer_tables(CORPUS, stem, _pdf_reading(stem))
    got = _text_reading(stem, "pdftotext", folder)
    score = compare_tables(got.get("tables") or {}, want)
    assert score.wrong == [], score.line()
    assert score.cells_matched + score.ambiguous + _lost_cells(score) == score.cells
    unread = {p["table"] for p in got.get("problems") or [] if p.get("kind") == "unreadable"}
    # a table whose rows are lost is one the reader says it could not read, listing its amounts
    assert {line.split(":")[0] for line in score.missing} <= unread, score.missing
    # every row kept (the column-written 基本支出 too); in doubt: 基本支出 cells whose blanks the text does
    # not locate, the 三公 cells a blank makes interchangeable
    assert score.rows_matched == score.rows, score.line()
    assert score.cells_matched * 100 >= score.cells * 95, score.line()


def _lost_cells(score: Any) -> int:
    return int(score.cells - score.cells_matched - score.ambiguous - len(score.wrong))


@pytest.mark.parametrize("extractor", list(EXTRACTORS))
@pytest.mark.parametrize("stem", DOCUMENTS)
def test_text_states_the_pdfs_facts(stem: str, extractor: str, folder: Path) -> None:
    facts = compare_facts(_text_reading(stem, extractor, folder), _pdf_reading(stem))
    assert facts.differences == [], facts.line()
