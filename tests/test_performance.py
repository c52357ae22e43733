"""绩效自评: overall table, self-evaluated share, projects, indicators."""

from __future__ import annotations

import json
from decimal import Decimal

from juesuan.model import Box, Page, Problem, TextLine
from juesuan.model_json import report_to_json
from juesuan.read.prose.performance import read_performance
from juesuan.read.text.reader import read_text
from tests.conftest import corpus_file

D = Decimal


def page(number: int, text: str) -> Page:
    lines = [ln for ln in text.strip("\n").split("\n")]
    return Page(number, [TextLine(ln, Box(number, 50.0, 20.0 * i, 500.0, 20.0 * i + 12)) for i, ln in enumerate(lines)])


def test_hanyang_performance_equals_the_answer() -> None:
    want = json.loads(corpus_file("hanyang-zzb-2022.expected.json").read_text(encoding="utf-8"))
    report = read_text(corpus_file("hanyang-zzb-2022.txt"))
    got = report_to_json(report, with_pages=False)["performance"]
    sources = got.pop("sources")
    assert got == want["performance"]
    assert sources["overall.total_score"]["text"] == "总分 95.02"
    assert "102.24" in sources["projects.基层党建工作经费"]["text"]
    # Its indicator rows are wrapped over lines: left out, and said so.
    assert any("绩效自评表 年度目标1" in p.message for p in report.problems)


SENTENCES = """
十三、预算绩效情况说明
根据预算绩效管理要求，我部门组织对 2023 年度一般公共预算项目支出全面开展绩效自评，共涉及项目 3 个，资
金 120.5 万元，占一般公共预算项目支出总额的 60%。
1. 干部培训经费项目绩效自评综述：项目全年预算数为 89.5 万元，执行数为 80 万元，完成预算的
89.5%。主要产出和效益是：培训干部 300 人次。
2.“2023 年度英才”资助资金项目绩效自评综述：项目全年预算数为 350 万元，执行数为 350 万元，完成预算的 100%。
"""


def test_performance_sentences() -> None:
    perf = read_performance([page(1, SENTENCES)])
    assert perf is not None
    assert perf.self_evaluated == {"projects": 3, "amount": D("120.5"), "share_pct": D("60")}
    assert perf.projects == [
        {"name": "干部培训经费", "budget": D("89.5"), "actual": D("80"), "execution_rate": D("89.5")},
        {"name": "“2023 年度英才”资助资金", "budget": D("350"), "actual": D("350"), "execution_rate": D("100")},
    ]
    assert str(perf.projects[0]["budget"]) == "89.5"
    assert perf.sources["projects.干部培训经费"].page == 1


OVERALL_TABLE = """
2023年度某部门整体绩效自评表
单位名称 某部门
基本支出总额 1,234,567.89 项目支出总额 765,432.11
预算执行情况（万
元）（20分）
预算数（A） 执行数（B） 执行率（B/A）
部门整体支出总
额
250.00 200.00 80% 16
"""

INDICATORS = """
年度目标1：（20分） 完成干部培训任务
一级指标 二级指标 三级指标 年初目标值（A） 实际完成值（B） 得分
产出指标 数量指标 培训人数 ≥150人 300人 4
质量指标 培训合格率 ≥95% 98% 3.5
效益指标
社会效益指标 干部能力提升 有所提升 明显提升 6
满意度指标 服务对象满意度指标 服务对象满意率 ≥95% ≥95% 2
年度目标2：（20分） 保障机关运行
产出指标 数量指标
部机关日常办公运行及维护、后勤保
障费用 全部实施完成 2023年已完成 4
总分 89.5
"""


def test_overall_table_on_pdf_pages() -> None:
    # The 自评表 over two PDF pages; the score line is on the second.
    problems: list[Problem] = []
    perf = read_performance([page(7, OVERALL_TABLE), page(8, INDICATORS)], problems)
    assert perf is not None
    assert perf.overall == {
        "budget": D("250.00"),
        "actual": D("200.00"),
        "execution_rate": D("80"),
        "score": D("16"),
        "total_score": D("89.5"),
        "basic_total_yuan": D("1234567.89"),
        "project_total_yuan": D("765432.11"),
    }
    assert perf.sources["overall.total_score"].page == 8
    assert perf.sources["overall.budget"].page == 7
    assert perf.sources["overall.total_score"].box is not None


