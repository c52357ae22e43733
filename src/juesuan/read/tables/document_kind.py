"""Is this a 决算 (final accounts) or a 预算 (budget)?  Budgets are refused for now."""

from __future__ import annotations

import re

from juesuan.errors import BudgetReport
from juesuan.model import Page

_FINAL = re.compile(r"决\s*算")
_BUDGET = re.compile(r"预\s*算")
# Budget-only phrases: a 决算 mentions 年初预算, never these as its title.
_BUDGET_TITLE = re.compile(r"(部门|单位)\s*预\s*算|预算\s*(总表|表)|公开\s*0?\d+\s*表")


def document_kind(pages: list[Page]) -> str:
    """'budget' or 'final', judged from the cover, then the title pages and the table titles."""
    cover = "".join(pages[0].text.split()) if pages else ""
    if re.search(r"决算", cover):
        return "final"
    if re.search(r"预算", cover) and not re.search(r"决算", cover):
        return "budget"
    head = "\n".join(p.text for p in pages[:3])
    final_hits = len(_FINAL.findall(head))
    budget_title = len(_BUDGET_TITLE.findall(head))
    if final_hits == 0 and budget_title > 0:
        return "budget"
    if final_hits == 0:
        body = "\n".join(p.text for p in pages)
        if len(_FINAL.findall(body)) == 0 and len(_BUDGET.findall(body)) > 0:
            return "budget"
    return "final"


def refuse_if_budget(path: str, pages: list[Page]) -> None:
    if document_kind(pages) == "budget":
        raise BudgetReport(path)
