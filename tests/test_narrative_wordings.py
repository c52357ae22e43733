"""情况说明 facts in the wordings of other regions and years, each number read from its own sentence.

The sentences below are written here in the forms the templates of different places use (中央部门,
2019 provincial templates, 浙江-style 收入、支出决算总计, 陕西-style 会议费/培训费 items); none is copied
from a published report.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.model import Narrative, Report, Row, Table
from juesuan.read.prose.narrative import read_narrative
from juesuan.read.prose.narrative_patterns import Rule
from juesuan.read.prose.with_tables import only_general_budget, read_with_tables
from tests.conftest import corpus_file
from tests.test_narrative import corpus_pages, pages

D = Decimal
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def narrative(*texts: str) -> Narrative:
    return read_narrative(pages(*texts))


def test_central_totals_worded_as_total_final_accounts() -> None:
    n = narrative(
        "一、收入支出决算总体情况说明\n某局 2024 年度收、支总计 2,000.50 万元，与 2023 年\n"
        "相比，收、支总计各增加 100.50 万元，增长 5.29%。\n"
        "四、财政拨款收入支出决算总体情况说明\n某局 2024 年度财政拨款收支总决算 1800 万元。\n"
        "与 2023 年度相比，财政拨款收、支总计各减少 20 万元，降低 1.1%。主要原因是项目减少。"
    )
    assert (n.get("total"), n.get("change"), n.get("change_pct")) == (D("2000.50"), D("100.50"), D("5.29"))
    assert n.get("fiscal") == {"total": D(1800), "change": D(-20), "change_pct": D("-1.1")}
    assert n.sources["fiscal.total"].text == "某局2024年度财政拨款收支总决算1800万元。"


@pytest.mark.parametrize(
    "sentence",
    [
        "2024年度收入、支出决算总计各500.00万元。",  # 收入、支出决算总计
        "本部门2024年度收入支出决算总计500.00万元。",
        "2019年度收入总计500.00万元，支出总计500.00万元。",  # 2019 templates: the two 总计 lines
        "本单位2024年度收支总计为500.00万元。",
    ],
)
def test_totals_in_other_wordings(sentence: str) -> None:
    n = narrative(f"一、收入支出决算总体情况说明\n{sentence}")
    assert n.get("total") == D("500.00")


def test_income_total_alone_is_not_the_grand_total() -> None:
    n = narrative("一、收入支出决算总体情况说明\n本年收入总计300万元，其中财政拨款收入280万元。")
    assert n.get("total") is None


def test_2019_general_budget_sentences() -> None:
    n = narrative(
        "五、一般公共预算财政拨款支出决算情况说明\n（一）一般公共预算财政拨款支出决算总体情况\n"
        "2019年度一般公共预算财政拨款支出1,200.00万元，占本年支出合计的80.00%。与2018年度相比，"
        "一般公共预算财政拨款支出减少60.00万元，下降4.76%。\n"
        "（三）一般公共预算财政拨款支出决算具体情况\n2019年度一般公共预算财政拨款支出年初预算为1,300.00万元，"
        "支出决算为1,200.00万元，完成年初预算的92.31%。"
    )
    assert n.get("general_budget") == {
        "actual": D("1200.00"), "change": D("-60.00"), "change_pct": D("-4.76"),
        "budget": D("1300.00"), "completion_pct": D("92.31"),
    }


def test_three_public_budget_then_the_year_s_actual() -> None:
    n = narrative(
        "七、一般公共预算财政拨款“三公”经费支出决算情况说明\n（一）“三公”经费财政拨款支出决算总体情况说明\n"
        "某局 2024 年度“三公”经费财政拨款支出预算为 80 万元，2024 年度支出决算为 60 万元，完成预算的 75%。其中：\n"
        "因公出国（境）费支出决算为 10 万元，完成预算的 50%；公务接待费支出决算为 2 万元，完成预算的 20%。"
    )
    assert n.get("three_public.budget") == D(80) and n.get("three_public.actual") == D(60)
    assert n.get("three_public.completion_pct") == D(75)
    assert n.get("three_public.overseas") == {"actual": D(10), "completion_pct": D(50)}
    assert n.get("three_public.reception") == {"actual": D(2), "completion_pct": D(20)}


def test_meeting_and_training_items() -> None:
    n = narrative(
        "三、2020年度“三公”经费、培训费及会议费支出情况说明\n“三公”经费支出决算为5.00万元。"
        "会议费支出预算为3.00万元，支出决算为2.00万元，完成预算的66.67%；培训费支出决算为1.50万元。"
    )
    assert n.get("three_public.meeting") == {"budget": D(3), "actual": D(2), "completion_pct": D("66.67")}
    assert n.get("three_public.training.actual") == D("1.50")


def test_procurement_items_only_in_a_sentence_about_procurement() -> None:
    """服务支出 in 一般公共服务支出 is no procurement: 货物/工程/服务 are read where 政府采购 is the subject."""
    n = narrative(
        "三、支出决算情况说明\n按功能分类划分为一般公共服务支出 900 万元，占比 90%。\n"
        "九、政府采购支出说明\n2024 年度政府采购支出总额 50 万元，其中：政府采购货物支出 10 万元、"
        "政府采购工程支出 0 万元、政府采购服务支出 40 万元。"
    )
    assert n.get("procurement") == {"total": D(50), "goods": D(10), "works": D(0), "services": D(40)}
    assert "政府采购服务支出40万元" in n.sources["procurement.services"].text
    alone = narrative("三、支出决算情况说明\n本年度一般公共服务支出 900 万元，占比 90%。")
    assert alone.get("procurement") is None
    other_words = narrative(
        "十、其他重要事项\n本部门政府采购合同金额共 30 万元，其中：货物采购金额 5 万元，服务采购金额 25 万元。"
    )
    assert other_words.get("procurement") == {"total": D(30), "goods": D(5), "services": D(25)}


def test_no_label_reads_a_number_from_another_sentence() -> None:
    """A pattern that could run on past a full stop or a heading never joins two sentences."""
    from juesuan.read.prose.narrative import apply_rules, mark_breaks, sections
    from juesuan.read.prose.running_text import RunningText

    rule = Rule((), r"甲项[^\d]{0,20}?⟨amount:x⟩", {"x": "x"})

    def read(text: str) -> Narrative:
        stream = RunningText.compact(pages(text))
        mark_breaks(stream)
        out = Narrative()
        apply_rules(stream, sections(stream), [rule], out)
        return out

    assert read("本年甲项支出为5万元。").get("x") == D(5)
    assert read("本年甲项支出情况如下。乙项为5万元。").facts == {}
    assert read("（一）甲项支出\n乙项为5万元，").facts == {}  # a heading is not the start of its body's sentence
    # the match that would cross is tried again after the stop: the next sentence's own figure is found
    assert read("甲项无支出。甲项为7万元。").get("x") == D(7)


# --- 财政拨款支出 for 一般公共预算财政拨款支出: only where the report has no other fund -------------------


SECTION_FIVE = (
    "五、一般公共预算财政拨款支出决算情况说明\n（一）财政拨款支出决算总体情况\n"
    "某局 2024 年度财政拨款支出 900 万元，占总支出 90%。与 2023 年度相比，财政拨款支出减少 30 万元，降低 3.23%。\n"
    "（三）财政拨款支出决算具体情况\n某局 2024 年度财政拨款支出年初预算为 1000 万元，支出决算为 900 万元，"
    "完成年初预算的 90%。"
)


def _fiscal_summary(gov_fund: str | None) -> Table:
    line = Row("一般公共服务支出", [D(900), D(900), D(gov_fund) if gov_fund else None, None])
    total = Row("本年支出合计", [D(900), D(900), D(gov_fund) if gov_fund else None, None])
    return Table("fiscal_summary", expenditure=[line], totals={"expenditure_total": total})


def _report(tables: dict[str, Table]) -> Report:
    report = Report(pages=pages(SECTION_FIVE), tables=tables)
    report.narrative = read_narrative(report.pages)
    read_with_tables(report)
    return report


def test_fiscal_wording_read_as_general_budget_when_it_is_the_only_fund() -> None:
    report = _report({"fiscal_summary": _fiscal_summary(None)})
    assert report.narrative.get("general_budget") == {
        "actual": D(900), "change": D(-30), "change_pct": D("-3.23"), "budget": D(1000), "completion_pct": D(90),
    }


def test_fiscal_wording_left_unmapped_where_there_are_other_funds() -> None:
    assert _report({"fiscal_summary": _fiscal_summary("50")}).narrative.get("general_budget") is None
    assert _report({}).narrative.get("general_budget") is None  # nothing says which funds there are


def test_only_general_budget_from_the_fund_tables() -> None:
    empty = {"gov_fund": Table("gov_fund", empty=True), "state_capital": Table("state_capital", empty=True)}
    assert only_general_budget(empty)
    zeros = {**empty, "gov_fund": Table("gov_fund", columns=["total"], total=[D("0.00")],
                                        rows=[Row("x", [D("0.00")], code="212")])}
    assert only_general_budget(zeros)
    spent = {**empty, "gov_fund": Table("gov_fund", columns=["total"], total=[D(5)], rows=[Row("x", [D(5)], "212")])}
    assert not only_general_budget(spent)
    assert not only_general_budget({"gov_fund": Table("gov_fund", empty=True)})


# --- the corpus -----------------------------------------------------------------------------------------


def test_central_report_reads_to_its_answer() -> None:
    """国家信访局 2024: every fact of the answer, with the tables deciding what 财政拨款支出 means."""
    import juesuan
    from tests.test_narrative import leaves, lookup

    path = corpus_file("gjxfj-2024.pdf")
    want = json.loads(path.with_name("gjxfj-2024.expected.json").read_text(encoding="utf-8"))
    report = juesuan.read(path)
    wrong = []
    for fact, value in leaves(want["narrative"]):
        _, got = lookup(report.narrative, fact)
        if got is None or D(str(got)) != D(str(value)):
            wrong.append(f"{fact}: want {value}, got {got}")
    assert wrong == []
    assert report.units_included == want["units_included"]
    assert report.narrative.sources["procurement.services"].text.endswith("政府采购服务支出1792.72万元。")


@pytest.mark.parametrize(
    "name", ["gjxfj-2024.pdf", "hanyang-zzb-2022.txt", "putuo-czj-2024.pdf", "putuo-shgzb-2024.pdf"]
)
def test_every_fact_is_printed_in_its_source_sentence(name: str) -> None:
    """Each fact read (answered or not) names a source whose text prints the value, in one sentence."""
    import juesuan

    report = juesuan.read(corpus_file(name))
    narrative = report.narrative
    assert narrative.paths()
    for path in narrative.paths():
        value, source = narrative.get(path), narrative.sources.get(path)
        assert source is not None, path
        if isinstance(value, str):  # a passage the composer carries (主要职能, a 主要原因): a text, not a figure
            assert source.page >= 1 and source.text, path
            continue
        printed = {D(n.replace(",", "")) for n in NUMBER.findall(source.text)}
        if value == 0 and D(0) not in printed:  # "与上年持平": a zero change stated in words
            assert re.search("持平|无增减|无变化", source.text), (path, source.text)
            continue
        assert abs(D(value)) in printed, (path, value, source.text)


def test_corpus_pages_without_tables_keep_the_fiscal_wording_unmapped() -> None:
    """Read from its text alone (no tables to say it has one fund), the central report's 财政拨款支出 stays unread."""
    n = read_narrative(corpus_pages(corpus_file("gjxfj-2024.pdf")))
    assert n.get("general_budget.actual") is None
    assert n.get("general_budget.by_class.教育支出.actual") == D("180.03")


