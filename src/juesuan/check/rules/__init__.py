"""The rule catalogue: one module per scope, each with its list ``RULES``."""

from __future__ import annotations

from juesuan.check.rule import Rule
from juesuan.check.rules import (
    completeness,
    cross_document,
    cross_table,
    generic_tables,
    internal,
    narrative_amounts,
    narrative_ratios,
    narrative_text,
    performance,
    plausibility,
    table_arithmetic,
    text_quality,
    three_public,
)

ALL_RULES: tuple[Rule, ...] = tuple(
    sorted(
        (
            *completeness.RULES,
            *plausibility.RULES,
            *text_quality.RULES,
            *table_arithmetic.RULES,
            *generic_tables.RULES,
            *three_public.RULES,
            *cross_table.RULES,
            *narrative_amounts.RULES,
            *narrative_ratios.RULES,
            *narrative_text.RULES,
            *performance.RULES,
            *cross_document.RULES,
            *internal.RULES,
        ),
        key=lambda r: r.id,
    )
)

RULES_BY_ID: dict[str, Rule] = {r.id: r for r in ALL_RULES}
