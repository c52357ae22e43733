"""The report's running text, page by page, whitespace removed, with a way back to lines and boxes.

Text rules search the joined text of a page (a sentence may wrap over lines)
and point at the lines a match covers.  Without page text (a model JSON), the
narrative's source sentences stand in for it, so the rules still run on what
is known and stay silent on what is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from juesuan.check.finding import Location
from juesuan.model import Box, Report, TextLine

_SPACE = re.compile(r"\s+")


@dataclass
class PageText:
    number: int
    text: str = ""
    spans: list[tuple[int, int, TextLine]] = field(default_factory=list)

    @classmethod
    def of(cls, number: int, lines: list[TextLine]) -> PageText:
        page = cls(number)
        parts: list[str] = []
        offset = 0
        for line in lines:
            clean = _SPACE.sub("", line.text)
            if clean:
                parts.append(clean)
                page.spans.append((offset, offset + len(clean), line))
                offset += len(clean)
        page.text = "".join(parts)
        return page

    def locate(self, start: int, end: int, context: int = 0) -> Location:
        box: Box | None = None
        for s, e, line in self.spans:
            if s < end and e > start and line.box is not None:
                box = line.box if box is None else box.union(line.box)
        snippet = self.text[max(0, start - context):end + context]
        return Location(page=self.number or None, text=snippet, box=box)

    def lines_at(self, start: int, end: int) -> list[TextLine]:
        """The printed lines a match covers."""
        return [line for s, e, line in self.spans if s < end and e > start]

    def printed(self, start: int, end: int) -> str:
        """The text of a match as printed, whitespace kept (lines joined by newlines)."""
        parts: list[str] = []
        for s, e, line in self.spans:
            if s >= end or e <= start:
                continue
            raw, seen, begin, stop = line.text, s, None, len(line.text)
            for i, ch in enumerate(raw):
                if ch.isspace():
                    continue
                if seen == start and begin is None:
                    begin = i
                if seen == end:
                    stop = i
                    break
                seen += 1
            parts.append(raw[begin or 0:stop].strip())
        return "\n".join(parts)

    def sentence(self, start: int, end: int) -> Location:
        """The sentence (between 。；) around a match."""
        left = max(self.text.rfind(p, 0, start) for p in "。；\n") + 1
        rights = [i for i in (self.text.find(p, end) for p in "。；") if i >= 0]
        right = min(rights) + 1 if rights else len(self.text)
        loc = self.locate(start, end)
        return Location(page=loc.page, text=self.text[left:right][:200], box=loc.box)


_CACHE: ContextVar[dict[int, list[PageText]] | None] = ContextVar("page_text_cache", default=None)


@contextmanager
def cached_pages() -> Iterator[None]:
    """Within one check run, build each report's page text once (the runner wraps every rule in this)."""
    token = _CACHE.set({})
    try:
        yield
    finally:
        _CACHE.reset(token)


def pages(report: Report) -> list[PageText]:
    cache = _CACHE.get()
    if cache is not None and id(report) in cache:
        return cache[id(report)]
    out = _build(report)
    if cache is not None:
        cache[id(report)] = out
    return out


def _build(report: Report) -> list[PageText]:
    if report.pages:
        return [PageText.of(page.number, page.lines) for page in report.pages]
    by_page: dict[int, list[TextLine]] = {}
    for src in report.narrative.sources.values():
        by_page.setdefault(src.page, []).append(TextLine(src.text + "。", src.box))
    return [PageText.of(k, by_page[k]) for k in sorted(by_page)]


def has_text(report: Report) -> bool:
    """True where the report carries its running text (not only a model)."""
    return any(line.text.strip() for page in report.pages for line in page.lines)


def finditer(pattern: re.Pattern[str], report: Report) -> Iterator[tuple[PageText, re.Match[str]]]:
    for page in pages(report):
        for match in pattern.finditer(page.text):
            yield page, match


def full_text(report: Report) -> str:
    return "".join(p.text for p in pages(report))
