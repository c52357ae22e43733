"""Report metadata: department, year, unit, 决算单位构成."""

from __future__ import annotations

import json

import pytest

from juesuan.model import Page, Report, TextLine
from juesuan.read.prose.metadata import read_metadata
from tests.conftest import corpus_file
from tests.test_narrative import corpus_pages


def report(*texts: str) -> Report:
    pages = [Page(i + 1, [TextLine(t) for t in text.split("\n")]) for i, text in enumerate(texts)]
    out = Report(pages=pages)
    read_metadata(out)
    return out


@pytest.mark.parametrize(
    "name", ["hanyang-zzb-2022.txt", "putuo-czj-2024.pdf", "putuo-shgzb-2024.pdf", "gjxfj-2024.pdf"]
)
def test_corpus_metadata_matches_the_answers(name: str) -> None:
    path = corpus_file(name)
    want = json.loads(path.with_name(path.name.rsplit(".", 1)[0] + ".expected.json").read_text(encoding="utf-8"))
    got = Report(pages=corpus_pages(path))
    read_metadata(got)
    assert got.department == want["department"]
    assert got.year == want["year"]
    assert got.unit == want["unit"]
    assert got.units_included == want.get("units_included", [])


def test_template_does_not_crash() -> None:
    got = Report(pages=corpus_pages(corpus_file("shanghai-template-2024.pdf")))
    read_metadata(got)
    assert got.year == 2024


def test_cover_broken_over_lines() -> None:
    got = report("中共上海市普陀区委\n社会工作部2024年度\n部门决算", "目 录")
    assert got.department == "中共上海市普陀区委社会工作部"
    assert got.year == 2024


def test_fiscal_year_not_publication_date() -> None:
    got = report("某区某局\n2023 年度部门决算\n2024年8月", "单位：万元")
    assert (got.department, got.year, got.unit) == ("某区某局", 2023, "万元")


def test_part_heading_when_there_is_no_cover() -> None:
    got = report("第一部分  某区某部\n概况\n一、部门主要职能\n第二部分  某区某部\n\n2022 年度部门决算表\n单位：万元")
    assert (got.department, got.year) == ("某区某部", 2022)


def test_unit_other_than_wanyuan() -> None:
    assert report("某局\n2024年度部门决算", "收入决算表\n单位：元").unit == "元"
    assert report("某局\n2024年度部门决算").unit == "万元"


def test_units_included_table_over_a_page_break() -> None:
    got = report(
        "某局\n2024年度部门决算",
        "二、部门决算单位构成\n纳入某局2024年度部门决算编制范围的单位包括：\n序号 单位名称 备注\n1 某局（本级）\n"
        "2 某局财政所 预算不单列，并入本级",
        "序号 单位名称 备注\n3 某局收付中心\n第二部分 某局2024年度部门决算表",
    )
    assert got.units_included == ["某局（本级）", "某局财政所", "某局收付中心"]


def test_units_included_in_a_sentence() -> None:
    got = report("某局\n2024年度部门决算", "纳入某局2024年度部门决算编制范围的单位包括：某局本级、某中心。")
    assert got.units_included == ["某局本级", "某中心"]


def test_no_list_no_units() -> None:
    got = report("由纳入独立核算的单位本级决算和 0 个下属单位决算组成。")
    assert got.units_included == []
    assert got.department is None and got.year is None


def test_units_included_as_numbered_lines() -> None:
    got = report(
        "某局\n2024年度部门决算", "纳入部门决算编制范围的二级预算单位包括：\n1.某局机关\n2、某局信息中心\n二、人员情况"
    )
    assert got.units_included == ["某局机关", "某局信息中心"]


def test_cover_with_the_year_first() -> None:
    got = report("2023年度\n上海市某某局\n部门决算", "目 录")
    assert (got.department, got.year) == ("上海市某某局", 2023)
