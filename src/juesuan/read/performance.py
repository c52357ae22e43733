"""绩效自评表 (stub; see issue 2)."""

from __future__ import annotations

from juesuan.model import Page, Performance


def read_performance(pages: list[Page]) -> Performance | None:
    return None
