"""Narrative facts: the corpus answers, and the model sentences on small synthetic pages."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from juesuan.model import Box, Narrative, Page, TextLine
from juesuan.read.prose.narrative import read_narrative, read_self_evaluated, read_self_evaluated_facts
from tests.conftest import corpus_file

ANSWERED = ("hanyang-zzb-2022.txt", "putuo-czj-2024.pdf", "putuo-shgzb-2024.pdf")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


@cache
def corpus_pages(path: Path) -> list[Page]:
    if path.suffix == ".txt":  # as read.text_reader.text_pages: pages at form feeds, lines at newlines
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        return [Page(i + 1, [TextLine(t) for t in chunk.split("\n")]) for i, chunk in enumerate(text.split("\f"))]
    from juesuan.read.pdf.document import iter_pages, open_pdf
    from juesuan.read.pdf.lines import text_lines

    doc = open_pdf(path)
    try:
        return [Page(g.number, text_lines(g.number, g.chars)) for g in iter_pages(doc)]
    finally:
        doc.close()


def leaves(obj: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in obj.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            yield from leaves(value, path)
        else:
            yield path, value


def squeeze(text: str) -> str:
    return "".join(text.split())


def lookup(narrative: Narrative, path: str) -> tuple[str | None, Any]:
    """The fact at a path, names compared without whitespace (as the spec says)."""
    for got in narrative.paths():
        if squeeze(got) == squeeze(path):
            return got, narrative.get(got)
    return None, None


@pytest.mark.parametrize("name", ANSWERED)
def test_corpus_facts_match_the_answers(name: str) -> None:
    path = corpus_file(name)
    want = json.loads(path.with_name(path.name.rsplit(".", 1)[0] + ".expected.json").read_text(encoding="utf-8"))
    narrative = read_narrative(corpus_pages(path))
    wrong: list[str] = []
    for fact, value in leaves(want.get("narrative") or {}):
        got_path, got = lookup(narrative, fact)
        if value is None:
            if got is not None:
                wrong.append(f"{fact}: not printed, got {got}")
            continue
        if got is None or Decimal(str(got)) != Decimal(str(value)):
            wrong.append(f"{fact}: want {value}, got {got}")
            continue
        assert got_path is not None
        source = narrative.sources.get(got_path)
        printed = [Decimal(n) for n in NUMBER.findall(source.text.replace(",", ""))] if source else []
        if abs(Decimal(str(value))) not in printed:  # a decrease is printed as a word and a positive number
            wrong.append(f"{fact}: source {source} does not print {value}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", ANSWERED)
def test_corpus_values_are_decimal_or_int(name: str) -> None:
    narrative = read_narrative(corpus_pages(corpus_file(name)))
    for fact in narrative.paths():
        value = narrative.get(fact)
        assert isinstance(value, int if fact == "assets.vehicles" else Decimal), fact
        assert not isinstance(value, float)


def test_template_gives_no_facts() -> None:
    pages = corpus_pages(corpus_file("shanghai-template-2024.pdf"))
    assert read_narrative(pages).facts == {}
    assert read_self_evaluated(pages) == {}


def test_self_evaluated_from_the_narrative() -> None:
    pages = corpus_pages(corpus_file("hanyang-zzb-2022.txt"))
    assert read_self_evaluated(pages) == {"projects": 8, "amount": Decimal("649.94"), "share_pct": Decimal("80.42")}


# --- synthetic pages -------------------------------------------------------------------------------


def pages(*texts: str) -> list[Page]:
    """Pages from texts; lines split at newlines, each line with a box."""
    out: list[Page] = []
    for number, text in enumerate(texts, start=1):
        lines = [TextLine(t, Box(number, 72, 100 + 20 * i, 500, 114 + 20 * i)) for i, t in enumerate(text.split("\n"))]
        out.append(Page(number, lines))
    return out


def narrative(*texts: str) -> Narrative:
    return read_narrative(pages(*texts))


def test_sentence_broken_across_lines_and_pages() -> None:
    n = narrative(
        "第三部分 某局2024年度部门决算情况说明\n一、收入支出决算总体情况说明\n2024 年度收、\n支总计 1,405.72",
        "12\n万元。与 2023 年度相比，收、支总计各减少 136.74 万元，下降\n8.87%。",
    )
    assert n.get("total") == Decimal("1405.72")
    assert n.get("change") == Decimal("-136.74")
    assert n.get("change_pct") == Decimal("-8.87")
    assert n.sources["total"].page == 1
    assert "1,405.72万元" in n.sources["total"].text
    assert n.sources["change_pct"].text.startswith("与2023年度相比")
    assert n.sources["total"].box is not None and n.sources["total"].box.page == 1
    assert n.get("previous_total") is None  # implied by the change, never printed


def test_decrease_words_give_negatives_and_increase_positive() -> None:
    n = narrative(
        "一、收入支出决算总体情况说明\n收入支出总计100.00万元。与上年相比，收入支出总计下降5.00万元，减少4.76%。\n"
        "四、财政拨款收入支出决算总体情况说明\n财政拨款收入支出总计90"
        "万元。与上年相比，财政拨款收入支出总计增加3万元，增长3.45%。"
    )
    assert n.get("change") == Decimal("-5.00") and n.get("change_pct") == Decimal("-4.76")
    assert n.get("fiscal.total") == Decimal("90")
    assert n.get("fiscal.change") == Decimal("3") and n.get("fiscal.change_pct") == Decimal("3.45")


def test_unchanged_is_zero_change() -> None:
    n = narrative(
        "四、财政拨款收入支出决算总体情况说明\n某局2024年度财政拨款收入支出总计0.3万元。与2023年度相比，\n"
        "财政拨款收入支出总计持平。主要原因：无。"
    )
    assert n.get("fiscal.total") == Decimal("0.3")
    assert n.get("fiscal.change") == Decimal(0)
    assert "持平" in n.sources["fiscal.change"].text


def test_income_and_expenditure_shares() -> None:
    n = narrative(
        "二、收入决算情况说明\n本年收入合计2946.25万元，其中：财政拨款收入2"
        "940.05万元，占99.79%；其他\n收入6.2万元，占0.21%；\n"
        "三、支出决算情况说明\n本年支出合计2940.05万元，其中：基本支出233"
        "6.91万元，占79.49%；项目支出\n603.14万元，占20.51%；"
    )
    assert n.get("income_total") == Decimal("2946.25")
    assert n.get("income_parts.财政拨款收入.pct") == Decimal("99.79")
    assert n.get("income_parts.其他收入.amount") == Decimal("6.2")
    assert str(n.get("income_parts.其他收入.amount")) == "6.2"  # kept as printed
    assert n.get("expenditure_total") == Decimal("2940.05")
    assert n.get("basic.pct") == Decimal("79.49")
    assert n.get("project.amount") == Decimal("603.14")


def test_general_budget_completion_and_classes() -> None:
    n = narrative(
        "五、一般公共预算财政拨款支出决算情况说明\n（一）一般公共预算财政拨款支出决算总体情况\n"
        "一般公共预算财政拨款支出307.82 万元，占本年支出合计的100.0"
        "0%。与2023年度相比，一般公共预算财政拨款支出增加307.82\n"
        "万元，增长100.00%。\n（二）一般公共预算财政拨款支出决算结构情况\n"
        "一般公共预算财政拨款支出307.82万元，主要用于以下方面：一般公共"
        "服务支出（类）264.87 万元，占86.05%；社会保障和就业\n"
        "支出（类）10.82万元，占3.52%。\n（三）一般公共预算财政拨款支出决算具体情况\n"
        "一般公共预算财政拨款支出年初预算为 0 万元，全年预算为\n321."
        "02万元，支出决算为307.82万元，完成年初预算的95.89%。\n"
        "4.农林水支出（类）。年初预算为5.00万元，支出决算为3.34"
        "\n万元，完成年初预算的66.8%，支出决算数小于年初预算数。\n"
        "5.住房保障支出（类）。年初预算为0万元，支出决算为157.78\n万元，支出决算数大于年初预算数。"
    )
    assert n.get("general_budget.budget") == Decimal(0)
    assert n.get("general_budget.full_year_budget") == Decimal("321.02")
    assert n.get("general_budget.actual") == Decimal("307.82")
    assert n.get("general_budget.completion_pct") == Decimal("95.89")
    assert n.get("general_budget.change_pct") == Decimal("100.00")
    assert n.get("general_budget.by_class.一般公共服务支出.share_pct") == Decimal("86.05")
    assert n.get("general_budget.by_class.社会保障和就业支出.actual") == Decimal("10.82")
    assert str(n.get("general_budget.by_class.农林水支出.completion_pct")) == "66.8"
    assert n.get("general_budget.by_class.住房保障支出.budget") == Decimal(0)
    assert n.get("general_budget.by_class.住房保障支出.completion_pct") is None  # not printed


def test_class_printed_before_its_marker() -> None:
    n = narrative("五、一般公共预算财政拨款支出决算情况说明\n1. 一般公共服务（类）支出 1157.27 万元，占 82.33%。")
    assert n.get("general_budget.by_class.一般公共服务支出.actual") == Decimal("1157.27")


def test_project_list() -> None:
    n = narrative(
        "五、一般公共预算财政拨款支出决算情况说明\n其中：基本支出 597"
        ".55 万元，项目支出 808.17 万元。项目支出主要用于：\n"
        "一是干部工作经费 31.93 万元，主要用于考核。二是“2021 年度英才”资助资金 350 万元，\n主要用于资助。"
    )
    assert n.get("projects") == {"干部工作经费": Decimal("31.93"), "“2021年度英才”资助资金": Decimal("350")}


def test_basic_detail() -> None:
    n = narrative(
        "六、一般公共预算财政拨款基本支出决算情况说明\n一般公共预算财政"
        "拨款基本支出2336.91万元。其中：人员经费2152.26万元，"
        "主要包括：基本工资；公用经费184.65万元，主要包括：办公费。"
    )
    assert n.get("basic_detail.personnel") == Decimal("2152.26")
    assert n.get("basic_detail.public") == Decimal("184.65")


def test_three_public_total_items_and_change() -> None:
    n = narrative(
        "九、财政拨款“三公”经费支出决算情况说明\n"
        "2022 年度“三公”经费财政拨款支出预算为 4.00 万元，支出\n决算"
        "为 0.09 万元，完成预算的 2.25%；较上年减少 0.06 万元，\n"
        "下降 40%。\n1.因公出国（境）费预算为 0 万元，支出决算为 0 万元，完\n成预算的 0%。\n"
        "3.公务接待费预算为 4 万元，支出决算为 0.09 万元，完成预算的 2.25%。"
    )
    assert n.get("three_public.budget") == Decimal("4.00")
    assert n.get("three_public.actual") == Decimal("0.09")
    assert n.get("three_public.completion_pct") == Decimal("2.25")
    assert n.get("three_public.change") == Decimal("-0.06")
    assert n.get("three_public.change_pct") == Decimal("-40")
    assert n.get("three_public.previous") is None
    assert n.get("three_public.overseas") == {"budget": 0, "actual": 0, "completion_pct": 0}
    assert n.get("three_public.reception.budget") == Decimal("4")
    assert n.get("three_public.vehicles") is None


def test_three_public_shanghai_wording() -> None:
    n = narrative(
        "七、财政拨款“三公”经费支出决算情况说明\n"
        "“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元，完成预算的\n0%，其中：因公出国（境）费决算为"
        "0.00万元，完成预算的0%；公务用车购置及运行\n维护费支出决算为0.00万元，完成预算的0%。\n"
        "2024年度“三公”经费财政拨款支出决算数比2023年度减少1.50万元，下降60.00%。"
    )
    assert n.get("three_public.budget") == Decimal("0.95")
    assert n.get("three_public.completion_pct") == Decimal(0)
    assert n.get("three_public.overseas.actual") == Decimal("0.00")
    assert n.get("three_public.vehicles.completion_pct") == Decimal(0)
    assert n.get("three_public.change") == Decimal("-1.50")
    assert n.get("three_public.change_pct") == Decimal("-60.00")


def test_operating_costs_procurement_and_vehicles() -> None:
    n = narrative(
        "十一、其他重要事项的情况说明\n（一）机关运行经费支出情况\n机关运行经费支出184.65万元，比2023年度减少2.55万元，"
        "下降1.40%。\n（二）政府采购支出情况\n某局2024年度政府采购金额（以合同签订为准）为251.25万元，其\n"
        "中：货物采购金额4.79万元、工程采购金额0万元、服务采购金额246.47万元。\n（三）国有资产占有使用情况说明\n"
        "截至2024年12月31日，某局共有车辆 2 辆，其中：其他用车2辆。"
    )
    assert n.get("operating_costs.amount") == Decimal("184.65")
    assert n.get("operating_costs.change") == Decimal("-2.55")
    assert n.get("operating_costs.change_pct") == Decimal("-1.40")
    assert n.get("procurement") == {
        "total": Decimal("251.25"), "goods": Decimal("4.79"), "works": Decimal("0"), "services": Decimal("246.47"),
    }
    assert n.get("assets.vehicles") == 2 and isinstance(n.get("assets.vehicles"), int)


def test_hubei_procurement_wording() -> None:
    n = narrative(
        "十一、政府采购支出情况\n2022年度某部政府采购支出\n总额5.36万元，其中：政府采购货物支出0.00万元、政府采购工\n"
        "程支出0.00万元、政府采购服务支出5.36万元。"
    )
    assert n.get("procurement.total") == Decimal("5.36")
    assert n.get("procurement.works") == Decimal("0.00")
    assert n.get("procurement.services") == Decimal("5.36")


def test_placeholders_and_absent_values() -> None:
    n = narrative(
        "一、收入支出决算总体情况说明\n上海市XX局2024年度收入支出总计X"
        "XX万元。与2023年\n度相比，收入支出总计增加（减少）XXX万元，"
        "增长（下降）XX%。\n七、财政拨款“三公”经费支出决算情况说明\n某局2024年度无“三公”经费财政拨款支出。"
    )
    assert n.facts == {}
    assert read_narrative([]).facts == {}


def test_table_of_contents_and_glossary_give_nothing() -> None:
    n = narrative(
        "目 录\n第三部分 某局2024年度部门决算情况说明\n一、收入支出决算总体情况说明\n二、收入决算情况说明",
        "第三部分 某局2024年度部门决算情况说明\n一、收入支出决算总体情况说明\n收入支出总计10.00万元。\n"
        "第四部分 名词解释\n十一、机关运行经费：指行政单位的日常公用经费支出，如机关运行经费支出5万元。",
    )
    assert n.facts == {"total": Decimal("10.00")}
    assert n.sources["total"].page == 2


def test_self_evaluated_sentences() -> None:
    hubei = pages(
        "十三、预算绩效情况说明\n（一）预算绩效管理工作开展情况\n组织对"
        " 2022 年度项目支出全面开展绩效自评，共涉及项目 8 个，资\n"
        "金 649.94 万元，占一般公共预算项目支出总额的 80.42%。"
    )
    assert read_self_evaluated(hubei) == {"projects": 8, "amount": Decimal("649.94"), "share_pct": Decimal("80.42")}
    assert "80.42%" in read_self_evaluated_facts(hubei).sources["share_pct"].text
    shanghai = pages("十、预算绩效管理情况\n绩效自评的2024年度项目4个，涉及预算金额\n598.42万元，平均得分99.43分。")
    assert read_self_evaluated(shanghai) == {"projects": 4, "amount": Decimal("598.42")}


def test_other_wordings_of_totals_and_headings() -> None:
    n = narrative(
        "一、2023年度收入支出决算总体及增减变动情况\n某部2023年度收、支总计各1,000.50万元。与2022年度相比，收、支总计\n"
        "比上年减少20.00万元，下降1.96%。\n二、2023年度财政拨款收入支出总体情况说明\n"
        "本部门财政拨款收入总计900万元，与上年相比增加58.49万元，增长6.95%。\n"
        "七、一般公共预算财政拨款“三公”经费支出决算情况说明\n“三公”经费财政拨款支出决算数比2022年度增加0.5万元。\n"
        "九、关于机关运行经费支出说明\n本部门机关运行经费支出30万元，与上年持平。"
    )
    assert n.get("total") == Decimal("1000.50")
    assert n.get("change") == Decimal("-20.00") and n.get("change_pct") == Decimal("-1.96")
    assert n.get("fiscal.change") == Decimal("58.49") and n.get("fiscal.change_pct") == Decimal("6.95")
    assert n.get("fiscal.total") is None  # 财政拨款收入总计 is not 收支总计
    assert n.get("three_public.change") == Decimal("0.5")
    assert n.get("operating_costs") == {"amount": Decimal(30), "change": Decimal(0), "change_pct": Decimal(0)}


def test_running_header_does_not_break_a_sentence() -> None:
    header = "某局2024年度部门决算"
    n = narrative(
        f"{header}\n正文\n第1页",
        f"{header}\n一、收入支出决算总体情况说明\n某局2024年度收入支出总计",
        f"{header}\n2995.39万元。\n第3页",
        f"{header}\n名词解释",
    )
    assert n.get("total") == Decimal("2995.39")
    assert n.sources["total"].page == 3


def test_without_the_first_section_and_without_headings() -> None:
    n = narrative(
        "目 录\n二、收入决算情况说明\n十、名词解释",
        "二、收入决算情况说明\n本年收入合计10万元。\n十、名词解释"
        "\n机关运行经费：指日常公用经费，例如机关运行经费支出5万元。",
    )
    assert n.facts == {"income_total": Decimal(10)}
    bare = narrative("本部门机关运行经费支出12.5万元，比上年增加1万元，增长8.70%。")
    assert bare.get("operating_costs") == {
        "amount": Decimal("12.5"), "change": Decimal(1), "change_pct": Decimal("8.70"),
    }


def test_three_public_budget_in_the_completion_clause() -> None:
    n = narrative(
        "七、财政拨款“三公”经费支出决算情况说明\n某局2023年度“三公”"
        "经费财政拨款支出决算为17.06万元，完成预算27万元的63.2%。"
        "其中：因公出国（境）费支出决算为7.8万元，完成预算10万元的"
        "78.0%；公务用车购置及运行费支出决算为7.5万元，完成预算"
        "\n12万元的62.5%。"
    )
    assert n.get("three_public") == {
        "actual": Decimal("17.06"), "budget": Decimal("27"), "completion_pct": Decimal("63.2"),
        "overseas": {"actual": Decimal("7.8"), "budget": Decimal("10"), "completion_pct": Decimal("78.0")},
        "vehicles": {"actual": Decimal("7.5"), "budget": Decimal("12"), "completion_pct": Decimal("62.5")},
    }


def test_three_public_change_after_a_comparison_with_the_budget() -> None:
    n = narrative(
        "七、一般公共预算财政拨款“三公”经费支出决算情况说明\n某中心“"
        "三公”经费支出决算总额为 5.48 万元，比预算增加 0 万元，"
        "比去年增加\n1.55 万元，增长 39.4%。其中，因公出国支出决算比去年无增减变化。"
    )
    assert n.get("three_public.actual") == Decimal("5.48")
    assert n.get("three_public.change") == Decimal("1.55")
    assert n.get("three_public.change_pct") == Decimal("39.4")


def test_no_change_wordings() -> None:
    n = narrative("九、机关运行经费支出情况\n机关运行经费支出8万元，比上年无增减变化。")
    assert n.get("operating_costs") == {"amount": Decimal(8), "change": Decimal(0), "change_pct": Decimal(0)}
    basic = narrative("九、机关运行经费支出情况\n机关运行经费支出8万元，与上年基本持平。")
    assert basic.get("operating_costs") == {"amount": Decimal(8)}


def test_other_matters_in_a_part_of_their_own() -> None:
    n = narrative(
        "第三部分 2020年度部门决算情况说明\n一、收入决算情况说明\n本年收入合计100万元。\n"
        "第四部分 其他重要事项及相关口径情况说明\n一、机关运行经费支出情况\n机关运行经费支出12万元。\n"
        "第五部分 名词解释\n三、政府采购：如政府采购支出总额5万元。"
    )
    assert n.facts == {"income_total": Decimal(100), "operating_costs": {"amount": Decimal(12)}}


def test_a_dot_in_a_name_stays_in_one_path_part() -> None:
    n = narrative("五、一般公共预算财政拨款支出决算情况说明\n项目支出主要用于：一是系统2.0升级经费 3.5 万元。")
    assert n.get("projects") == {"系统2．0升级经费": Decimal("3.5")}
