"""The 功能分类 codes the workbook offers (its 科目代码 sheet, the code column's drop-down, the 参考名称 column).

Three sources, none of them complete: the 类 of the national template (always), the
codes the source report itself prints (``template --from``), and code lists the user
names (``template --codes FILE.csv``: a CSV with ``code`` and ``name`` columns, such as
../shared/data/func_class_observed.csv).  The full catalogue (about 3,000 项, revised by
财政部 every year) has no machine-readable edition we may ship, so a code missing here is
never refused: the workbook only offers, and warns.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from juesuan.errors import FileMissing, UnsupportedFile
from juesuan.model import Report
from juesuan.standard import FUNCTION_CLASSES

LEVELS = {3: "类", 5: "款", 7: "项"}


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    source: str  # 国家模板 / 上年报告 / the file it came from

    @property
    def level(self) -> str:
        return LEVELS.get(len(self.code), "")


def _valid(code: str) -> bool:
    return code.isdigit() and len(code) in LEVELS


def codes_of_report(report: Report) -> list[Code]:
    """The 功能分类 codes a report's row tables print, with their names."""
    out: list[Code] = []
    for key in ("income", "expenditure", "general_budget", "gov_fund", "state_capital"):
        table = report.tables.get(key)
        if table is None or table.empty:
            continue
        out += [Code(r.code, r.name, "上年报告") for r in table.rows if r.code and _valid(r.code) and r.name]
    return out


def codes_of_file(path: Path) -> list[Code]:
    """A CSV code list: a header row naming ``code`` and ``name`` (or 编码 / 名称) columns."""
    if not path.is_file():
        raise FileMissing(str(path))
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        reason = f"无法读取科目代码表 (cannot read the code list: {type(exc).__name__})"
        raise UnsupportedFile(str(path), reason) from None
    out: list[Code] = []
    for row in rows:
        code = (row.get("code") or row.get("编码") or "").strip()
        name = (row.get("name") or row.get("名称") or "").strip()
        if _valid(code) and name:
            out.append(Code(code, name, path.name))
    if rows and not out:
        raise UnsupportedFile(str(path), "科目代码表没有 code,name 两列 (a CSV with code and name columns)")
    return out


def catalogue(report: Report | None = None, files: list[Path] | None = None) -> list[Code]:
    """Every known code once, in code order; the national 类 names first, then the report's, then the files'."""
    known: dict[str, Code] = {}
    sources = [Code(code, name, "国家模板") for code, name in FUNCTION_CLASSES]
    if report is not None:
        sources += codes_of_report(report)
    for path in files or []:
        sources += codes_of_file(path)
    for code in sources:
        known.setdefault(code.code, code)
    return [known[c] for c in sorted(known)]