def test_units_included_listed_as_accounts(tmp_path: Path) -> None:
    from juesuan.read.prose.metadata import read_metadata

    for text, units in (
        ("某局部门决算包括：局本级决算、离退休干部办公室决算、机关服务中心决算和信息中心决算。",
         ["局本级", "离退休干部办公室", "机关服务中心", "信息中心"]),
        ("本部门决算包括：部门本级决算及所属2个单位决算。", ["部门本级"]),
        ("纳入本部门2024年度部门决算编制范围的二级预算单位包括：某中心、某站。", ["某中心", "某站"]),
    ):
        report = Report(pages=pages(text))
        read_metadata(report)
        assert report.units_included == units, text


def test_fiscal_wording_in_a_plain_text_with_one_fund(tmp_path: Path) -> None:
    """The text reader reads its tables last: the fiscal wording is settled once they say there is one fund."""
    import juesuan

    body = (
        "某局2024年度部门决算\n二、收入决算情况说明\n本年收入合计1000万元。\n"
        "五、一般公共预算财政拨款支出决算情况说明\n（一）财政拨款支出决算总体情况\n"
        "某局2024年度财政拨款支出900万元，占总支出90%。与2023年度相比，财政拨款支出减少30万元，降低3.23%。\n"
    )
    funds = (
        "八、政府性基金预算财政拨款收入支出决算情况说明\n本部门2024年度没有政府性基金预算财政拨款收入和支出。\n"
        "九、国有资本经营预算财政拨款支出决算情况说明\n本部门2024年度没有国有资本经营预算财政拨款支出。\n"
    )
    one_fund = tmp_path / "one.txt"
    one_fund.write_text(body + funds, encoding="utf-8")
    assert juesuan.read(one_fund).narrative.get("general_budget") == {
        "actual": D(900), "change": D(-30), "change_pct": D("-3.23")}
    unknown = tmp_path / "unknown.txt"
    unknown.write_text(body, encoding="utf-8")
    report = juesuan.read(unknown)
    assert report.narrative.get("income_total") == D(1000)
    assert report.narrative.get("general_budget") is None  # nothing says which funds there are
