"""``import juesuan``: read, check, compose and template from Python, and nothing else that looks public."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import juesuan
from juesuan.model_json import report_from_json

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "example-2022.json"


def test_the_public_names_are_the_documented_ones() -> None:
    assert not hasattr(juesuan, "annotations")  # `from __future__ import annotations` must not leak
    public = {name for name in dir(juesuan) if not name.startswith("_")}
    assert set(juesuan.__all__) - {"__version__"} <= public
    leaked = {name for name in public - set(juesuan.__all__) if not callable(getattr(juesuan, name))
              and type(getattr(juesuan, name)).__name__ != "module"}
    assert not leaked, leaked


def test_compose_writes_each_format_from_a_report(tmp_path: Path) -> None:
    import juesuan.compose.html  # a sub-module import does not hide the function

    report = report_from_json(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    for suffix, magic in (("docx", b"PK"), ("pdf", b"%PDF"), ("html", b"<!DOCTYPE html>")):
        result = juesuan.compose(report, tmp_path / f"r.{suffix}")
        assert (tmp_path / f"r.{suffix}").read_bytes().startswith(magic)
        assert result.gate.available and not result.gate.errors and not result.unchecked
    juesuan.compose(EXAMPLE, tmp_path / "from-a-file.html")  # or a file to read
    assert "收入决算表" in (tmp_path / "from-a-file.html").read_text(encoding="utf-8")


def test_compose_refuses_failing_data_unless_forced(tmp_path: Path) -> None:
    pytest.importorskip("juesuan.check.runner", reason="juesuan.check not available yet")
    from juesuan.errors import DataFailsChecks

    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["tables"]["income"]["rows"][0]["values"][0] = "1257.27"
    report = report_from_json(data)
    with pytest.raises(DataFailsChecks) as refused:
        juesuan.compose(report, tmp_path / "r.pdf")
    assert refused.value.exit_code == 1 and any("1257.27" in e for e in refused.value.errors)
    assert not (tmp_path / "r.pdf").exists()
    assert juesuan.compose(report, tmp_path / "r.html", force=True).unchecked


def test_template_writes_a_blank_or_prefilled_workbook(tmp_path: Path) -> None:
    from juesuan.read.workbook import read_workbook

    assert juesuan.template(tmp_path / "blank.xlsx") is None
    report = report_from_json(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    juesuan.template(tmp_path / "filled.xlsx", report)
    assert read_workbook(tmp_path / "filled.xlsx").tables["income"].total == report.tables["income"].total
    juesuan.template(tmp_path / "next.xlsx", EXAMPLE, next_year=True)
    assert read_workbook(tmp_path / "next.xlsx").narrative.get("previous_total") is not None
