"""Narrative facts of the 情况说明: the numbers its model sentences state, at the spec's dotted paths.

The pages become one stream of text (running_text); the 情况说明 part is cut
into its sections by their headings (一、收入支出决算总体情况说明 ...); each
rule of narrative_patterns reads its sentence in its sections.  Values are
Decimal exactly as printed (a decrease negative), counts int; each fact keeps
its source (page, sentence, box).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from juesuan.model import Narrative, Page, Source
from juesuan.read.prose.narrative_patterns import (
    CHART_LABELS,
    DECREASE,
    RULES,
    SECTIONS,
    SELF_EVALUATED_RULES,
    TITLE_PREFIX,
    Rule,
)
from juesuan.read.prose.running_text import RunningText

FULL_STOPS = "。！？!?"  # sentence ends; ；and ， end clauses inside a sentence

_HEADING = re.compile(r"[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]")
_NUMBERED = re.compile(r"\d{1,2}[、.．](?!\d)")  # "1." items: a section heading only when its title names one
_SECTION_TITLES = [(key, re.compile(TITLE_PREFIX + title)) for key, title in SECTIONS]
_PART = re.compile(r"第[一二三四五六七八九十]部分[：:]?")
_PART_OF_NARRATIVE = re.compile(r"[^。，]{0,20}?(?:其他重要事项|相关口径)")


def mark_breaks(stream: RunningText) -> None:
    """Sentences start after a heading line and at a numbered item, whatever punctuation precedes."""
    for pos in stream.line_starts:
        if _HEADING.match(stream.text, pos) or _PART.match(stream.text, pos):
            stream.breaks.add(stream.next_line_start(pos))
        elif _NUMBERED.match(stream.text, pos):
            stream.breaks.add(pos)


@dataclass(frozen=True)
class Span:
    key: str
    start: int
    end: int


def _heading_at(stream: RunningText, pos: int) -> tuple[str, int] | None:
    """(section key, end of the numbering) when a section heading starts at pos."""
    m = _HEADING.match(stream.text, pos) or _NUMBERED.match(stream.text, pos)
    if not m:
        return None
    title = stream.text[m.end() : m.end() + 40]
    for key, regex in _SECTION_TITLES:
        if regex.match(title):
            return key, m.end()
    return None


# The first sections of the 情况说明 in template order: its start is the last heading of the first of these found
# (a table of contents names them too, before the body).  Later sections are left out: a glossary may name them.
_OPENING = ("overall", "income", "expenditure", "fiscal", "general_budget")


def _ends_narrative(stream: RunningText, pos: int) -> bool:
    """A part heading ends the 情况说明, unless it is a part of it ("第四部分 其他重要事项及相关口径情况说明")."""
    m = _PART.match(stream.text, pos)
    if m is None:
        return False
    return not _PART_OF_NARRATIVE.match(stream.text[m.end() : m.end() + 40])


def sections(stream: RunningText) -> list[Span]:
    """The sections of the 情况说明, in printed order (table of contents and glossary left out)."""
    headings: list[tuple[int, str]] = []
    for pos in sorted(stream.line_starts):
        found = _heading_at(stream, pos)
        if found:
            headings.append((pos, found[0]))
    begin: int | None = None
    for key in _OPENING:
        last = max((i for i, (_, k) in enumerate(headings) if k == key), default=None)
        if last is not None:
            while last > 0 and headings[last - 1][1] == key:  # its own sub-headings: （一）（二）...
                last -= 1
            begin = headings[last][0]
            break
    end = len(stream.text)
    if begin is not None:
        end = min((pos for pos in stream.line_starts if pos > begin and _ends_narrative(stream, pos)), default=end)
    inside = [(pos, key) for pos, key in headings if (begin or 0) <= pos < end]
    glossary = [pos for pos, key in inside if key == "glossary"]
    if glossary:
        end = glossary[0]
        inside = [(pos, key) for pos, key in inside if pos < end]
    if not inside:
        return [Span("", begin or 0, end)]
    spans: list[Span] = []
    for i, (pos, key) in enumerate(inside):
        stop = inside[i + 1][0] if i + 1 < len(inside) else end
        spans.append(Span(key, pos, stop))
    return spans


def _value(kind: str, printed: str, sign: str | None) -> Any:
    if kind == "count":
        return int(printed)
    if kind == "zero":
        return Decimal(0)
    value = Decimal(printed.replace(",", ""))
    if sign is not None and sign in DECREASE and value != 0:
        value = -abs(value)
    return value


def apply_rules(stream: RunningText, spans: list[Span], rules: list[Rule], out: Narrative) -> None:
    """Each rule in order over its sections in printed order.  A rule stops at its first match that sets a fact
    (unless it repeats, as for lists of classes or projects); a fact once set stands (earlier rules win)."""
    for rule in rules:
        for span in spans:
            if rule.sections and span.key not in rule.sections:
                continue
            for m in sentence_matches(stream, rule, span.start, span.end):
                if _apply_match(stream, span, rule, m, out) and not rule.repeat:
                    break
            else:
                continue
            if not rule.repeat:
                break


def within_sentence(stream: RunningText, start: int, end: int, stops: int = 0) -> bool:
    """Whether text[start:end] stays inside one sentence: no 。！？ (but ``stops`` of them) and no sentence
    break (after a heading, at a numbered item) inside it."""
    if sum(ch in FULL_STOPS for ch in stream.text[start:end]) > stops:
        return False
    return not any(start < pos < end for pos in stream.breaks)


def _on_topic(stream: RunningText, rule: Rule, m: re.Match[str], lo: int, hi: int) -> bool:
    """Whether the sentence holding the match names the rule's topic before the match ends."""
    if rule.topic_regex is None:
        return True
    s, _ = stream.sentence(m.start(), m.end(), lo, hi, ends=FULL_STOPS)
    return rule.topic_regex.search(stream.text, s, m.end()) is not None


