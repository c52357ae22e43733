"""Packaging: the licence file matches pyproject, dependencies declared where they are used."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[=<>\[ ]", r, maxsplit=1)[0].lower() for r in requirements}


def test_license_is_an_spdx_string_with_its_file() -> None:
    project = PYPROJECT["project"]
    assert project["license"] == "Apache-2.0"  # a TOML table is deprecated by setuptools
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text and "APPENDIX: How to apply the Apache License" in text
    requires = PYPROJECT["build-system"]["requires"]
    assert any(re.fullmatch(r"setuptools>=(\d+).*", r) and int(r.split(">=")[1].split(".")[0]) >= 77
               for r in requires), requires


def _imports(folder: Path) -> set[str]:
    found: set[str] = set()
    for path in folder.rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.match(r"\s*(?:from|import)\s+([A-Za-z_][\w]*)", line)
            if m:
                found.add(m.group(1).lower())
    return found


def test_runtime_dependencies_match_what_the_package_imports() -> None:
    runtime = _names(PYPROJECT["project"]["dependencies"])
    used = _imports(ROOT / "src" / "juesuan")
    # the test- and benchmark-only comparison library is not a runtime dependency
    assert "pdfplumber" not in used and "pdfplumber" not in runtime
    assert "pdfplumber" in _names(PYPROJECT["project"]["optional-dependencies"]["bench"])
    # what the package imports is declared (import name -> distribution name)
    distributions = {"pil": "pillow", "rich": "rich", "pdfminer": "pdfminer.six", "pypdfium2": "pypdfium2",
                     "openpyxl": "openpyxl", "docx": "python-docx", "weasyprint": "weasyprint",
                     "matplotlib": "matplotlib", "jinja2": "jinja2"}
    for module, dist in distributions.items():
        if module in used:
            assert dist in runtime, f"{module} is imported but {dist} is not declared"


def test_dev_extra_has_the_test_tools() -> None:
    dev = _names(PYPROJECT["project"]["optional-dependencies"]["dev"])
    assert {"pytest", "ruff", "mypy", "jsonschema", "juesuan"} <= dev
    assert all("==" in r for r in PYPROJECT["project"]["optional-dependencies"]["dev"] if not r.startswith("juesuan"))


def test_make_bench_falls_back_to_the_bundled_example(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    pdfs, texts, what = bench.documents(tmp_path / "no-corpus")
    assert pdfs == [ROOT / "examples" / "example-2022.pdf"] and pdfs[0].is_file() and texts == []
    assert "example" in what
