"""Narrative facts of the 情况说明 (stub; see issue 2)."""

from __future__ import annotations

from juesuan.model import Narrative, Page


def read_narrative(pages: list[Page]) -> Narrative:
    return Narrative()
