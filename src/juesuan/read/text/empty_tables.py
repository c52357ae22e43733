"""Statements that a table has no data ("本部门当年无政府性基金预算财政拨款收入支出。")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from juesuan.model import Page

# Table key -> what the statement says there is none of.
_SUBJECTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("gov_fund", re.compile(r"(?:无|没有)[^。，,；;]{0,12}?政府性基金")),
    ("state_capital", re.compile(r"(?:无|没有)[^。，,；;]{0,12}?国有资本经营")),
    ("three_public", re.compile(r"(?:无|没有)[^。，,；;]{0,12}?[“\"]?三公[”\"]?经费")),
)
_AMOUNT = re.compile(r"\d+\.\d+|万元")
_PREFIX = re.compile(r"^.*(?:说\s*明|注)\s*[：:]\s*")


@dataclass
class Statement:
    page: int
    text: str


def empty_statements(pages: list[Page]) -> dict[str, Statement]:
    """Table key -> the first statement that the document has no data for it."""
    found: dict[str, Statement] = {}
    for page in pages:
        lines = [line.text.strip() for line in page.lines]
        for index, line in enumerate(lines):
            for key, pattern in _SUBJECTS:
                if key in found or not pattern.search(line):
                    continue
                sentence = _sentence(lines, index)
                if sentence is None or _AMOUNT.search(sentence):
                    continue
                found[key] = Statement(page.number, sentence)
    return found


def _sentence(lines: list[str], index: int) -> str | None:
    """The sentence starting on lines[index], up to its 。 (at most three lines on)."""
    text = ""
    for line in lines[index : index + 4]:
        text += line
        if "。" in text:
            break
    text = _PREFIX.sub("", text)
    # A heading printed on the same line ("七、…情况说明 本部门…") is not part of it.
    text = re.sub(r"^.*情况说明\s*", "", text)
    end = text.find("。")
    if end < 0:
        return None
    sentence = "".join(text[: end + 1].split()) if _is_cjk_only(text[: end + 1]) else text[: end + 1].strip()
    if not re.search(r"无|没有", sentence):
        return None
    return sentence


def _is_cjk_only(text: str) -> bool:
    return not re.search(r"[A-Za-z0-9]", text)
