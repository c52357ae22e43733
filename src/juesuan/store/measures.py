"""The measures ``juesuan rank`` orders departments by (kept apart from the queries, so the CLI loads fast)."""

from __future__ import annotations

MEASURES: dict[str, str] = {
    "三公": "“三公”经费决算数（万元）",
    "三公-change": "“三公”经费比上年增减（万元）",
    "execution-rate": "一般公共预算财政拨款支出执行率（%）",
    "basic-share": "基本支出占本年支出比例（%）",
    "operating-costs": "机关运行经费（万元）",
    "findings": "错误数（警告数）",
}

# what ``juesuan export`` writes
EXPORT_FORMATS: tuple[str, ...] = ("parquet", "csv", "xlsx", "datapackage")
