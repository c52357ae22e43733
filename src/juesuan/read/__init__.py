"""Read: PDF, plain text, XLSX workbook or model JSON -> Report."""

from __future__ import annotations

import json
from pathlib import Path

from juesuan.errors import BadReportJson
from juesuan.model import Report
from juesuan.read.detect import file_format


def read(path: str | Path) -> Report:
    """Read one report; raise a ``juesuan.errors.JuesuanError`` saying why not."""
    p = Path(path)
    fmt = file_format(p)
    if fmt == "pdf":
        from juesuan.read.pdf_reader import read_pdf

        return read_pdf(p)
    if fmt == "text":
        from juesuan.read.text_reader import read_text

        return read_text(p)
    if fmt == "json":
        from juesuan.model_json import report_from_json

        try:
            data = json.loads(p.read_text(encoding="utf-8-sig"))
            if not isinstance(data, dict) or "tables" not in data:
                raise BadReportJson(str(p), "缺少 tables (no 'tables' key)")
            report = report_from_json(data)
        except (ValueError, KeyError, TypeError) as exc:
            raise BadReportJson(str(p), str(exc)[:120]) from None
        report.source = report.source or str(p)
        return report
    from juesuan.read.workbook import read_workbook  # xlsx

    return read_workbook(p)


__all__ = ["read"]
