"""Document -> HTML (Jinja2), the one layout that both the HTML and the PDF output use."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from juesuan.compose.document import Block, Chart, Document, Grid, Heading, PageBreak, Paragraph
from juesuan.compose.fonts import font_css
from juesuan.compose.report_document import build_document
from juesuan.model import Report

DENSE_ROWS = 30  # a grid longer than this is set tighter so that it keeps to one page where it can


@dataclass
class _Section:
    landscape: bool
    blocks: list[dict[str, Any]] = field(default_factory=list)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("juesuan.compose", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=1)
def _report_css() -> str:
    return resources.files("juesuan.compose").joinpath("templates/report.css").read_text(encoding="utf-8")


def style_sheet(extra_css: str | None = None) -> Markup:
    """The fonts, the report's own CSS, then the department's (which wins), as one trusted style sheet.

    CSS is not HTML: it goes into <style> as it is (autoescape would turn its quotes into &#34;
    and the rules that need them, page numbers and font families, would be dropped).  Only a
    "</" is broken, so that no style sheet can close the <style> element.
    """
    parts = [font_css(), _report_css()]
    if extra_css:
        parts.append("/* 部门样式 (department CSS) */\n" + extra_css)
    return Markup("\n".join(parts).replace("</", "<\\/"))


def _block(b: Block) -> dict[str, Any]:
    if isinstance(b, Heading):
        return {"kind": "heading", "level": max(1, min(b.level, 3)), "text": b.text, "anchor": b.anchor}
    if isinstance(b, Paragraph):
        return {"kind": "paragraph", "text": b.text, "style": b.style}
    if isinstance(b, Chart):
        from juesuan.compose.charts import svg

        return {"kind": "chart", "caption": b.caption,
                "data": base64.b64encode(svg(b).encode("utf-8")).decode("ascii")}
    if isinstance(b, Grid):
        total = sum(b.widths) or 1.0
        return {"kind": "grid", "grid": b, "widths": [round(w * 100 / total, 2) for w in b.widths],
                "dense": len(b.body) > DENSE_ROWS}
    raise TypeError(f"unknown block {b!r}")


def sections(doc: Document) -> list[_Section]:
    out = [_Section(False)]
    for b in doc.blocks:
        if isinstance(b, PageBreak):
            out.append(_Section(b.landscape))
        else:
            out[-1].blocks.append(_block(b))
    return [s for s in out if s.blocks]


def _anchor_headings(doc: Document) -> list[tuple[int, str, str | None]]:
    """TOC lines with a link to their heading where one exists (for the page numbers)."""
    anchors: dict[str, str] = {}
    n = 0
    for b in doc.blocks:
        if isinstance(b, Heading):
            if b.anchor is None:
                n += 1
                b.anchor = f"h{n}"
            anchors.setdefault(b.text, b.anchor)
        elif isinstance(b, Grid):
            for prefix in range(1, 10):
                anchors.setdefault(f"{_cn(prefix)}、{b.title}", f"table-{b.key}")
    return [(level, text, anchors.get(text)) for level, text in doc.toc]


def _cn(i: int) -> str:
    from juesuan.standard import chinese_number

    return chinese_number(i)


def document_html(doc: Document, extra_css: str | None = None) -> str:
    toc = _anchor_headings(doc)
    template = _environment().get_template("report.html.j2")
    return template.render(doc=doc, toc=toc, sections=sections(doc), css=style_sheet(extra_css))


def report_html(report: Report, unchecked: bool = False, extra_css: str | None = None) -> str:
    return document_html(build_document(report, unchecked=unchecked), extra_css)
