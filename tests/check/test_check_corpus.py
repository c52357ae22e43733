"""The corpus answers: every error finding is a real error in the published document; planted errors are found.

The answers (../shared/corpus/*.expected.json) keep the publishers' own
inconsistencies.  Each error the checker reports on them is listed here with
why it is real; any other error finding is a false alarm and fails the test.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from juesuan.check import Finding, check
from juesuan.model import Page, Report, TextLine
from juesuan.model_json import report_from_json
from tests.conftest import corpus_file

Key = tuple[str, str | None, str | None, str | None, str | None]


def load(name: str) -> Report:
    data = json.loads(corpus_file(f"{name}.expected.json").read_text(encoding="utf-8"))
    return report_from_json(data)


def key(f: Finding) -> Key:
    loc = f.location
    return (f.rule, loc.table, loc.row_code or loc.row_name, loc.column, loc.path)


def errors(report: Report) -> set[Key]:
    return {key(f) for f in check(report) if f.severity == "error"}


# putuo-czj-2024: the real errors of the published report
CZJ_ERRORS: dict[Key, str] = {
    ("N401", None, None, None, "fiscal.total"):
        "第四部分说“财政拨款收入支出总计0.3万元”，而财政拨款收入支出决算总表总计为 2961.68 万元。",
    ("N402", None, None, None, "general_budget.by_class.一般公共服务支出.share_pct"):
        "“一般公共服务支出（类）2106.66万元，占71.73%”：2106.66 / 2940.05 = 71.65%；四类占比合计 100.07%。",
    ("X302", "summary", "社会保障和就业支出", "合计", None):
        "收入支出决算总表印 326.71，支出决算表 208 类印 326.72（其下 项 84.65+160.75+80.38+0.94 = 326.72）。",
    ("X303", "fiscal_summary", "社会保障和就业支出", "一般公共预算财政拨款", None):
        "财政拨款收入支出决算总表印 326.71，一般公共预算财政拨款支出决算表 208 类印 326.72。",
}

# putuo-shgzb-2024
SHGZB_ERRORS: dict[Key, str] = {
    ("N405", None, None, None, "general_budget.completion_pct"):
        "正文：“年初预算为 0 万元，全年预算为 321.02 万元，支出决算为 307.82 万元，完成年初预算的 95.89%”："
        "对为 0 的年初预算不可能有完成率；95.89% 是对全年预算的完成率，写成了“年初预算”。",
}

# gjxfj-2024 (central layout); gjxfj-2024.notes.md lists what the document itself breaks
GJXFJ_ERRORS: dict[Key, str] = {
    ("N403", None, None, None, "change_pct"):
        "第一部分“收、支总计各增加5834.37万元，增长35.74%”：5834.37 / (22066.59 − 5834.37) = 35.94%。",
}

# read from the PDF, which also prints the 绩效自评 coverage the answer leaves out (gjxfj-2024.notes.md)
GJXFJ_PDF_ERRORS: dict[Key, str] = {
    **GJXFJ_ERRORS,
    ("P504", None, None, None, "绩效自评 self_evaluated.share_pct"):
        "十一“共涉及资金5105.75万元，占一般公共预算项目支出总额的100%”，而项目支出为 3499.42 万元（146%）。",
}

HANYANG_MISSING = ("summary", "fiscal_summary", "general_budget", "basic_expenditure", "three_public", "gov_fund",
                   "state_capital")


def test_putuo_czj_errors_are_the_real_ones() -> None:
    assert errors(load("putuo-czj-2024")) == set(CZJ_ERRORS)


def test_putuo_shgzb_errors_are_the_real_ones() -> None:
    assert errors(load("putuo-shgzb-2024")) == set(SHGZB_ERRORS)


def test_gjxfj_errors_are_the_real_ones() -> None:
    assert errors(load("gjxfj-2024")) == set(GJXFJ_ERRORS)


def test_hanyang_only_reports_its_missing_tables() -> None:
    findings = [f for f in check(load("hanyang-zzb-2022")) if f.severity == "error"]
    assert {f.rule for f in findings} == {"C101"}
    assert sorted(f.location.table or "" for f in findings) == sorted(HANYANG_MISSING)


def test_czj_326_71_against_326_72_names_both_tables() -> None:
    [finding] = [f for f in check(load("putuo-czj-2024")) if f.rule == "X302"]
    assert finding.printed == "326.71" and finding.expected == "326.72"
    assert finding.related[0].table == "expenditure" and finding.related[0].row_code == "208"


def test_czj_rounding_differences_are_info() -> None:
    """合计 2940.05 against 类 adding to 2940.06 (4 classes: up to 0.02 is rounding) is a 取整差异, not an error."""
    infos = [f for f in check(load("putuo-czj-2024")) if f.rule == "A203"]
    assert infos and all(f.severity == "info" for f in infos)


# ---- planted errors: one change to a real answer, exactly the expected new error findings -------------------

def _page_with(report: Report, text: str) -> None:
    report.pages.append(Page(20, [TextLine(text)]))


Plant = Callable[[Report], None]


def _set_cell(table: str, key_: str, value: str) -> Plant:
    from decimal import Decimal

    def change(r: Report) -> None:
        r.tables[table].cells[key_].value = Decimal(value)

    return change


def _set_total(table: str, name: str, index: int, value: str) -> Plant:
    from decimal import Decimal

    def change(r: Report) -> None:
        r.tables[table].totals[name].values[index] = Decimal(value)

    return change


def _set_line(table: str, side: str, name: str, index: int, value: str) -> Plant:
    from decimal import Decimal

    def change(r: Report) -> None:
        lines = r.tables[table].income if side == "income" else r.tables[table].expenditure
        next(line for line in lines if line.name == name).values[index] = Decimal(value)

    return change


def _set_fact(path: str, value: Any) -> Plant:
    from decimal import Decimal

    def change(r: Report) -> None:
        r.narrative.set(path, Decimal(value), overwrite=True)

    return change


def _drop_table(key_: str) -> Plant:
    def change(r: Report) -> None:
        del r.tables[key_]

    return change


def _overall(key_: str, value: str) -> Plant:
    from decimal import Decimal

    def change(r: Report) -> None:
        assert r.performance is not None
        r.performance.overall[key_] = Decimal(value)

    return change


def _row_value(table: str, code: str, index: int, value: str) -> Plant:
    from decimal import Decimal

    def change(r: Report) -> None:
        row = r.tables[table].row(code)
        assert row is not None
        row.values[index] = Decimal(value)

    return change


def _project_rate(index: int, value: str) -> Plant:
    from decimal import Decimal

    def change(r: Report) -> None:
        assert r.performance is not None
        r.performance.projects[index]["execution_rate"] = Decimal(value)

    return change


SENTENCE = "年初预算为135.90万元，支出决算为135.25万元。决算数{}预算数的主要原因：因产业政策扶持资金管理系统项目进度"

PLANTS: dict[str, tuple[str, Plant, set[Key]]] = {
    "三公 budget part": ("putuo-czj-2024", _set_cell("three_public", "budget.reception", "0.85"),
                          {("A207", "three_public", "预算数 合计", None, None)}),
    "总表 balance": ("putuo-czj-2024", _set_total("summary", "closing_balance", 0, "55.44"),
                     {("A205", "summary", "总计（支出）", "合计", None)}),
    "公用经费合计": ("putuo-czj-2024", _set_cell("basic_expenditure", "public_total", "184.75"),
                     {("A206", "basic_expenditure", "公用经费合计", None, None),
                      ("X305", "general_budget", "合计", "基本支出", None),
                      ("N401", None, None, None, "basic_detail.public")}),
    "财政拨款总表 income line": ("putuo-czj-2024",
                                 _set_line("fiscal_summary", "income", "一般公共预算财政拨款", 0, "2940.15"),
                                 {("A204", "fiscal_summary", "本年收入合计", "合计", None),
                                  ("X307", "fiscal_summary", "一般公共预算财政拨款", "合计", None)}),
    "share": ("putuo-czj-2024", _set_fact("basic.pct", "78.49"), {("N402", None, None, None, "basic.pct")}),
    "yoy change": ("putuo-czj-2024", _set_fact("operating_costs.change_pct", "1.50"),
                   {("N403", None, None, None, "operating_costs.change_pct")}),
    "三公 text": ("putuo-czj-2024", _set_fact("three_public.actual", "0.09"),
                  {("N407", None, None, None, "three_public.actual"),
                   ("N404", None, None, None, "three_public.completion_pct")}),  # 0.09 / 0.95 is not the 0% printed
    "procurement": ("putuo-czj-2024", _set_fact("procurement.services", "246.57"),
                    {("N409", None, None, None, "procurement.total")}),
    "missing table": ("putuo-czj-2024", _drop_table("state_capital"), {("C101", "state_capital", None, None, None)}),
    "execution score": ("hanyang-zzb-2022", _overall("score", "16.12"),
                        {("P502", None, None, None, "绩效自评 overall.score")}),
    "自评表 in 元": ("hanyang-zzb-2022", _overall("project_total_yuan", "8091713.27"),
                     {("P505", None, None, None, "绩效自评 overall.project_total_yuan")}),
    "三公 vs 30217": ("putuo-czj-2024", _row_value("basic_expenditure", "30217", 0, "0.50"),
                      {("X306", "basic_expenditure", "30217", "决算数", None),
                       ("A202", "basic_expenditure", "302", "决算数", None)}),
    "economic 款 row": ("putuo-shgzb-2024", _row_value("basic_expenditure", "30201", 0, "4.78"),
                        {("A202", "basic_expenditure", "302", "决算数", None)}),
    "一般公共预算 above 支出表": ("putuo-shgzb-2024", _row_value("general_budget", "2013950", 0, "11.41"),
                                 {("X304", "general_budget", "2013950", "合计", None),
                                  ("A201", "general_budget", "2013950", "合计", None),
                                  ("A202", "general_budget", "20139", "合计", None)}),
    "project amount in the text": ("hanyang-zzb-2022", _set_fact("projects.基层党建工作经费", "86.66"),
                                   {("P506", None, None, None, "projects.基层党建工作经费")}),
    "project execution rate": ("hanyang-zzb-2022", _project_rate(1, "33"),
                               {("P501", None, None, None, "绩效自评 projects.1.execution_rate")}),
    "completion against budget 0": ("hanyang-zzb-2022",
                                    _set_fact("general_budget.by_class.住房保障支出.completion_pct", "100.00"),
                                    {("N405", None, None, None,
                                      "general_budget.by_class.住房保障支出.completion_pct")}),
}


@pytest.mark.parametrize("name", sorted(PLANTS))
def test_planted_error_is_found_exactly(name: str) -> None:
    document, plant, expected = PLANTS[name]
    report = load(document)
    before = errors(report)
    plant(report)
    assert errors(report) - before == expected


def test_planted_direction_word_is_found_in_the_sentence() -> None:
    report = load("putuo-czj-2024")
    _page_with(report, SENTENCE.format("小于"))
    before = errors(report)
    assert not [f for f in check(report) if f.rule == "N406"]
    report.pages[-1].lines[0] = TextLine(SENTENCE.format("大于"))
    [finding] = [f for f in check(report) if f.rule == "N406"]
    assert {key(finding)} == errors(report) - before
    assert finding.location.page == 20 and finding.location.text and "大于" in finding.location.text


# ---- the published documents themselves (PDF and text readers) --------------------------------------------

def _read(name: str) -> Report:
    from juesuan.errors import JuesuanError
    from juesuan.read import read

    try:
        return read(corpus_file(name))
    except JuesuanError as exc:  # pragma: no cover - the reader is not ready for this document
        pytest.skip(f"{name} cannot be read yet: {exc.message}")


@pytest.mark.parametrize(("name", "expected"), [("putuo-czj-2024.pdf", CZJ_ERRORS),
                                                ("putuo-shgzb-2024.pdf", SHGZB_ERRORS),
                                                ("gjxfj-2024.pdf", GJXFJ_PDF_ERRORS)])
def test_pdf_errors_are_the_real_ones(name: str, expected: dict[Key, str]) -> None:
    assert errors(_read(name)) == set(expected)


def test_template_errors_are_its_placeholders() -> None:
    """The blank Shanghai template: every error is a placeholder it really prints (XX, 增加（减少） ...)."""
    findings = [f for f in check(_read("shanghai-template-2024.pdf")) if f.severity == "error"]
    assert findings and {f.rule for f in findings} == {"C203"}
    assert all("为万元" not in f.message for f in findings)


def test_no_error_rests_on_a_table_the_reader_could_not_read() -> None:
    """gjxfj: the reader reports its 三公 and 基本支出 tables incomplete; nothing resting on them is an error."""
    report = _read("gjxfj-2024.pdf")
    doubtful = {p.table for p in report.problems if p.table}
    for finding in check(report):
        tables = {loc.table for loc in (finding.location, *finding.related)}
        if finding.rule != "C105" and tables & doubtful:
            assert finding.severity != "error", finding.message
        if finding.doubt is not None:
            assert finding.severity == "warning" and "请人工核对" in finding.message


def test_the_rounding_note_under_every_table_is_not_residue() -> None:
    """The note other regions print under each table ("本表金额转换为万元时……") added to every page of a real
    report: no new finding."""
    report = _read("putuo-czj-2024.pdf")
    before = [key(f) for f in check(report)]
    for page in report.pages:
        page.lines.append(TextLine("本表金额转换为万元时，因四舍五入可能存在尾数误差。"))
    assert [key(f) for f in check(report)] == before


def test_pdf_finding_points_at_the_printed_cell() -> None:
    [finding] = [f for f in check(_read("putuo-czj-2024.pdf")) if f.rule == "X302"]
    assert finding.location.page is not None and finding.location.box is not None
    assert finding.related and finding.related[0].box is not None


def test_pdf_narrative_finding_points_at_its_sentence() -> None:
    [finding] = [f for f in check(_read("putuo-czj-2024.pdf")) if f.rule == "N401"]
    assert finding.location.text and "0.3万元" in finding.location.text.replace(" ", "")


def test_hanyang_text_only_reports_its_missing_tables() -> None:
    findings = [f for f in check(_read("hanyang-zzb-2022.txt")) if f.severity == "error"]
    assert {f.rule for f in findings} == {"C101"}
    assert {f.location.table for f in findings} <= set(HANYANG_MISSING)


def _replace_in_pages(report: Report, old: str, new: str) -> int:
    """Change one printed word in the real page text; returns the page it was on."""
    for page in report.pages:
        for i, line in enumerate(page.lines):
            if old in line.text.replace(" ", ""):
                page.lines[i] = TextLine(line.text.replace(" ", "").replace(old, new, 1), line.box)
                return page.number
    raise AssertionError(f"{old!r} not found in the page text")


@pytest.mark.parametrize(("old", "new", "rule"), [
    ("截至2024年12月31日", "截至2023年12月31日", "C202"),
    ("决算数小于预算数", "决算数大小于预算数", "C205"),
    ("收入支出总计2995.39万元", "收入支出总计XX万元", "C203"),
])
def test_planted_word_in_the_pdf_text(old: str, new: str, rule: str) -> None:
    report = _read("putuo-czj-2024.pdf")
    before = errors(report)
    page = _replace_in_pages(report, old, new)
    findings = [f for f in check(report) if f.severity == "error" and key(f) not in before]
    assert [f.rule for f in findings] == [rule]
    assert findings[0].location.page == page and findings[0].location.box is not None


def test_a_2019_style_variant_of_a_real_report_gives_only_its_real_errors() -> None:
    """putuo-czj made to look like a 2019 local report (8 tables, no 国有资本经营 or 基本支出 section, the
    rounding note under every table): the template rules know 2019's template, so only the real errors remain;
    the same report left at 2024 is told what the 2022 template misses."""
    report = _read("putuo-czj-2024.pdf")
    del report.tables["state_capital"]
    for page in report.pages:
        kept = [line for line in page.lines
                if "国有资本经营" not in line.text and "基本支出决算情况" not in line.text.replace(" ", "")]
        page.lines = [*kept, TextLine("本表金额转换为万元时，因四舍五入可能存在尾数误差。")]
    as_2024 = {k[0] for k in errors(report) - set(CZJ_ERRORS)}
    assert as_2024 == {"C101", "C103"}
    report.year = 2019
    for page in report.pages:
        page.lines = [TextLine(line.text.replace("2024", "2019").replace("2023", "2018"), line.box)
                      for line in page.lines]
    assert errors(report) == set(CZJ_ERRORS)
