"""The composed report as a reader sees it: pages rendered to pixels, not the HTML string.

Page numbers, the fonts the PDF really uses, vector figures, and the figures the data
cannot support left out (a one-slice pie, a one-bar "change" chart).
"""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from juesuan.model import Report
from juesuan.model_json import report_from_json

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "example-2022.json"
CM = 72 / 2.54  # PDF points per centimetre


def _example() -> Report:
    return report_from_json(json.loads(EXAMPLE.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def pdf() -> pdfium.PdfDocument:
    from juesuan.compose.pdf import report_pdf

    return pdfium.PdfDocument(report_pdf(_example()))


def _footer_text(page: pdfium.PdfPage) -> str:
    width, _height = page.get_size()
    # PDF coordinates: origin bottom-left; the footer sits in the bottom margin (2.0 cm portrait, 1.4 cm landscape)
    return page.get_textpage().get_text_bounded(0, 0, width, 1.4 * CM).strip()


def _ink_in_footer(page: pdfium.PdfPage) -> int:
    """Dark pixels in the middle of the bottom margin of the rendered page."""
    scale = 2
    image = page.render(scale=scale).to_pil().convert("L")
    w, h = image.size
    band = image.crop((int(w * 0.4), int(h - 1.4 * CM * scale), int(w * 0.6), h))
    return sum(band.histogram()[:160])


def test_every_page_but_the_cover_prints_its_number(pdf: pdfium.PdfDocument) -> None:
    assert len(pdf) >= 15
    assert _footer_text(pdf[0]) == "" and _ink_in_footer(pdf[0]) == 0  # the cover has none
    for i in range(1, len(pdf)):
        assert _footer_text(pdf[i]).replace(" ", "") == f"—{i + 1}—", i + 1
        assert _ink_in_footer(pdf[i]) > 20, f"page {i + 1}: the number is in the text layer but not drawn"


def test_digits_use_the_latin_face_and_chinese_a_chinese_one() -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    import io

    from juesuan.compose.pdf import report_pdf

    with pdfplumber.open(io.BytesIO(report_pdf(_example()))) as doc:
        chars = [c for page in doc.pages[12:14] for c in page.chars]
    digits = {c["fontname"].split("+")[-1] for c in chars if c["text"].isdigit()}
    hanzi = {c["fontname"].split("+")[-1] for c in chars if "\u4e00" <= c["text"] <= "\u9fff"}
    assert digits and all(f.startswith("juesuan-latin") for f in digits), digits
    assert hanzi and not any(f.startswith(("DejaVu", "juesuan-latin")) for f in hanzi), hanzi


def test_figures_are_vector_in_the_pdf(pdf: pdfium.PdfDocument) -> None:
    for i in range(len(pdf)):
        images = [o for o in pdf[i].get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
        assert not images, f"page {i + 1} has a raster image"


def test_a_one_part_structure_has_no_pie_and_an_unknown_year_no_bar() -> None:
    from juesuan.compose.document import Chart, Paragraph
    from juesuan.compose.narrative_text import narrative_blocks

    report = _example()
    report.narrative.facts.pop("previous_total", None)
    report.narrative.facts["fiscal"].pop("previous", None)
    blocks = narrative_blocks(report)
    charts = [b for b in blocks if isinstance(b, Chart)]
    assert [c.caption for c in charts] == ["图1：支出决算结构"]  # basic and project; income is all 财政拨款
    assert all(len(c.values) > 1 for c in charts)
    text = "".join(b.text for b in blocks if isinstance(b, Paragraph))
    assert "2021 年度收入支出总计未填报，无法与上年比较" in text
    assert "2021 年度财政拨款收入支出总计未填报，无法与上年比较" in text

