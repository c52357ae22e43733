"""绩效自评 (placeholder while being written)."""

from __future__ import annotations

from juesuan.model import Page, Performance, Problem


def read_performance(pages: list[Page], problems: list[Problem] | None = None) -> Performance | None:
    return None
