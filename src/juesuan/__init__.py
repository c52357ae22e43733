"""juesuan: read, check and compose Chinese departmental final accounts (部门决算).

    report = juesuan.read("report.pdf")            # PDF (scans by OCR), web page, text, workbook, JSON -> Report
    report = juesuan.read_isolated("anyone.pdf")   # the same in a process of its own, memory and CPU bounded
    findings = juesuan.check(report)               # every identity, link and narrative claim
    juesuan.compose(report, "部门决算.docx")        # the whole report, DOCX / PDF / HTML, checked first
    juesuan.template("决算填报.xlsx", source=report) # the workbook a finance officer fills
"""

from juesuan.check import check
from juesuan.compose.outputs import compose, template
from juesuan.errors import JuesuanError
from juesuan.isolation import read_isolated
from juesuan.limits import Limits
from juesuan.model import Report
from juesuan.read import read

__version__ = "0.1.0"

__all__ = ["JuesuanError", "Limits", "Report", "__version__", "check", "compose", "read", "read_isolated", "template"]
