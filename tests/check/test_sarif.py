"""SARIF output: valid against the official SARIF 2.1.0 schema, real file URIs, the tool version, clean texts.

sarif-schema-2.1.0.json beside this file is the OASIS schema (errata 01) as published in the
oasis-tcs/sarif-spec repository (Schemata/sarif-schema-2.1.0.json).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlparse

import jsonschema
import pytest

from juesuan import __version__
from juesuan.cli import main
from juesuan.model_json import dumps, report_from_json
from tests.check import sample

SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _validate(log: dict[str, object]) -> None:
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def _reports(folder: Path) -> list[Path]:
    """A report with an error and a 取整差异, a clean one in a folder with a CJK name, and an unreadable file."""
    data = sample.data()
    data["narrative"]["fiscal"]["total"] = "0.3"
    data["narrative"]["procurement"]["total"] = "10.01"
    bad = folder / "bad report.json"
    bad.write_text(dumps(report_from_json(data)), encoding="utf-8")
    (folder / "部门").mkdir()
    clean = folder / "部门" / "决算.json"
    clean.write_text(dumps(sample.report()), encoding="utf-8")
    broken = folder / "broken.pdf"
    broken.write_bytes(b"not a pdf")
    return [bad, clean, broken]


def test_sarif_validates_against_the_schema(tmp_path: Path) -> None:
    files = _reports(tmp_path)
    out = tmp_path / "out.sarif"
    code = main(["check", *map(str, files), "--format", "sarif", "-o", str(out), "-j", "1",
                 "--ignore", "C204", "--severity-override", "N403=warning"])
    assert code == 2
    log = json.loads(out.read_text(encoding="utf-8"))
    _validate(log)
    [run] = log["runs"]
    assert {r["ruleId"] for r in run["results"]} == {"N401", "N409"}
    overrides = run["invocations"][0]["ruleConfigurationOverrides"]
    rules = run["tool"]["driver"]["rules"]
    assert overrides[0]["configuration"] == {"enabled": False}
    assert rules[overrides[0]["descriptor"]["index"]]["id"] == overrides[0]["descriptor"]["id"] == "C204"
    assert overrides[1]["descriptor"]["id"] == "N403" and overrides[1]["configuration"] == {"level": "warning"}
    assert run["invocations"][0]["executionSuccessful"] is False
    assert "broken.pdf" in run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]


def test_sarif_names_files_by_real_uris(tmp_path: Path) -> None:
    files = _reports(tmp_path)
    out = tmp_path / "out.sarif"
    main(["check", *map(str, files), "--format", "sarif", "-o", str(out), "-j", "1"])
    run = json.loads(out.read_text(encoding="utf-8"))["runs"][0]
    uris = [a["location"]["uri"] for a in run["artifacts"]]
    assert uris == [p.resolve().as_uri() for p in files]
    for uri, path in zip(uris, files, strict=True):
        parsed = urlparse(uri)
        assert parsed.scheme == "file" and Path(unquote(parsed.path)) == path.resolve()
        assert " " not in uri and "部" not in uri  # percent-encoded, as a URI must be
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uri"] == uris[location["index"]]


def test_sarif_and_json_carry_the_tool_version(tmp_path: Path) -> None:
    [bad, *_] = _reports(tmp_path)
    for fmt in ("sarif", "json"):
        out = tmp_path / f"out.{fmt}"
        main(["check", str(bad), "--format", fmt, "-o", str(out)])
        data = json.loads(out.read_text(encoding="utf-8"))
        tool = data["runs"][0]["tool"]["driver"] if fmt == "sarif" else data["tool"]
        assert tool["name"] == "juesuan" and tool["version"] == __version__


@pytest.mark.parametrize("field", ["fullDescription", "help"])
def test_rule_texts_have_no_source_indentation(tmp_path: Path, field: str) -> None:
    [bad, *_] = _reports(tmp_path)
    out = tmp_path / "out.sarif"
    main(["check", str(bad), "--format", "sarif", "-o", str(out)])
    rules = json.loads(out.read_text(encoding="utf-8"))["runs"][0]["tool"]["driver"]["rules"]
    for rule in rules:
        text = rule[field]["text"]
        assert "  " not in text and "\n " not in text, (rule["id"], text)
    a201 = next(r for r in rules if r["id"] == "A201")
    assert "如何修正" in a201["help"]["text"]
