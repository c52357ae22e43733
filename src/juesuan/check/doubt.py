"""What the reader could not vouch for, and whether a finding rests on it.

A finding rests on the places it names: its location, the related places it
compares with, and its basis (table cells or narrative facts it used without
pointing at them: a 三公 budget behind a completion rate, the parts of a sum).
A place is doubtful when

- its table is named by a reading problem (``Report.problems`` with that
  table: unreadable, missing or ambiguous content);
- its row carries ``Row.ambiguous`` (numbers the reader could not place);
- its page has a reading problem that names no table (a table cell or a
  绩效自评 entry printed there);
- it is a narrative fact whose own sentence does not speak of it (the fact
  "政府采购 服务" read from a sentence without "采购": the reader's pattern took a
  number from another sentence);
- it is a value read by OCR that the reader marked ambiguous (``Report.ocr``: low
  confidence, or one misread character away from what the table's arithmetic asks), or a
  sentence or line whose box meets a line of text OCR read unsure.

A place printed on a page image read by OCR is not doubtful by itself, but a finding
resting on it says so ("识别自图像，请人工核对"), whatever its severity.

The runner makes a finding that rests on a doubtful place at most a 警告 and
says why in its message: the difference may be the reader's miss, not the
document's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from juesuan.check.fact_labels import fact_label
from juesuan.check.finding import Location
from juesuan.model import TABLE_TITLES, Box, OcrReading, Recognised, Report, Row

# (path prefix, words one of which the fact's sentence must contain); the longest prefix that fits is used.
# by_class and projects facts name themselves (see _subject_words).
SUBJECT_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("total", ("总计", "收支", "收入", "支出")),
    ("previous_total", ("总计", "收支", "收入", "支出")),
    ("change", ("总计", "收支", "收入", "支出")),
    ("change_pct", ("总计", "收支", "收入", "支出")),
    ("fiscal", ("财政拨款",)),
    ("income_total", ("收入",)),
    ("income_parts", ("收入", "拨款")),
    ("expenditure_total", ("支出",)),
    ("basic", ("基本支出",)),
    ("project", ("项目支出",)),
    ("general_budget", ("财政拨款", "一般公共预算")),
    ("basic_detail", ("人员经费", "公用经费", "基本支出")),
    ("three_public", ("三公",)),
    ("three_public.overseas", ("出国",)),
    ("three_public.vehicles", ("公务用车", "车辆", "用车")),
    ("three_public.vehicle_purchase", ("购置",)),
    ("three_public.vehicle_operation", ("运行",)),
    ("three_public.reception", ("接待",)),
    ("three_public.meeting", ("会议",)),
    ("three_public.training", ("培训",)),
    ("operating_costs", ("机关运行",)),
    ("procurement", ("采购",)),
    ("assets", ("车", "资产")),
)

_SUBJECTS = dict(SUBJECT_WORDS)


def _subject_words(path: str) -> tuple[str, ...]:
    parts = path.split(".")
    if parts[:2] == ["general_budget", "by_class"] and len(parts) > 2:
        name = parts[2].removesuffix("支出")
        return (name,) if name else ()
    if parts[0] == "projects" and len(parts) > 1:
        return ("项目", parts[1])
    for n in range(len(parts), 0, -1):
        words = _SUBJECTS.get(".".join(parts[:n]))
        if words is not None:
            return words
    return ()


def _plain(text: str) -> str:
    return "".join(text.split()).translate(str.maketrans("", "", "“”\"'‘’「」"))


@dataclass
class Doubts:
    """The doubtful places of one report, looked up by location."""

    tables: dict[str, str] = field(default_factory=dict)  # table key -> reason
    pages: dict[int, str] = field(default_factory=dict)  # page -> reason (problems that name no table)
    rows: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, code or name) -> reason
    facts: dict[str, str] = field(default_factory=dict)  # narrative path -> reason
    recognised: dict[Box, str] = field(default_factory=dict)  # box of an ambiguous OCR reading -> reason
    unsure_lines: list[Recognised] = field(default_factory=list)  # text OCR read unsure
    ocr: OcrReading | None = None  # what was read from page images

    @classmethod
    def of(cls, report: Report) -> Doubts:
        doubts = cls()
        for problem in report.problems:
            if problem.kind == "info":  # a note on how a table was read (by its header, which copy), no doubt
                continue
            if problem.table:
                title = TABLE_TITLES.get(problem.table, problem.table)
                doubts.tables.setdefault(problem.table, f"所依据的{title}读取不完整")
            elif problem.page is not None:
                doubts.pages.setdefault(problem.page, f"第{problem.page}页有未能读取的内容")
        for key, table in report.tables.items():
            title = TABLE_TITLES.get(key, key)
            for row in (*table.rows, *table.income, *table.expenditure):
                if row.ambiguous:
                    doubts.rows[(key, _row_key(row))] = f"{title} {_row_label(row)} 有读取时未能确定所属列的数"
        if report.ocr is not None:
            doubts.ocr = report.ocr
            for cell in report.ocr.cells:
                if cell.ambiguous:
                    others = f"，另可能为 {'、'.join(cell.candidates)}" if cell.candidates else ""
                    doubts.recognised[cell.box] = f"图像中“{cell.text}”识别把握不足{others}"
            doubts.unsure_lines = list(report.ocr.unsure_lines)
        for path, source in report.narrative.sources.items():
            words = _subject_words(path)
            text = _plain(source.text or "")
            if text and words and not any(_plain(w) in text for w in words):
                doubts.facts[path] = (f"情况说明“{fact_label(path)}”读自的原句未提到“{words[0]}”，"
                                      "可能读错了句子")
        return doubts

    def __bool__(self) -> bool:
        return bool(self.tables or self.pages or self.rows or self.facts or self.recognised or self.ocr)

    def from_image(self, places: Iterable[Location]) -> bool:
        """Whether any of these places was read by OCR from a page image."""
        ocr = self.ocr
        return ocr is not None and any(loc.page is not None and ocr.covers(loc.page, loc.box) for loc in places)

    def about(self, places: Iterable[Location]) -> list[str]:
        """The reasons to doubt any of these places (each reason once, in order)."""
        reasons: dict[str, None] = {}
        for loc in places:
            for reason in self._about(loc):
                reasons.setdefault(reason)
        return list(reasons)

    def unsure_text(self, places: Iterable[Location]) -> list[str]:
        """The reasons to doubt text read by OCR at any of these places (lines it read unsure)."""
        return list(dict.fromkeys(r for loc in places for r in self._unsure_text(loc)))

    def _unsure_text(self, loc: Location) -> Iterable[str]:
        if loc.box is None:
            return
        for line in self.unsure_lines:
            if _overlap(line.box, loc.box):
                yield f"图像中“{line.text}”识别把握不足"

    def _about(self, loc: Location) -> Iterable[str]:
        if loc.box is not None and loc.box in self.recognised:
            yield self.recognised[loc.box]
        elif not loc.table:
            yield from self._unsure_text(loc)
        if loc.table:
            if loc.table in self.tables:
                yield self.tables[loc.table]
            row = loc.row_code or loc.row_name
            if row and (loc.table, row) in self.rows:
                yield self.rows[(loc.table, row)]
        on_page = loc.table or (loc.path or "").startswith("绩效自评")
        if on_page and loc.page is not None and loc.page in self.pages:
            yield self.pages[loc.page]
        if loc.path and not loc.table:
            path = loc.path
            while path:
                if path in self.facts:
                    yield self.facts[path]
                    break
                path = path.rpartition(".")[0]


def _overlap(a: Box, b: Box) -> bool:
    return a.page == b.page and a.x0 < b.x1 and b.x0 < a.x1 and a.top < b.bottom and b.top < a.bottom


def _row_key(row: Row) -> str:
    return row.code or row.name


def _row_label(row: Row) -> str:
    return " ".join(p for p in (row.code, row.name) if p)
