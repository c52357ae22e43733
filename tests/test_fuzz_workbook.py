"""Property tests of the workbook door (Hypothesis): a filled 决算填报 workbook with cells changed at random
(text in amounts, NaN and infinities, 10^30, negative counts, formulas, dates, booleans, cells cleared, sheets
deleted or renamed) reads into a Report or is refused in one line naming its cells, and a Report that got in
composes (or is refused) without an internal error."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import juesuan
from juesuan.errors import JuesuanError
from juesuan.model import Report
from juesuan.model_json import report_from_json
from tests.fuzzing import examples, read_or_refuse

ROOT = Path(__file__).resolve().parents[1]

VALUES = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.decimals(min_value=-(10**12), max_value=10**12, places=2).map(float),
    st.sampled_from(["NaN", "Infinity", "-inf", "1e999999", "二〇二四", "264,87", "1,157.27", "１２３．４５", "=1/0",
                     "=SUM(C5:C9)", "—", "-", "", "  ", "x" * 300, "2024", "-3", "0", "一般公共服务支出",
                     "列代码：foo bar", "【项目支出绩效自评表】", "overall.score", "人员经费合计", "本年收入合计"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=20),
    st.booleans(),
    st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(2100, 1, 1)),
)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("book") / "filled.xlsx"
    example = json.loads((ROOT / "examples" / "example-2022.json").read_text(encoding="utf-8"))
    juesuan.template(path, source=report_from_json(example))
    return path.read_bytes()


@st.composite
def edits(draw: st.DrawFn) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        kind = draw(st.sampled_from(["cell"] * 8 + ["delete", "rename"]))
        if kind == "cell":
            out.append(("cell", (draw(st.integers(min_value=0, max_value=20)), draw(st.integers(1, 120)),
                                 draw(st.integers(1, 12)), draw(VALUES))))
        else:
            out.append((kind, draw(st.integers(min_value=0, max_value=20))))
    return out


def _apply(path: Path, changes: list[tuple[str, Any]]) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    for kind, what in changes:
        names = wb.sheetnames
        if not names:
            break
        if kind == "cell":
            index, row, col, value = what
            ws = wb[names[index % len(names)]]
            try:
                ws.cell(row, col).value = value
            except (ValueError, TypeError, AttributeError):  # openpyxl refuses what a workbook cannot hold
                continue
        elif kind == "delete" and len(names) > 1:
            del wb[names[what % len(names)]]
        elif kind == "rename":
            wb[names[what % len(names)]].title = f"改名{what}"
    wb.save(path)


def _edited(folder: Path, filled: bytes, changes: list[tuple[str, Any]]) -> Path:
    path = folder / "edited.xlsx"
    path.write_bytes(filled)
    _apply(path, changes)
    return path


@examples(30)
@given(edits())
def test_any_edited_workbook_reads_or_names_its_cells(tmp_path_factory: pytest.TempPathFactory, filled: bytes,
                                                      changes: list[tuple[str, Any]]) -> None:
    read_or_refuse(_edited(tmp_path_factory.mktemp("edit"), filled, changes))


@examples(10)
@given(edits())
def test_an_edited_workbook_composes_or_is_refused(tmp_path_factory: pytest.TempPathFactory, filled: bytes,
                                                   changes: list[tuple[str, Any]]) -> None:
    folder = tmp_path_factory.mktemp("compose")
    outcome = read_or_refuse(_edited(folder, filled, changes))
    if isinstance(outcome, Report):
        try:
            juesuan.compose(outcome, folder / "r.html", force=True)
        except JuesuanError:
            pass
