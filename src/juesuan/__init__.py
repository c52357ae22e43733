"""juesuan: read, check and compose Chinese departmental final accounts (部门决算)."""

from __future__ import annotations

from juesuan.check import check
from juesuan.errors import JuesuanError
from juesuan.model import Report
from juesuan.read import read

__version__ = "0.1.0"

__all__ = ["JuesuanError", "Report", "__version__", "check", "read"]
