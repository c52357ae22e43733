"""Department, year, unit and 决算单位构成 from the running text (stub; see issue 2)."""

from __future__ import annotations

from juesuan.model import Report


def read_metadata(report: Report) -> None:
    return None
