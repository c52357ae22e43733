"""``juesuan parse --format text``: the tables aligned for a person."""

from __future__ import annotations

import json
from decimal import Decimal

from juesuan.compose.terminal import display_width, format_amount, render_report
from juesuan.model import Report, Row, Table
from juesuan.model_json import report_from_json
from tests.conftest import corpus_file


def test_display_width_counts_chinese_as_two() -> None:
    assert display_width("合计") == 4
    assert display_width("201 合计") == 8


def test_amounts_keep_printed_precision_and_blank() -> None:
    assert format_amount(Decimal("1157.27")) == "1,157.27"
    assert format_amount(Decimal("0.00")) == "0.00"
    assert format_amount(Decimal("76")) == "76"
    assert format_amount(None) == ""


def test_columns_line_up_under_chinese_headers() -> None:
    table = Table("general_budget", columns=["total", "basic", "project"], total=[Decimal("10.00"), None, None])
    table.rows = [
        Row("一般公共服务支出", [Decimal("10.00"), Decimal("0.00"), None], code="201"),
        Row("行政运行", [Decimal("1234.50"), None, Decimal("1234.50")], code="2010101"),
    ]
    text = render_report(Report(department="测试局", year=2024, tables={"general_budget": table}))
    lines = [ln for ln in text.splitlines() if ln.startswith(("科目编码", "201 ", "2010101"))]
    assert len(lines) == 3
    # the right edge of the 合计 column is the same on every line
    cells = ["合计", "10.00", "1,234.50"]
    ends = [display_width(ln[: ln.index(v) + len(v)]) for ln, v in zip(lines, cells, strict=True)]
    assert len(set(ends)) == 1
    assert "0.00" in lines[1]  # a printed zero shows
    assert "未找到" in text  # the tables the report lacks are said to be missing


def test_real_answer_renders_every_table() -> None:
    data = json.loads(corpus_file("putuo-czj-2024.expected.json").read_text(encoding="utf-8"))
    text = render_report(report_from_json(data))
    assert "未找到" not in text
    assert "本表无数据：上海市普陀区财政局无政府性基金预算财政拨款支出，故本表无数据。" in text
    assert "2,995.39" in text and "人员经费合计：2,152.26" in text