def sentence_matches(stream: RunningText, rule: Rule, start: int, end: int) -> Iterator[re.Match[str]]:
    """The rule's matches in text[start:end] that stay inside one sentence, so that a label and the numbers
    it states are always printed in one sentence (an item's title and its first sentence count as one where
    the rule reads a title: "4.农林水支出（类）。年初预算为…").  A match that crosses a sentence end is
    tried again from its next character: the sentence after it may hold a match of its own."""
    stops = 1 if rule.title_sentence else 0
    pos = start
    while pos < end:
        m = rule.regex.search(stream.text, pos, end)
        if m is None:
            return
        if within_sentence(stream, m.start(), m.end(), stops) and _on_topic(stream, rule, m, start, end):
            yield m
            pos = max(m.end(), m.start() + 1)
        else:
            pos = m.start() + 1


def _apply_match(stream: RunningText, span: Span, rule: Rule, m: re.Match[str], out: Narrative) -> bool:
    groups = m.groupdict()
    name: str | None = None
    if "name" in groups and groups["name"] is not None:
        name = rule.name_part(groups["name"])
        if name is None:
            return False
    applied = False
    for group, path_form in rule.fields.items():
        printed = groups.get(group)
        if printed is None:
            continue
        path = path_form.replace("{name}", name) if name is not None else path_form
        if out.get(path) is not None:
            continue
        kind = rule.kinds[group]
        value = _value(kind, printed, groups.get(f"{group}__sign"))
        vs, ve = (m.start(group), m.end(group)) if kind != "zero" else (m.start(), m.end())
        source: Source = stream.source(vs, ve, m.start(), m.end(), span.start, span.end)
        out.set(path, value, source)
        applied = True
    return applied


def _chart_previous(stream: RunningText, spans: list[Span], out: Narrative) -> None:
    """A previous year's total printed only as a chart label (图4: 2021年 2022年 ... 1542.46 1405.72)."""
    for key, total_path, previous_path in (("overall", "total", "previous_total"),
                                           ("fiscal", "fiscal.total", "fiscal.previous")):
        total = out.get(total_path)
        if total is None or out.get(previous_path) is not None:
            continue
        for span in spans:
            if span.key != key:
                continue
            for m in CHART_LABELS.finditer(stream.text, span.start, span.end):
                if int(m.group("y1")) != int(m.group("y0")) + 1:
                    continue
                if Decimal(m.group("b").replace(",", "")) != total:
                    continue
                value = Decimal(m.group("a").replace(",", ""))
                out.set(previous_path, value, stream.source(m.start("a"), m.end("a"), m.start(), m.end(),
                                                            span.start, span.end))
                break


def read_narrative(pages: list[Page], extra_rules: Sequence[Rule] = ()) -> Narrative:
    """The facts of the 情况说明; ``extra_rules`` (tried after the model sentences) read wordings whose
    meaning the tables settle (read/prose/with_tables.py)."""
    stream = RunningText.compact(pages)
    mark_breaks(stream)
    spans = sections(stream)
    out = Narrative()
    apply_rules(stream, spans, [*RULES, *extra_rules], out)
    _chart_previous(stream, spans, out)
    return out


def read_self_evaluated_facts(pages: list[Page]) -> Narrative:
    """绩效自评 coverage stated in the narrative, with sources (paths: projects, amount, share_pct)."""
    stream = RunningText.compact(pages)
    mark_breaks(stream)
    out = Narrative()
    apply_rules(stream, sections(stream), SELF_EVALUATED_RULES, out)
    return out


def read_self_evaluated(pages: list[Page]) -> dict[str, Any]:
    """performance.self_evaluated as the narrative states it: {projects (int), amount, share_pct}."""
    return dict(read_self_evaluated_facts(pages).facts)
