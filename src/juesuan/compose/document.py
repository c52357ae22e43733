"""The composed report as a list of blocks, before any output format.

``build_document(report)`` (in compose/report_document.py) gives these blocks;
html.py and docx_writer.py each render them.  A block is a heading, a
paragraph, a table grid, a chart or a page break.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Heading:
    text: str
    level: int  # 0 cover title, 1 部分, 2 一、, 3 （一）
    anchor: str | None = None


@dataclass
class Paragraph:
    text: str
    style: str = "body"  # body | note | center | right | cover | toc


@dataclass
class GridCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    align: str = "left"  # left | center | right
    bold: bool = False


@dataclass
class Grid:
    """One standard table as a ruled grid: header rows, body rows, a note under it."""

    key: str
    title: str
    widths: list[float]  # relative column widths
    header: list[list[GridCell]]
    body: list[list[GridCell]]
    notes: list[str] = field(default_factory=list)
    unit: str = "单位：万元"
    landscape: bool = True
    number: int | None = None  # 表 n


@dataclass
class Chart:
    """A figure of the 情况说明 as data (compose/charts.py draws it: SVG for HTML/PDF, PNG for DOCX).

    ``kind`` is "bar" (years side by side) or "pie" (a structure, with its printed shares);
    ``number`` is given once the document knows which figures it has (图1, 图2, ...).
    """

    title: str
    kind: str
    labels: list[str]
    values: list[Decimal]
    shares: list[Decimal] = field(default_factory=list)
    axis_label: str = "万元"
    number: int | None = None
    width_cm: float = 14.0

    @property
    def caption(self) -> str:
        return f"图{self.number}：{self.title}" if self.number is not None else self.title


@dataclass
class PageBreak:
    landscape: bool = False


Block = Heading | Paragraph | Grid | Chart | PageBreak


@dataclass
class Document:
    title: str
    subtitle: str
    blocks: list[Block] = field(default_factory=list)
    toc: list[tuple[int, str]] = field(default_factory=list)  # (level, text)
    unchecked: bool = False  # composed with --force over failing checks
    year: int | None = None

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)
