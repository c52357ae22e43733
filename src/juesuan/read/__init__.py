"""Read: PDF, plain text, XLSX workbook or model JSON -> Report."""

from __future__ import annotations

import json
from pathlib import Path

from juesuan.errors import BadReportJson, NotAReport
from juesuan.model import Report
from juesuan.read.file_format import file_format


def read(path: str | Path) -> Report:
    """Read one report; raise a ``juesuan.errors.JuesuanError`` saying why not."""
    p = Path(path)
    fmt = file_format(p)
    if fmt == "pdf":
        from juesuan.read.pdf.reader import read_pdf

        return read_pdf(p)
    if fmt == "text":
        from juesuan.read.text.reader import read_text

        report = read_text(p)
        if not report.tables and not report.narrative.facts and report.performance is None:
            raise NotAReport(str(p), "文本中找不到任何表格或决算数字 (no table or figure found in the text)")
        return report
    if fmt == "json":
        from juesuan.model_json import report_from_json

        try:
            data = json.loads(p.read_text(encoding="utf-8-sig"))
        except RecursionError:
            raise BadReportJson(str(p), "嵌套过深 (nested too deeply)") from None
        except ValueError as exc:  # also UnicodeDecodeError
            raise BadReportJson(str(p), str(exc)[:120]) from None
        if not isinstance(data, dict):
            raise BadReportJson(str(p), f"顶层不是对象 (top level is a JSON {type(data).__name__}, not an object)")
        if "tables" not in data:
            raise BadReportJson(str(p), "缺少 tables (no 'tables' key)")
        try:
            report = report_from_json(data)
        # report_from_json trusts the shapes of the model: a wrong one (a list for an object, a string
        # for a number) fails inside it with one of these
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BadReportJson(str(p), f"{type(exc).__name__}: {str(exc)[:120]}") from None
        report.source = report.source or str(p)
        return report
    from juesuan.read.workbook import read_workbook  # xlsx

    return read_workbook(p)


__all__ = ["read"]
