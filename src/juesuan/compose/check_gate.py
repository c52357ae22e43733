"""Run juesuan.check on the data before composing: errors stop the composer unless forced.

The checker is another package of this project; when it cannot be imported the gate
says so and lets the composer go on (marked unchecked).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from juesuan.model import Report


@dataclass
class GateResult:
    available: bool
    errors: list[str] = field(default_factory=list)
    warnings: int = 0

    @property
    def passed(self) -> bool:
        return self.available and not self.errors


def run_checks(report: Report) -> GateResult:
    try:
        from juesuan.check import check
    except ImportError:
        return GateResult(available=False)
    findings = check(report)
    errors = [f"{f.location.describe()}：{f.message}".lstrip("：") for f in findings if f.severity == "error"]
    warnings = sum(1 for f in findings if f.severity == "warning")
    return GateResult(available=True, errors=errors, warnings=warnings)
