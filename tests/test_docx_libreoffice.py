"""The composed DOCX as a word processor opens it (LibreOffice Writer, headless): it converts to PDF, on a
sensible number of pages, and the text a reader sees there holds the report's title, its tables' names, its
totals and its page numbers (the footer's PAGE field, evaluated by the program, not by us).  Skips where
LibreOffice (Debian libreoffice-writer-nogui) is not installed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import juesuan
from juesuan.model_json import report_from_json

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "example-2022.json"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (libreoffice-writer-nogui) is not installed")


def test_the_composed_docx_opens_in_a_word_processor_with_its_tables_totals_and_page_numbers(tmp_path: Path) -> None:
    report = report_from_json(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    docx = tmp_path / "部门决算.docx"
    juesuan.compose(report, docx)
    assert SOFFICE is not None
    subprocess.run([SOFFICE, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "部门决算.pdf"
    assert pdf.exists(), "LibreOffice could not open the DOCX"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert 8 <= pages <= 60
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    assert report.department and report.department in flat
    for title in ("收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "“三公”经费"):
        assert title in flat, title
    income = report.tables["income"]
    assert income.total and income.total[0] is not None
    assert f"{income.total[0]:.2f}" in flat.replace(",", "")  # 收入合计 1405.72 (the example's)
    footers = [page.strip().splitlines()[-1] for page in text.split("\f") if page.strip()]
    numbered = [line for line in footers if re.search(r"\d+", line)]
    assert len(numbered) >= pages - 1  # every page but perhaps the cover carries its number
