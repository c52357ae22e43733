"""The prose a report prints travels with it: 主要职能, every 主要原因, 预算绩效管理情况, the 绩效自评 coverage,
through ``template --from``, ``--next-year`` and ``compose`` of a parse JSON; what a new year must rewrite is marked.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from juesuan.model import Report
from juesuan.read.text.reader import text_pages
from tests.conftest import corpus_file

# a synthetic 情况说明 in another region's wording: numbered "（一）部门职责", reasons phrased four ways
SYNTHETIC = """某某县某某局2023年度部门决算
第一部分 某某县某某局概况
（一）部门职责
某某县某某局是县政府工作部门。主要职责是：
1.贯彻执行有关方针政策。
2.负责全县某某工作的统筹协调。
（二）机构设置
本局内设3个科室。
第三部分 某某县某某局2023年度部门决算情况说明
一、收入支出决算总体情况说明
某某县某某局2023年度收入支出总计500.00万元，比上年增加50.00万元，增长11.11%，主要原因是新增某某专项
工作经费。
四、财政拨款收入支出决算总体情况说明
2023年度财政拨款收入支出总计480.00万元，与2022年度相比，增加40.00万元，增长9.09%。
增加的主要原因：一是人员增加；
二是新增专项。
五、一般公共预算财政拨款支出决算情况说明
（三）一般公共预算财政拨款支出决算具体情况
2023年度一般公共预算财政拨款支出年初预算为450.00万元，支出决算为480.00万元，完成年初预算的106.67%。
决算数大于预算数的主要原因是年中追加预算。其中：
1.一般公共服务支出（类）。年初预算为400.00万元，支出决算为430.00万元，完成年初预算的107.50%，决算数大于
年初预算数的主要原因是追加了专项经费。
2.住房保障支出（类）。年初预算为50.00万元，支出决算为50.00万元，完成年初预算的100.00%。
十、预算绩效管理情况
（一）预算绩效管理工作开展情况
本局组织对2023年度项目支出开展绩效自评，共涉及项目3个，资金120.50万元。
（二）绩效自评结果
自评结果均为优。
十一、其他重要事项的情况说明
（一）机关运行经费支出情况
2023年度机关运行经费支出20.00万元，比上年减少2.00万元，下降9.09%。主要原因是厉行节约。
第四部分 名词解释
一、财政拨款收入：指本级财政当年拨付的资金。
"""


def _synthetic() -> Report:
    from juesuan.read.prose.report_text import fill_from_text

    report = Report(pages=text_pages(SYNTHETIC), source_format="text")
    fill_from_text(report)
    return report


def test_passages_are_read_from_their_sections_whatever_the_wording() -> None:
    n = _synthetic().narrative
    assert n.get("profile.functions") == ("某某县某某局是县政府工作部门。主要职责是：\n1.贯彻执行有关方针政策。\n"
                                          "2.负责全县某某工作的统筹协调。")
    assert n.get("reasons.total") == "新增某某专项工作经费"
    assert n.get("reasons.fiscal") == "一是人员增加；二是新增专项"  # 二是 continues the reason
    assert n.get("reasons.general_budget") == "年中追加预算"
    assert n.get("reasons.class.一般公共服务支出") == "追加了专项经费"
    assert n.get("reasons.class.住房保障支出") is None  # it gives none
    assert n.get("reasons.operating_costs") == "厉行节约"
    assert n.get("performance_management") == (
        "（一）预算绩效管理工作开展情况\n本局组织对2023年度项目支出开展绩效自评，共涉及项目3个，资金120.50万元。\n"
        "（二）绩效自评结果\n自评结果均为优。")
    assert n.sources["profile.functions"].page == 1


def test_a_table_of_contents_is_not_the_functions_section() -> None:
    from juesuan.read.prose.passages import read_functions
    from juesuan.read.prose.running_text import RunningText

    pages = text_pages("目录\n一、主要职能\n二、部门决算单位构成\n第一部分 概况\n一、主要职能\n负责全区某某工作。\n"
                       "二、部门决算单位构成\n本部门仅有本级。")
    found = read_functions(RunningText.compact(pages))
    assert found is not None and found[0] == "负责全区某某工作。"


@pytest.fixture(scope="module")
def hanyang_seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from juesuan.cli import main

    out = tmp_path_factory.mktemp("prose") / "seed.xlsx"
    assert main(["template", "--from", str(corpus_file("hanyang-zzb-2022.txt")), "-o", str(out)]) == 0
    return out


def test_template_from_carries_the_prose_into_the_workbook(hanyang_seed: Path) -> None:
    from juesuan.read.workbook import read_workbook

    n = read_workbook(hanyang_seed).narrative
    assert str(n.get("profile.functions")).startswith("中国共产党武汉市汉阳区委组织部是汉阳区委主管组织工作")
    assert "10、负责全区党的组织建设" in str(n.get("profile.functions"))
    assert str(n.get("reasons.total")).startswith("一是受疫情影响")
    assert n.get("reasons.class.农林水支出") == "驻村工作经费未全部使用"
    assert n.get("reasons.three_public.budget") == "严格执行中央八项规定，控制公务接待活动次数和规模"
    assert str(n.get("performance_management")).startswith("（一）预算绩效管理工作开展情况")


def test_the_composed_report_prints_what_the_source_printed(hanyang_seed: Path, tmp_path: Path) -> None:
    from juesuan.cli import main

    out = tmp_path / "r.html"
    assert main(["compose", str(hanyang_seed), "-o", str(out), "--force"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "主要职能未填报" not in html and "未报送预算绩效自评结果" not in html
    assert "汉阳区委主管组织工作" in html
    assert "减少 136.74 万元，下降 8.87%。主要原因：一是受疫情影响" in html
    assert "主要原因：驻村工作经费未全部使用。" in html  # 农林水支出 against its 年初预算
    assert "主要产出和效果" in html  # the 预算绩效管理 text as printed


def test_compose_of_a_parse_json_keeps_the_prose_and_the_self_evaluation(tmp_path: Path) -> None:
    """putuo-shgzb prints no 绩效自评表, only a sentence: one project of 175.52 万元 self-evaluated."""
    from juesuan.cli import main

    source = corpus_file("putuo-shgzb-2024.pdf")
    parsed = tmp_path / "sg.json"
    assert main(["parse", str(source), "--format", "json", "--no-pages", "-o", str(parsed)]) == 0
    data = json.loads(parsed.read_text(encoding="utf-8"))
    assert data["performance"]["self_evaluated"] == {"projects": 1, "amount": "175.52"}
    assert data["narrative"]["reasons"]["general_budget"] == "人员经费支出数小于预算数"
    out = tmp_path / "sg.html"
    assert main(["compose", str(parsed), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "统筹指导人民信访工作" in html  # 主要职能
    assert "绩效自评的2024年度项目1个，涉及预算金额175.52万元" in html
    assert "主要原因：人员经费支出数小于预算数。" in html
    assert "主要原因：单位于2024年成立。" in html


def test_next_year_carries_the_prose_and_marks_what_must_be_rewritten(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from juesuan.cli import main

    out = tmp_path / "next.xlsx"
    assert main(["template", "--from", str(corpus_file("putuo-shgzb-2024.pdf")), "--next-year", "-o", str(out)]) == 0
    wb = load_workbook(out)
    info = {row[3].value: row[1].value for row in wb["基本信息"].iter_rows(min_row=2) if row[3].value}
    assert info["year"] == 2025 and "统筹指导人民信访工作" in info["profile.functions"]  # 主要职能 stays
    rows = {row[4].value: row for row in wb["补充信息"].iter_rows(min_row=2) if row[4].value}
    for path in ("reasons.total", "reasons.general_budget", "performance_management"):
        value, hint = rows[path][2], rows[path][3]
        assert value, path  # last year's wording, as a draft
        assert hint.value.startswith("【本年新写】"), path
        assert value.fill.fgColor.rgb.endswith("FFF2CC"), path  # and coloured as such
    assert not rows["previous_total"][3].value.startswith("【本年新写】")  # a figure carried, not a draft


@pytest.mark.parametrize(("general_project", "said"), [
    ("20.00", "开展绩效自评，共涉及项目 2 个，资金 25.00 万元，占项目支出总额的 83.33%。"),  # 25 > 20: other funds too
    ("50.00", "一般公共预算项目支出开展绩效自评，共涉及项目 2 个，资金 25.00 万元，"
              "占一般公共预算项目支出总额的 50.00%。"),
])
def test_the_self_evaluated_share_is_of_a_total_that_can_hold_it(general_project: str, said: str) -> None:
    from juesuan.compose.document import Paragraph
    from juesuan.compose.narrative_text import section_performance
    from juesuan.compose.report_figures import collect
    from juesuan.model_json import report_from_json
    from tests.check import sample

    data = sample.data()
    data["tables"]["general_budget"]["total"][2] = general_project
    data["narrative"].pop("performance_management", None)
    report = report_from_json(data)
    text = "".join(b.text for b in section_performance(report, collect(report)) if isinstance(b, Paragraph))
    assert said in text
