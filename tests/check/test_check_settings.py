"""Rules switched off or given another level per run and per project (juesuan.toml), and the baseline."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from juesuan.check import check
from juesuan.check.config import RuleSettings, apply_settings, load_config, run_settings
from juesuan.check.finding import Finding, Location
from juesuan.cli import main
from juesuan.errors import ConfigError
from juesuan.model_json import dumps, report_from_json
from tests.check import sample


def _write(folder: Path, name: str = "r.json", fiscal_total: str = "0.3", rounding: bool = False,
           department: str | None = None) -> Path:
    data = sample.data()
    data["narrative"]["fiscal"]["total"] = fiscal_total  # "0.3": N401, an error
    if rounding:
        data["narrative"]["procurement"]["total"] = "10.01"  # N409 取整差异 (info)
    if department:
        data["department"] = department
    path = folder / name
    path.write_text(dumps(report_from_json(data)), encoding="utf-8")
    return path


def _rules(path: Path, *args: str) -> tuple[int, dict[str, str]]:
    out = path.parent / "out.json"
    code = main(["check", str(path), "--format", "json", "-o", str(out), *args])
    [entry] = json.loads(out.read_text(encoding="utf-8"))["files"]
    return code, {f["rule"]: f["severity"] for f in entry.get("findings", [])}


def test_ignore_per_run_by_id_and_prefix(tmp_path: Path) -> None:
    path = _write(tmp_path, rounding=True)
    assert _rules(path) == (1, {"N401": "error", "N409": "info"})
    assert _rules(path, "--ignore", "N401") == (0, {"N409": "info"})
    assert _rules(path, "--ignore", "N4") == (0, {})
    assert _rules(path, "--ignore", "n401,N409") == (0, {})


def test_severity_override_milder_and_stricter(tmp_path: Path) -> None:
    path = _write(tmp_path, rounding=True)
    assert _rules(path, "--severity-override", "N401=warning") == (0, {"N401": "warning", "N409": "info"})
    # stricter: the rule's own level rises; its 取整差异 stays a 提示
    assert _rules(path, "--severity-override", "N409=error") == (1, {"N401": "error", "N409": "info"})


def test_override_semantics() -> None:
    """Findings at the rule's own level take the new one; others keep theirs but never rise above it."""
    def finding(severity: str) -> Finding:
        return Finding("C102", severity, "m", Location(), "completeness")  # type: ignore[arg-type]

    found = [finding("error"), finding("warning")]  # C102's own level is error; its bare-header case a warning
    assert [f.severity for f in apply_settings(found, RuleSettings(severity={"C102": "info"}))] == ["info", "info"]
    assert [f.severity for f in apply_settings(found, RuleSettings(severity={"C102": "warning"}))] == [
        "warning", "warning"]
    assert apply_settings(found, RuleSettings(ignore=frozenset({"C102"}))) == []
    kept = apply_settings(found, RuleSettings())
    assert kept == found


def test_project_settings_from_juesuan_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, rounding=True)
    (tmp_path / "juesuan.toml").write_text(
        '[check]\nignore = ["N409"]\n\n[check.severity]\nN401 = "警告"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _rules(path) == (0, {"N401": "warning"})
    assert _rules(path, "--no-config") == (1, {"N401": "error", "N409": "info"})
    # the run's settings go on top of the project's
    assert _rules(path, "--severity-override", "N401=error") == (1, {"N401": "error"})


def test_config_named_on_the_command_line(tmp_path: Path) -> None:
    path = _write(tmp_path)
    config = tmp_path / "other.toml"
    config.write_text('[check]\nignore = "N401"\n', encoding="utf-8")
    assert _rules(path, "--config", str(config)) == (0, {})


@pytest.mark.parametrize(("text", "says"), [
    ('[check]\nignore = ["Z999"]\n', "没有这条规则"),
    ('[check]\nignore = ["I001"]\n', "I001"),
    ('[check.severity]\nI001 = "warning"\n', "不能降级"),
    ('[check.severity]\nN401 = "loud"\n', "严重程度"),
    ('[check]\nignor = ["N401"]\n', "不认识的设置"),
    ("[check\n", "TOML"),
])
def test_bad_settings_say_what_is_wrong_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    text: str, says: str) -> None:
    path = _write(tmp_path)
    config = tmp_path / "juesuan.toml"
    config.write_text(text, encoding="utf-8")
    assert main(["check", str(path), "--config", str(config)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(config) in err and says in err and "设置有误" in err
    with pytest.raises(ConfigError):
        load_config(config)


def test_bad_command_line_settings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _write(tmp_path)
    assert main(["check", str(path), "--severity-override", "N401"]) == 2
    assert "规则=级别" in capsys.readouterr().err
    with pytest.raises(ConfigError):
        run_settings(["Z"], [], None)


def test_baseline_suppresses_what_was_accepted_and_only_that(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, rounding=True)
    baseline = tmp_path / "基线.json"
    assert main(["check", str(path), "--write-baseline", str(baseline)]) == 1  # the run itself still reports
    assert "已写入基线" in capsys.readouterr().err
    assert _rules(path, "--baseline", str(baseline)) == (0, {})
    capsys.readouterr()
    main(["check", str(path), "--baseline", str(baseline)])
    assert "另有 2 条已在基线中接受" in capsys.readouterr().out
    # the same report under another name and folder: still recognised (by department and year)
    (tmp_path / "moved").mkdir()
    moved = _write(tmp_path / "moved", "renamed.json", rounding=True)
    assert _rules(moved, "--baseline", str(baseline)) == (0, {})
    # a changed number is a new finding
    changed = _write(tmp_path, "r.json", fiscal_total="0.4", rounding=True)
    assert _rules(changed, "--baseline", str(baseline)) == (1, {"N401": "error"})
    # another department's report is not covered
    other = _write(tmp_path, "o.json", department="上海市普陀区另一局", rounding=True)
    assert _rules(other, "--baseline", str(baseline))[1] == {"N401": "error", "N409": "info"}


def test_baseline_named_in_juesuan_toml_is_relative_to_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path)
    project = tmp_path / "project"
    project.mkdir()
    main(["check", str(path), "--write-baseline", str(project / "accepted.json")])
    (project / "juesuan.toml").write_text('[check]\nbaseline = "accepted.json"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _rules(path, "--config", str(project / "juesuan.toml")) == (0, {})


def test_not_a_baseline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path)
    bogus = tmp_path / "b.json"
    bogus.write_text('{"files": []}', encoding="utf-8")
    assert main(["check", str(path), "--baseline", str(bogus)]) == 2
    assert "不是 juesuan 基线文件" in capsys.readouterr().err
    assert main(["check", str(path), "--baseline", str(tmp_path / "none.json")]) == 2


def test_baseline_counts_repeated_findings() -> None:
    from juesuan.check.baseline import Baseline, finding_key

    data = sample.data()
    data["narrative"]["fiscal"]["total"] = "0.3"
    [f] = check(report_from_json(data))
    accepted = Baseline({"k": Counter({finding_key(f): 1})})
    kept, dropped = accepted.suppress("k", [f, replace(f)])  # accepted once, found twice: one is new
    assert (len(kept), dropped) == (1, 1)
