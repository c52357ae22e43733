"""Indicator rows of the 绩效自评表: {goal, level1, level2, level3, target, actual, score}.

Read only where the text keeps one row to a line:

    年度目标1：（20分） 完成干部培训
    产出指标 数量指标 培训人数 ≥150人 300人 4
    质量指标 培训合格率 ≥95% 98% 3

A row line may open with its 一级 and 二级 labels (or inherit them from the
lines above); what is left must be exactly 三级指标, 目标值, 完成值, 得分.
Extracted text often wraps cells over several lines ("满意度指" / "标");
then nothing tells which fragment belongs to which row, so the whole goal's
block is left out and a Problem says so, rather than emitting rows whose
labels may belong to another row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from juesuan.amounts import parse_amount
from juesuan.model import Page, Problem

LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
LEVEL2 = (
    "数量指标", "质量指标", "时效指标", "成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
    "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "可持续发展影响指标",
    "服务对象满意度指标", "社会公众或服务对象满意度指标", "满意度指标",
)
_HEADER_WORDS = (
    "年度绩效指标", "年度绩效", "绩效指标", "一级指标", "二级指标", "三级指标", "指标", "年初目标值（A）",
    "年初目标值", "年度指标值", "全年目标值", "指标值", "实际完成值（B）", "实际完成值", "（A）", "（B）",
    "得分", "分值", "完成值",
)
_TABLE_TITLE = re.compile(r"绩效自评表")
_GOAL = re.compile(
    r"^(?:年度目标\s*(?P<n>\d+)?|(?:年度)?总体目标)\s*[：:]?\s*(?:[（(]\s*[\d.]+\s*分\s*[）)])?\s*(?P<goal>.*)$"
)
_END = re.compile(r"^(?:总\s*分|偏差大|改进措施|偏差原因|说明[：:])")


@dataclass
class _Block:
    label: str
    goal: str | None
    page: int
    rows: list[dict[str, Any]] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    level1: str | None = None
    level2: str | None = None


def read_indicators(pages: list[Page]) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The indicator rows that can be read, and a Problem for each goal whose rows cannot."""
    blocks: list[_Block] = []
    current: _Block | None = None
    in_table = False
    for page in pages:
        for line in page.lines:
            text = " ".join(line.text.split())
            if not text:
                continue
            if _TABLE_TITLE.search(text) and len(text) < 60:
                in_table, current = True, None
                continue
            if not in_table:
                continue
            goal = _GOAL.match(text)
            if goal:
                label = f"年度目标{goal.group('n')}" if goal.group("n") else "总体目标"
                current = _Block(label, goal.group("goal").strip() or None, page.number)
                blocks.append(current)
                continue
            if _END.match(text):
                current = None
                continue
            if current is not None:
                _take(current, text)
    indicators: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for block in blocks:
        if block.unreadable:
            problems.append(Problem(
                f"绩效自评表 {block.label}: its indicator rows are wrapped over several lines "
                f"(e.g. {block.unreadable[0]!r}), so their cells cannot be told apart; its indicators are left out",
                page=block.page))
        else:
            indicators.extend(block.rows)
    return indicators, problems


def _take(block: _Block, text: str) -> None:
    rest = _strip_header(text)
    if not rest:
        return
    tokens = rest.split()
    level1, level2 = block.level1, block.level2
    if tokens and tokens[0] in LEVEL1 and not (tokens[0] in LEVEL2 and level1 is not None and len(tokens) == 1):
        level1, level2 = tokens.pop(0), None
    if tokens and tokens[0] in LEVEL2:
        level2 = tokens.pop(0)
    block.level1, block.level2 = level1, level2
    if not tokens:
        return
    score = _score(tokens[-1])
    if len(tokens) != 4 or score is None or level1 is None or level2 is None:
        block.unreadable.append(text)
        return
    block.rows.append({
        "goal": block.goal,
        "level1": level1,
        "level2": level2,
        "level3": tokens[0],
        "target": tokens[1],
        "actual": tokens[2],
        "score": score,
    })


def _strip_header(text: str) -> str:
    tokens = text.split()
    if all(t in _HEADER_WORDS for t in tokens):
        return ""
    return text


def _score(token: str) -> Any:
    try:
        return parse_amount(token)
    except ValueError:
        return None
