"""Round trip over the corpus: parse -> template --from -> compose PDF -> parse gives the same tables and facts,
and ``juesuan check`` on the composed PDF finds no error the input did not already carry.

A published report's own table inconsistencies travel with its tables; its narrative errors do not, since the
narrative is recomputed.  So facts are compared where the original states them consistently with its tables.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest

from juesuan.model import Report
from juesuan.model_json import report_to_json
from tests.conftest import corpus_file

DOCUMENTS = ["hanyang-zzb-2022.txt", "putuo-czj-2024.pdf", "putuo-shgzb-2024.pdf"]
CENT = Decimal("0.01")


def _tables(report: Report) -> dict[str, Any]:
    out = {}
    for key, table in report_to_json(report, with_pages=False)["tables"].items():
        t = {k: v for k, v in table.items()
             if k not in ("pages", "title", "total_locations", "cell_boxes", "total_boxes", "note")}
        for side in ("rows", "income", "expenditure"):
            if side in t:
                t[side] = [{k: v for k, v in r.items() if k in ("code", "name", "values")} for r in t[side]]
        out[key] = t
    return out


def _flat(obj: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in obj.items():
        if isinstance(v, dict):
            out.update(_flat(v, f"{prefix}{k}."))
        else:
            out[prefix + k] = v
    return out


def _number(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


# a reason is printed after the comparison it explains: carried whenever that comparison is printed
_EXPLAINS = {"reasons.total": "change", "reasons.fiscal": "fiscal.change", "reasons.general": "general_budget.change",
             "reasons.general_budget": "general_budget.completion_pct", "reasons.three_public.budget":
             "three_public.completion_pct", "reasons.three_public.previous": "three_public.change",
             "reasons.operating_costs": "operating_costs.change"}


def _explained(path: str, composed: dict[str, Any]) -> bool:
    if path.startswith("reasons.class."):
        return composed.get(f"general_budget.by_class.{path.removeprefix('reasons.class.')}.budget") is not None
    return path not in _EXPLAINS or composed.get(_EXPLAINS[path]) is not None


def _error_keys(report: Report) -> set[tuple[str, str | None, str | None, str | None]]:
    from juesuan.check import check

    return {(f.rule, f.location.table, f.location.row_code, f.location.column)
            for f in check(report) if f.severity == "error"}


@pytest.fixture(scope="module", params=DOCUMENTS)
def round_trip(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Report]:
    from juesuan.cli import main
    from juesuan.read import read

    source = corpus_file(request.param)
    original = read(source)
    if not original.tables:
        pytest.skip(f"{request.param}: the reader finds no table yet")
    work = tmp_path_factory.mktemp("rt")
    workbook, pdf = work / "seed.xlsx", work / "composed.pdf"
    assert main(["template", "--from", str(source), "-o", str(workbook)]) == 0
    # --force: a published report's own table inconsistencies are refused without it, and must travel
    assert main(["compose", str(workbook), "-o", str(pdf), "--force"]) == 0
    return original, read(pdf)


def test_round_trip_gives_the_same_tables(round_trip: tuple[Report, Report]) -> None:
    original, composed = round_trip
    before, after = _tables(original), _tables(composed)
    for key, table in before.items():
        assert after.get(key) == table, key
        if original.tables[key].empty:
            note = (original.tables[key].note or "").rstrip("。")
            assert composed.tables[key].empty and (composed.tables[key].note or "").startswith(note)


def test_round_trip_keeps_the_facts(round_trip: tuple[Report, Report]) -> None:
    from juesuan.check import check

    original, composed = round_trip
    # facts the original states wrongly (the checker says so) are recomputed, not copied
    # (with the change printed beside a wrong total: fiscal.total wrong -> fiscal.* not compared)
    wrong = set()
    for f in check(original):
        if f.severity == "error" and f.location.path:
            path = f.location.path
            wrong.add(path.rsplit(".", 1)[0] + "." if path.endswith(".total") else path)
    before, after = _flat(report_to_json(original)["narrative"]), _flat(report_to_json(composed)["narrative"])
    before.pop("sources", None)
    missing, different = [], []
    for path, value in before.items():
        if path.startswith("sources.") or any(path.startswith(w) for w in wrong if w):
            continue
        if path == "fiscal.previous":  # printed only inside 图4 (an image in the composed report)
            continue
        if not _explained(path, after):  # e.g. a class's reason, where no 年初预算 by class was given
            continue
        a, b = _number(value), _number(after.get(path))
        if path.endswith("completion_pct") and a == 0:
            continue  # 完成预算的 0% of a zero budget: not a rate, not printed
        if path.endswith("change_pct") and a == 100 and b is None:
            continue  # "增长 100%" from nothing: no rate over a zero previous year
        if b is None and after.get(path) is None:
            missing.append(path)
        elif a is not None and b is not None:
            tolerance = CENT if path.endswith(("share_pct", ".pct")) else Decimal(0)  # largest remainder
            if abs(a - b) > tolerance:
                different.append((path, value, after.get(path)))
        elif value != after.get(path):
            different.append((path, value, after.get(path)))
    assert not different, different
    assert not missing, missing


def test_composed_pdf_has_no_new_check_errors(round_trip: tuple[Report, Report]) -> None:
    original, composed = round_trip
    missing_tables = {("C101", key, None, None) for key in ("summary", "fiscal_summary", "general_budget",
                                                             "basic_expenditure", "three_public")}
    new = _error_keys(composed) - _error_keys(original) - missing_tables
    assert not new, new


def test_example_round_trip_through_our_pdf_reader() -> None:
    import json

    from juesuan.model_json import report_from_json
    from juesuan.read import read

    root = Path(__file__).resolve().parents[1]
    data = report_from_json(json.loads((root / "examples" / "example-2022.json").read_text(encoding="utf-8")))
    parsed = read(root / "examples" / "example-2022.pdf")
    if not parsed.tables:
        pytest.skip("the PDF reader finds no table yet")
    assert _tables(parsed) == _tables(data)
    assert parsed.performance is not None and data.performance is not None
    assert parsed.performance.overall == data.performance.overall
    assert parsed.performance.self_evaluated == data.performance.self_evaluated
    def projects(report: Report) -> list[tuple[str, Decimal, Decimal]]:  # whitespace in names does not matter
        assert report.performance is not None
        return [("".join(p["name"].split()), p["budget"], p["actual"]) for p in report.performance.projects]

    assert projects(parsed) == projects(data)
