"""Property tests of the model JSON door (Hypothesis): whatever a JSON file holds, reading it gives a Report or
one clear refusal, and a Report that got in can be checked, composed and turned into a workbook without an
internal error.  Each example is the bundled example report with values replaced, keys dropped, objects
nested or keys repeated at random places (hostile leaves: NaN, Infinity, 1e999999, control characters, lone
surrogates, huge integers, wrong types)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import juesuan
from juesuan.errors import JuesuanError
from juesuan.model import Report
from tests.fuzzing import examples, read_or_refuse

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = json.loads((ROOT / "examples" / "example-2022.json").read_text(encoding="utf-8"))

WORDS = ["NaN", "nan", "-NaN", "sNaN", "Infinity", "-Infinity", "inf", "1e999999", "-1e999999", "1e-999999",
         "1E+30", "二〇二四", "", " ", "-", "—", "1,2,3", "0x10", "1_000", "١٢٣", "１２３．４５", "12.345678901234567",
         "99999999999999999999", "-0", "+5", ".5", "5.", "2024年", "true", "null"]
ODD_TEXT = st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cs", "Co", "Lo", "Nd", "Zs", "Po"],
                                          include_characters="\x00\x1b\ufffe\uffff\u202e"), max_size=12)


# values a model may hold, absurd ones included: the reader must take them, and compose must print them
PLAUSIBLE = st.one_of(
    st.decimals(min_value=-(10**14), max_value=10**14, places=2).map(str),
    st.integers(min_value=-5, max_value=10**6), st.sampled_from(["0.00", "100.00", "", None]),
    st.text(alphabet="一般公共预算支出收入合计（）、。0123456789.% ", max_size=20),
    st.text(alphabet="部门局处", min_size=300, max_size=400),
)


def leaves() -> st.SearchStrategy[Any]:
    plausible = PLAUSIBLE
    scalar = st.one_of(
        plausible, plausible, st.none(), st.booleans(), st.sampled_from(WORDS), ODD_TEXT,
        st.integers(min_value=-(10**40), max_value=10**40),
        st.floats(allow_nan=True, allow_infinity=True),
        st.decimals(allow_nan=False, allow_infinity=False).map(str),
    )
    return st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                        st.dictionaries(st.text(max_size=4), inner, max_size=3)),
                        max_leaves=6)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*prefix, i))
    return out


PATHS = _paths(EXAMPLE)


def _leaf(path: tuple[Any, ...]) -> bool:
    node: Any = EXAMPLE
    for part in path:
        node = node[part]
    return not isinstance(node, dict | list)


LEAF_PATHS = [p for p in PATHS if _leaf(p)]


def _at(data: Any, path: tuple[Any, ...]) -> tuple[Any, Any]:
    for part in path[:-1]:
        data = data[part]
    return data, path[-1]


@st.composite
def hostile_models(draw: st.DrawFn, values: st.SearchStrategy[Any] | None = None) -> bytes:
    """The example with 1-3 changes; ``values``: what replaces a value (default: anything, hostile or not)."""
    values = values if values is not None else leaves()
    data = json.loads(json.dumps(EXAMPLE))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(LEAF_PATHS if draw(st.sampled_from([True] * 4 + [False])) else PATHS))
        try:
            parent, key = _at(data, path)
            action = draw(st.sampled_from(["replace", "replace", "replace", "drop", "nest"]))
            if action == "drop" and isinstance(parent, dict):
                parent.pop(key, None)
            elif action == "nest":
                parent[key] = {"x": [parent[key]]}
            else:
                parent[key] = draw(values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change took this path away
    text = json.dumps(data, ensure_ascii=draw(st.booleans()), allow_nan=True)
    if draw(st.sampled_from([False] * 9 + [True])):  # a key written twice (now and then)
        text = text.replace('"year": ', '"year": 1, "year": ', 1)
    return text.encode("utf-8", "surrogatepass")


@examples(150)
@given(hostile_models())
def test_any_model_json_reads_or_is_refused(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("json") / "model.json"
    path.write_bytes(data)
    read_or_refuse(path)


@examples(25)
@given(hostile_models(PLAUSIBLE))
def test_a_model_that_got_in_composes_or_is_refused(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    folder = tmp_path_factory.mktemp("compose")
    path = folder / "model.json"
    path.write_bytes(data)
    outcome = read_or_refuse(path)
    if not isinstance(outcome, Report):
        return
    for target in (folder / "r.html", folder / "t.xlsx"):
        try:
            if target.suffix == ".html":
                juesuan.compose(outcome, target, force=True)
            else:
                juesuan.template(target, source=outcome)
        except JuesuanError:
            pass
