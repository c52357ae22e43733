"""The passages of prose a report prints that the composed report needs again, as narrative text facts.

* ``profile.functions``: 主要职能 (部门职责 ...), the body of its section in 第一部分, paragraph by
  paragraph (one per line);
* ``reasons.*``: every 主要原因 of the 情况说明, at the path the composer asks it from:
  ``total`` (收入支出总计 against last year), ``fiscal`` (财政拨款收入支出总计), ``general``
  (一般公共预算财政拨款支出 against last year), ``general_budget`` (its 决算数 against its 预算数),
  ``class.<类名>`` (a 类 against its 预算数; the reasons a report gives 项 by 项 joined under their 类),
  ``three_public.budget`` and ``three_public.previous``, ``operating_costs``;
* ``performance_management``: the body of 预算绩效管理情况 as printed;
* and the 绩效自评 coverage its text states (projects, amount) where no 绩效自评表 gave it.

Each reason is read where it stands: its section, and what its own sentence (or the one before)
compares (上年 / 相比 / 增减: a change; 预算数: a difference from the budget).
"""

from __future__ import annotations

import re

from juesuan.model import Narrative, Performance, Report, Source
from juesuan.read.prose.narrative import Span, mark_breaks, read_self_evaluated_facts, sections
from juesuan.read.prose.running_text import RunningText

_LEVEL1 = re.compile(r"[一二三四五六七八九十]{1,3}[、.．]")
_LEVEL2 = re.compile(r"[（(][一二三四五六七八九十]{1,3}[）)]")
_PART = re.compile(r"第[一二三四五六七八九十]部分")
_FUNCTIONS = re.compile(r"(?:部门)?(?:主要职能|主要职责|职能职责|部门职责|基本职能|职责职能|职能)")
_ITEM = re.compile(r"\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[）)]|[一二三四五六七八九十]{1,3}是|"
                   r"第[一二三四五六七八九十百]+条|"
                   + _LEVEL1.pattern + "|" + _LEVEL2.pattern)
_NUMBERED = re.compile(r"\d{1,2}[、.．](?!\d)")
_REASON = re.compile(r"(?:主要|变动|增减|差异)?原因(?!分析|如下)(?:主要)?(?:是|为|在于)?[：:，,]?")
_CONTINUES = re.compile(r"[二三四五六七八九十]是|其[二三四五]是?|另外|此外")
_CHANGE = re.compile(r"相比|上年|上一年|去年|同比|[较比]\d{4}年")
_BUDGET = re.compile(r"预算数|年初预算|全年预算|调整预算|完成预算|预算的")
_CLASS = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,20}?)(?:支出)?[（(]类[）)]")
_PARAGRAPH_END = "。：:；;！？!?"
_TABLE_TITLE = re.compile(r"[^。，,；;：:]{2,60}?(?:自评表|评价表|指标表)(?:[（(]\d{4}年度?[）)])?")
SHORT_LINE = 0.75  # a line this much shorter than a full one ends its paragraph
FULL_LINE = 0.8  # the length of a full line: this quantile of the line lengths
HEADING_LENGTH = 30
MAX_REASON = 400

# section key -> (reason of a change, reason of a difference from the budget)
_REASON_PATHS: dict[str, tuple[str | None, str | None]] = {
    "overall": ("total", None),
    "fiscal": ("fiscal", None),
    "general_budget": ("general", "general_budget"),
    "three_public": ("three_public.previous", "three_public.budget"),
    "operating_costs": ("operating_costs", None),
}


def _line_starts(stream: RunningText, start: int, end: int) -> list[int]:
    return sorted(s for s in stream.line_starts if start <= s < end)


def paragraphs(stream: RunningText, start: int, end: int) -> list[str]:
    """text[start:end] cut into its paragraphs, by the printed lines: a paragraph ends with a short line that
    ends a sentence, or a short heading line ("（一）预算绩效管理工作开展情况"); a numbered item after a
    finished sentence starts a new one."""
    starts = _line_starts(stream, start, end)
    if not starts or starts[0] > start:
        starts.insert(0, start)
    lengths = [b - a for a, b in zip(starts, [*starts[1:], end], strict=True)]
    usual = sorted(lengths)[int(FULL_LINE * (len(lengths) - 1))]  # a full line (tables make many short ones)
    out: list[str] = []
    begin = start
    for i in range(1, len(starts)):
        s, previous = starts[i], starts[i - 1]
        finished = stream.text[s - 1] in _PARAGRAPH_END
        short = lengths[i - 1] < SHORT_LINE * usual
        heading = _is_heading(stream.text[previous:s]) or (short and _ITEM.match(stream.text, previous) is not None)
        if (short and finished) or heading or (finished and _ITEM.match(stream.text, s)):
            out.append(stream.text[begin:s])
            begin = s
    out.append(stream.text[begin:end])
    return [p.strip() for p in out if p.strip()]


def _is_heading(line: str) -> bool:
    """"（一）预算绩效管理工作开展情况": numbered, short, and no punctuation of a sentence."""
    return (len(line) <= HEADING_LENGTH and (_LEVEL1.match(line) or _LEVEL2.match(line)) is not None
            and not any(c in line for c in "。，,；;：:、"))


def _source(stream: RunningText, start: int, end: int) -> Source:
    text = stream.text[start:end]
    return Source(stream.page_number(start), text[:80], stream.box(start, min(end, start + 80)))