def test_indicators_read_where_rows_are_whole_lines() -> None:
    problems: list[Problem] = []
    perf = read_performance([page(7, OVERALL_TABLE), page(8, INDICATORS)], problems)
    assert perf is not None
    assert perf.indicators == [
        {"goal": "完成干部培训任务", "level1": "产出指标", "level2": "数量指标", "level3": "培训人数",
         "target": "≥150人", "actual": "300人", "score": D("4")},
        {"goal": "完成干部培训任务", "level1": "产出指标", "level2": "质量指标", "level3": "培训合格率",
         "target": "≥95%", "actual": "98%", "score": D("3.5")},
        {"goal": "完成干部培训任务", "level1": "效益指标", "level2": "社会效益指标", "level3": "干部能力提升",
         "target": "有所提升", "actual": "明显提升", "score": D("6")},
        {"goal": "完成干部培训任务", "level1": "满意度指标", "level2": "服务对象满意度指标",
         "level3": "服务对象满意率", "target": "≥95%", "actual": "≥95%", "score": D("2")},
    ]
    # Goal 2's row is wrapped: no garbage row, a Problem instead.
    assert len(problems) == 1
    assert "年度目标2" in problems[0].message


def test_overall_in_wan_yuan_and_score_from_the_narrative() -> None:
    text = """
部门整体支出绩效自评表
基本支出总额 120.00 项目支出总额 80.00
部门整体支出总额 210.00 200.00 95.2% 19.04
"""
    narrative = "我部门组织对 1 个部门开展整体支出绩效自评，资金 200 万元，从评价情况来看，共得分 92.5 分，评级为优。"
    perf = read_performance([page(1, narrative), page(2, text)])
    assert perf is not None
    assert perf.overall["execution_rate"] == D("95.2")
    assert perf.overall["basic_total"] == D("120.00")
    assert "basic_total_yuan" not in perf.overall
    assert perf.overall["total_score"] == D("92.5")


def test_no_performance() -> None:
    assert read_performance([page(1, "一、收入支出决算总体情况说明\n2022 年度收、支总计 1,405.72 万元。")]) is None


def test_overall_line_of_the_national_template() -> None:
    # 年初预算数 全年预算数 全年执行数 分值 执行率 得分: budget and actual are the pair the rate fits.
    text = "部门整体支出绩效自评表\n部门整体支出总额 1,800.00 1,859.82 1,405.72 10 76% 7.6\n总分 90\n"
    perf = read_performance([page(1, text)])
    assert perf is not None
    assert perf.overall == {
        "budget": D("1859.82"), "actual": D("1405.72"), "execution_rate": D("76"), "score": D("7.6"),
        "total_score": D("90"),
    }


def test_other_numbering_and_phrasing() -> None:
    text = """
共涉及 2 个项目，资金 30 万元，占一般公共预算项目支出总额的 50%。
（一）信息化建设项目绩效自评综述：全年预算数为 20 万元，全年执行数为 19 万元，执行率为 95%。
二、培训经费项目绩效自评综述：项目全年预算数为 10 万元，执行数为 10 万元，完成预算的 100%。
"""
    perf = read_performance([page(1, text)])
    assert perf is not None
    assert perf.self_evaluated == {"projects": 2, "amount": D("30"), "share_pct": D("50")}
    assert [p["name"] for p in perf.projects] == ["信息化建设", "培训经费"]
    assert perf.projects[0]["execution_rate"] == D("95")


def test_projects_from_their_self_evaluation_tables() -> None:
    text = """
2022年度项目支出绩效自评表
项目名称 基层党建工作经费
主管部门 某部门 实施单位 某部门
项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分
年度资金总额 100.00 102.24 87.66 10 86% 8.6
2022年度项目支出绩效自评表
项目名称 人才工作经费
年度资金总额 409.04 95.62 23% 2.3
"""
    perf = read_performance([page(3, text)])
    assert perf is not None
    assert perf.projects == [
        {"name": "基层党建工作经费", "budget": D("102.24"), "actual": D("87.66"), "execution_rate": D("86")},
        {"name": "人才工作经费", "budget": D("409.04"), "actual": D("95.62"), "execution_rate": D("23")},
    ]
