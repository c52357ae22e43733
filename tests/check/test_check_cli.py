"""``juesuan check`` and ``juesuan rules``: exit codes, the four formats, docs/rules.md generated from the code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from juesuan.check.render.catalogue import render_rules_markdown
from juesuan.check.rules import ALL_RULES
from juesuan.cli import main
from juesuan.model_json import dumps, report_from_json
from tests.check import sample

ROOT = Path(__file__).resolve().parents[2]


def _write(tmp_path: Path, name: str, change: bool = False) -> Path:
    data = sample.data()
    if change:
        data["narrative"]["fiscal"]["total"] = "0.3"
    path = tmp_path / name
    path.write_text(dumps(report_from_json(data)), encoding="utf-8")
    return path


def test_exit_0_when_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(_write(tmp_path, "clean.json"))]) == 0
    assert "错误 0" in capsys.readouterr().out


def test_exit_1_when_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(_write(tmp_path, "bad.json", change=True))]) == 1
    out = capsys.readouterr().out
    assert "N401" in out and "0.3" in out and "100.00" in out


def test_exit_2_when_a_file_cannot_be_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _write(tmp_path, "clean.json")
    assert main(["check", str(good), str(tmp_path / "missing.pdf")]) == 2
    captured = capsys.readouterr()
    assert "missing.pdf" in captured.err and len(captured.err.strip().splitlines()) == 1
    assert "clean.json" in captured.out  # the readable file is still checked


def test_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "--format", "json", str(_write(tmp_path, "bad.json", change=True))])
    data = json.loads(capsys.readouterr().out)
    [entry] = data["files"]
    assert entry["counts"]["error"] == 1
    [finding] = entry["findings"]
    assert finding["rule"] == "N401" and finding["printed"] == "0.3" and finding["expected"] == "100.00"


def test_sarif_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.sarif"
    main(["check", "--format", "sarif", "-o", str(out), str(_write(tmp_path, "bad.json", change=True))])
    sarif = json.loads(out.read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in ALL_RULES]
    [result] = run["results"]
    assert result["ruleId"] == "N401" and result["level"] == "error"
    assert rules[result["ruleIndex"]]["id"] == "N401"
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == (tmp_path / "bad.json").resolve().as_uri()
    assert physical["region"]["startLine"] >= 1
    assert result["partialFingerprints"]["juesuanLocation/v1"].startswith("N401|")


def test_html_format(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    main(["check", "--format", "html", "-o", str(out), str(_write(tmp_path, "bad.json", change=True))])
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "情况说明与表格" in page and "N401" in page


def test_html_for_several_files_goes_to_a_directory_it_creates(tmp_path: Path) -> None:
    a, b = _write(tmp_path, "a.json"), _write(tmp_path, "b.json", change=True)
    outdir = tmp_path / "html" / "new"
    assert main(["check", "--format", "html", "-o", str(outdir), str(a), str(b)]) == 1
    assert sorted(p.name for p in outdir.iterdir()) == ["a.json.check.html", "b.json.check.html", "index.html"]


def test_rules_lists_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for r in ALL_RULES:
        assert r.id in out


def test_docs_rules_md_is_generated_from_the_code() -> None:
    doc = ROOT / "docs" / "rules.md"
    assert doc.read_text(encoding="utf-8") == render_rules_markdown(ALL_RULES), (
        "docs/rules.md is out of date: run `juesuan rules --format markdown -o docs/rules.md`")


def test_rules_have_title_explanation_and_example() -> None:
    for r in ALL_RULES:
        assert r.title and r.explanation and r.example, r.id
    assert len({r.id for r in ALL_RULES}) == len(ALL_RULES)


def test_package_exports_check() -> None:
    import juesuan

    findings = juesuan.check(sample.report())
    assert findings == []


def test_html_of_a_pdf_shows_the_page_with_the_cell_boxed(tmp_path: Path) -> None:
    from tests.conftest import corpus_file

    pdf = corpus_file("putuo-czj-2024.pdf")
    out = tmp_path / "czj.html"
    code = main(["check", "--format", "html", "-o", str(out), str(pdf)])
    if code == 2:
        pytest.skip("the PDF reader cannot read this document yet")
    page = out.read_text(encoding="utf-8")
    assert code == 1
    pictures = page.count('href="data:image/png;base64,')
    pages = {int(n) for n in re.findall(r'<use href="#page-(\d+)"/>', page)}
    assert pictures == len(pages) >= 2  # every page that a finding is on, each embedded once
    assert page.count('<rect class="hit"') >= page.count('class="finding error"') >= 4  # a red box per error
    assert "第6页" in page and "326.71" in page


def test_html_pages_of_files_with_the_same_name_do_not_overwrite(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    a, b = _write(tmp_path / "x", "r.json"), _write(tmp_path / "y", "r.json", change=True)
    outdir = tmp_path / "html"
    outdir.mkdir()
    main(["check", "--format", "html", "-o", str(outdir), str(a), str(b)])
    assert sorted(p.name for p in outdir.iterdir()) == ["index.html", "r.json.2.check.html", "r.json.check.html"]


def test_text_severity_filter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = sample.data()
    data["narrative"]["procurement"]["total"] = "10.01"  # 4.00 + 0 + 6.00: a 取整差异 (info)
    path = tmp_path / "r.json"
    path.write_text(dumps(report_from_json(data)), encoding="utf-8")
    assert main(["check", str(path)]) == 0
    assert "取整差异" in capsys.readouterr().out
    main(["check", "--severity", "warning", str(path)])
    out = capsys.readouterr().out
    assert "取整差异" not in out and "提示 1" in out


def test_output_error_also_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _write(tmp_path, "clean.json")
    assert main(["check", "-o", str(tmp_path / "no" / "such" / "dir.txt"), str(good)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_a_reader_crash_on_one_file_does_not_stop_the_others(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    module = sys.modules["juesuan.read"]
    real = module.read

    def flaky(path: str, **options: object) -> object:
        if str(path).endswith("bad.json"):
            raise RuntimeError("boom")
        return real(path, **options)

    monkeypatch.setattr(module, "read", flaky)
    good, bad = _write(tmp_path, "good.json"), _write(tmp_path, "bad.json")
    assert main(["check", "-j", "1", "--limit", "isolate=0", str(good), str(bad)]) == 2  # here, where the patch is
    captured = capsys.readouterr()
    assert "RuntimeError: boom" in captured.err and "good.json" in captured.out


def test_rules_explains_one_rule(capsys: pytest.CaptureFixture[str]) -> None:
    from juesuan.check.rule_fixes import FIXES
    from juesuan.check.rules import RULES_BY_ID

    assert main(["rules", "C203"]) == 0
    out = capsys.readouterr().out
    rule = RULES_BY_ID["C203"]
    assert out.startswith(f"C203 {rule.title}")
    for part in ("检查什么、为什么", "例 (example)", "如何修正", FIXES["C203"], "--ignore C203"):
        assert part in out
    assert "A201" not in out


def test_rules_by_prefix_and_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "n40"]) == 0
    out = capsys.readouterr().out
    assert "N401 " in out and "N409 " in out and "N410" not in out
    assert main(["rules", "Z999"]) == 2
    assert "没有这条规则" in capsys.readouterr().err


def test_every_rule_says_how_to_fix_it() -> None:
    from juesuan.check.rule_fixes import FIXES

    assert set(FIXES) == {r.id for r in ALL_RULES}
    assert all(len(text) >= 10 for text in FIXES.values())