def read_functions(stream: RunningText) -> tuple[str, Source] | None:
    """主要职能: the body under its heading (the last one that has a body: a table of contents has none)."""
    found: tuple[str, Source] | None = None
    starts = sorted(stream.line_starts)
    for i, s in enumerate(starts):
        number = _LEVEL1.match(stream.text, s) or _LEVEL2.match(stream.text, s)
        title = _FUNCTIONS.match(stream.text, number.end() if number else s)
        if title is None:
            continue
        body = stream.next_line_start(s)
        if body - title.end() > 4:  # more on the heading's line: a sentence or a contents line ("......2")
            continue
        level1 = number is None or _LEVEL1.match(stream.text, s) is not None
        end = next((p for p in starts[i + 1:] if p >= body and (
            _PART.match(stream.text, p) or _LEVEL1.match(stream.text, p)
            or (not level1 and _LEVEL2.match(stream.text, p)))), len(stream.text))
        text = "\n".join(paragraphs(stream, body, end))
        if text:
            found = (text, _source(stream, body, end))
    return found


def _sentence_start(stream: RunningText, pos: int, lo: int) -> int:
    s = pos
    while s > lo and s not in stream.breaks and stream.text[s - 1] not in "。；;":
        s -= 1
    return s


def _reason_end(stream: RunningText, start: int, hi: int) -> int:
    """The reason runs to the end of its sentence, and on through sentences that continue it (二是 ...)."""
    e = start
    while e < hi and e - start < MAX_REASON:
        if e > start and (e in stream.breaks or (_NUMBERED.match(stream.text, e) and e in stream.line_starts)):
            break
        if stream.text[e] == "。":
            if not _CONTINUES.match(stream.text, e + 1):
                break
        e += 1
    return e


def _kind(stream: RunningText, at: int, lo: int) -> str | None:
    """"change" or "budget": what the sentence of the reason (or the one before it) compares."""
    own_start = _sentence_start(stream, at, lo)
    previous_start = _sentence_start(stream, own_start - 1, lo) if own_start > lo else own_start
    for text in (stream.text[own_start:at], stream.text[previous_start:own_start]):
        if _CHANGE.search(text):
            return "change"
        if _BUDGET.search(text):
            return "budget"
    return None


def _class_of(stream: RunningText, at: int, span: Span) -> str | None:
    """The 类 whose numbered item holds position ``at`` ("3、卫生健康支出（类）行政事业单位医疗（款）...")."""
    item = max((s for s in stream.line_starts if span.start <= s < at and _NUMBERED.match(stream.text, s)),
               default=None)
    if item is None or any(s in stream.breaks and _LEVEL2.match(stream.text, s) for s in range(item, at)):
        return None
    m = _CLASS.search(stream.text, item, at)
    if m is None:
        return None
    name = m.group("name")
    return name if name.endswith("支出") else name + "支出"


def read_reasons(stream: RunningText, spans: list[Span]) -> dict[str, tuple[str, Source]]:
    """reason key (under ``reasons.``) -> (the reason as printed, where)."""
    found: dict[str, tuple[str, Source]] = {}
    by_class: dict[str, list[tuple[str, Source]]] = {}
    for span in spans:
        paths = _REASON_PATHS.get(span.key)
        if paths is None:
            continue
        for m in _REASON.finditer(stream.text, span.start, span.end):
            end = _reason_end(stream, m.end(), span.end)
            text = stream.text[m.end():end].strip("，,：:；; ")
            if len(text) < 2 or text.startswith(("XXX", "xxx")):
                continue
            kind = _kind(stream, m.start(), span.start)
            if kind is None:
                continue
            source = _source(stream, _sentence_start(stream, m.start(), span.start), end)
            name = _class_of(stream, m.start(), span) if span.key == "general_budget" and kind == "budget" else None
            if name is not None:
                if text not in [t for t, _ in by_class.setdefault(name, [])]:
                    by_class[name].append((text, source))
                continue
            path = paths[0] if kind == "change" else paths[1]
            if path is not None and path not in found:
                found[path] = (text, source)
    for name, items in by_class.items():
        found[f"class.{name}"] = ("；".join(t.rstrip("。") for t, _ in items), items[0][1])
    return found


def read_performance_management(stream: RunningText, spans: list[Span]) -> tuple[str, Source] | None:
    """预算绩效管理情况 (预算绩效情况说明 ...): everything under its heading, sub-headings included."""
    first = next((i for i, s in enumerate(spans) if s.key == "performance"), None)
    if first is None:
        return None
    last = first
    while last + 1 < len(spans) and spans[last + 1].key == "performance":
        last += 1
    body = stream.next_line_start(spans[first].start)
    end = spans[last].end
    for p in _line_starts(stream, body, end):  # the prose stops where a 绩效自评表 (or 附件) begins
        line = stream.text[p:stream.next_line_start(p)]
        if _TABLE_TITLE.fullmatch(line) or line.startswith("附件"):
            end = p
            break
    text = "\n".join(paragraphs(stream, body, end))
    return (text, _source(stream, body, end)) if len(text) > 10 else None


def read_passages(report: Report) -> None:
    """Add the passages to ``report.narrative`` (and the 绩效自评 coverage to its performance where missing)."""
    if not report.pages:
        return
    stream = RunningText.compact(report.pages)
    mark_breaks(stream)
    spans = sections(stream)
    n: Narrative = report.narrative
    functions = read_functions(stream)
    if functions is not None:
        n.set("profile.functions", functions[0], functions[1])
    for key, (text, source) in read_reasons(stream, spans).items():
        n.set(f"reasons.{key}", text, source)
    management = read_performance_management(stream, spans)
    if management is not None:
        n.set("performance_management", management[0], management[1])
    perf = report.performance or Performance()
    if not perf.self_evaluated:
        stated = read_self_evaluated_facts(report.pages)
        if stated.facts:
            perf.self_evaluated = dict(stated.facts)
            perf.sources.update({f"self_evaluated.{k}": v for k, v in stated.sources.items()})
            report.performance = perf
