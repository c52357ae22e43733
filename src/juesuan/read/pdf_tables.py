"""Standard tables from page geometry (stub; see issue 2)."""

from __future__ import annotations

from juesuan.model import Problem, Table
from juesuan.read.pdf_document import PageGeometry


def read_tables(pages: list[PageGeometry]) -> tuple[dict[str, Table], list[Problem]]:
    return {}, []
