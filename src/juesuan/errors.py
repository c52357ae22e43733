"""Errors a user can cause, each with a one-line message and its own exit code.

The CLI prints ``juesuan: <file>: <reason>`` and exits with ``exit_code``;
no traceback, no partial output.
"""

from __future__ import annotations


class JuesuanError(Exception):
    """Base class: a problem with the user's input, not a bug."""

    exit_code = 2
    reason = "无法处理 (cannot be processed)"

    def __init__(self, path: str | None = None, detail: str | None = None) -> None:
        self.path = path
        self.detail = detail
        super().__init__(self.message)

    def __reduce__(self) -> tuple[type[JuesuanError], tuple[str | None, str | None]]:
        # pickled with what it was made from (a worker process hands errors back to the batch)
        return (type(self), (self.path, self.detail))

    @property
    def message(self) -> str:
        text = self.reason if not self.detail else f"{self.reason}: {self.detail}"
        text = " ".join(text.splitlines())  # always one line, whatever a detail quoted
        return f"{self.path}: {text}" if self.path else text


class FileMissing(JuesuanError):
    exit_code = 3
    reason = "文件不存在 (no such file)"


class UnsupportedFile(JuesuanError):
    exit_code = 4
    reason = "不是 PDF、网页、文本、XLSX 或 JSON 文件 (not a PDF, web page, text, XLSX or JSON file)"


class EncryptedPdf(JuesuanError):
    exit_code = 5
    reason = "PDF 已加密，无法读取 (encrypted PDF)"


class DamagedPdf(JuesuanError):
    exit_code = 6
    reason = "PDF 文件损坏 (damaged PDF)"


class EmptyPdf(JuesuanError):
    exit_code = 7
    reason = "PDF 没有页面 (zero pages)"


class NoTextLayer(JuesuanError):
    exit_code = 8
    reason = "PDF 没有文字层，可能是扫描件 (no text layer: scanned images)"


class NoStandardTables(JuesuanError):
    exit_code = 9
    reason = "未找到任何表格 (no table found: neither a standard table nor any other table of amounts)"


class BudgetReport(JuesuanError):
    exit_code = 10
    reason = "这是部门预算，不是部门决算；预算暂不支持 (a budget report, not final accounts: not supported yet)"


class NotAReport(JuesuanError):
    exit_code = 11
    reason = "不是部门决算报告 (not a departmental final accounts report)"


class BadReportJson(JuesuanError):
    exit_code = 12
    reason = "JSON 不是 juesuan 报告模型 (JSON is not a juesuan report model)"


class OutputError(JuesuanError):
    exit_code = 13
    reason = "无法写入输出文件 (cannot write the output file)"


class ConfigError(JuesuanError):
    """juesuan.toml, --ignore, --severity-override, --limit or a baseline file is wrong: bad arguments, exit 2."""

    exit_code = 2
    reason = "设置有误 (bad settings)"


class UnfilledWorkbook(JuesuanError):
    exit_code = 14
    reason = "工作簿未填写 (the workbook is not filled in)"


class BadWorkbook(JuesuanError):
    exit_code = 15
    reason = "工作簿填写有误 (the workbook has cells to correct)"


class LimitExceeded(JuesuanError):
    """A file beyond a processing limit (juesuan.limits): refused before it can take the machine's memory or time.

    The detail names the limit, the value found and how to raise it; a reading process stopped by its memory
    or CPU-time limit (juesuan.isolation) is refused the same way."""

    exit_code = 16
    reason = "文件超出处理限制 (exceeds a processing limit)"


class InvalidReport(JuesuanError):
    """A report (made in Python, or read from a PDF or text) holding what no document can carry: an amount that
    is not a finite decimal, a control character in a name.  Raised by compose and template before writing."""

    exit_code = 17
    reason = "报告数据无法写入文档 (the report holds values no document can carry)"


class DataFailsChecks(JuesuanError):
    """``compose``: the data fails its checks (``errors`` lists each, with where it is); --force composes anyway."""

    exit_code = 1
    reason = "数据校验发现错误 (the data fails its checks)"
    LISTED = 20

    def __init__(self, path: str | None, errors: list[str]) -> None:
        self.errors = list(errors)
        more = f"；另有 {len(errors) - self.LISTED} 个" if len(errors) > self.LISTED else ""
        super().__init__(path, f"{len(errors)} 个：" + "；".join(errors[: self.LISTED]) + more)

    def __reduce__(self) -> tuple[type[DataFailsChecks], tuple[str | None, list[str]]]:  # type: ignore[override]
        return (type(self), (self.path, self.errors))
