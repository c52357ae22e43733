"""The bundled example report is our own rendering of its data file, and up to date with its script."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "examples" / "example-2022.json"
PDF = ROOT / "examples" / "example-2022.pdf"


def pdf_text(data: bytes | Path) -> list[str]:
    doc = pdfium.PdfDocument(data if isinstance(data, bytes) else str(data))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def _printed_words(pages: list[str]) -> str:
    """The document's text without line breaks, spaces and the 目录's dot leaders: where lines wrap and how many
    dots fit depend on the fonts installed on the machine, the words and figures do not."""
    return re.sub(r"[.·…]{3,}", "…", "".join("".join(pages).split()))


def test_example_files_exist() -> None:
    assert DATA.exists() and PDF.exists()
    assert PDF.read_bytes().startswith(b"%PDF-")


def test_example_pdf_is_up_to_date_with_its_script() -> None:
    from juesuan.compose.pdf import report_pdf
    from juesuan.model_json import report_from_json

    report = report_from_json(json.loads(DATA.read_text(encoding="utf-8")))
    fresh = _printed_words(pdf_text(report_pdf(report)))
    stale = "examples/example-2022.pdf is stale: run .venv/bin/python scripts/make_example.py"
    assert fresh == _printed_words(pdf_text(PDF)), stale


def test_example_pdf_has_text_layer_with_figures() -> None:
    text = "".join(pdf_text(PDF))
    for needed in ("目", "第一部分", "第二部分", "第三部分", "第四部分 名词解释", "收入决算表", "支出决算表",
                   "1405.72", "1157.27", "597.55", "808.17", "单位：万元", "本表无数据", "42.51%", "57.49%"):
        assert needed in text, needed


def test_example_data_matches_corpus_figures() -> None:
    from tests.conftest import corpus_file

    answer = json.loads(corpus_file("hanyang-zzb-2022.expected.json").read_text(encoding="utf-8"))
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for key in ("income", "expenditure"):
        assert data["tables"][key]["rows"] == answer["tables"][key]["rows"]
        assert data["tables"][key]["total"] == answer["tables"][key]["total"]


@pytest.mark.parametrize("key", ["summary", "fiscal_summary", "general_budget", "basic_expenditure", "three_public",
                                 "gov_fund", "state_capital"])
def test_example_has_all_nine_tables(key: str) -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    assert key in data["tables"]
