"""One self-contained HTML page per report: errors first, filters, a legend, each finding on its page.

Every page picture is embedded once (an SVG ``<image>`` in a hidden ``<defs>``)
and each finding shows it through ``<use>`` under its own boxes, cropped to the
part of the page around them (a button shows the whole page).  Red boxes are
what the finding is about, orange boxes what it was compared with; a sentence
is boxed line by line.  Filtering by severity and section is plain JavaScript
in the page; without it every finding shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from juesuan import __version__
from juesuan.check.batch import FileResult
from juesuan.check.finding import SEVERITY_LABELS, Finding, Location, Severity
from juesuan.check.render.marks import sentence_marks
from juesuan.check.render.ocr_cells import STYLE as OCR_STYLE
from juesuan.check.render.ocr_cells import ocr_cells_html, straightening
from juesuan.check.render.page_images import PageImage, PageImages
from juesuan.check.render.sarif import paragraph
from juesuan.check.rule import SECTIONS
from juesuan.check.rule_fixes import FIXES
from juesuan.check.rules import RULES_BY_ID
from juesuan.model import Box, Report, TextLine

# the band of the page shown around a finding's boxes (PDF points above and below)
MARGIN = 90.0
MIN_BAND = 240.0

STYLE = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;margin:2em auto;max-width:1000px;
padding:0 1em;color:#222;line-height:1.5}
h1{font-size:1.5em;margin-bottom:.2em}
h2{font-size:1.2em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}
[hidden]{display:none!important}
.meta,.where{color:#555;font-size:.9em}
.counts span{display:inline-block;margin-right:1.5em;font-size:1.1em}
.legend{display:flex;flex-wrap:wrap;gap:.4em 1.6em;background:#f6f6f6;border:1px solid #e2e2e2;border-radius:4px;
padding:.5em 1em;margin:.8em 0;font-size:.9em}
.swatch{display:inline-block;width:1.6em;height:.9em;vertical-align:middle;margin-right:.4em;border:2px solid}
.swatch.hit{border-color:#d21e1e}.swatch.rel{border-color:#f08c00;border-style:dashed}
.swatch.error{border:0;border-left:6px solid #d21e1e}.swatch.warning{border:0;border-left:6px solid #f0a000}
.swatch.info{border:0;border-left:6px solid #3a7bd5}
.filters{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:.5em 0;z-index:1;font-size:.95em}
.filters label{margin-right:1em;white-space:nowrap}.filters select{font:inherit}
.finding{border:1px solid #ddd;border-left:6px solid #999;margin:1em 0;padding:.6em 1em;border-radius:4px}
.finding.error{border-left-color:#d21e1e}.finding.warning{border-left-color:#f0a000}.finding.info{border-left-color:#3a7bd5}
.sev{font-weight:bold;margin-right:.5em}.error .sev{color:#d21e1e}.warning .sev{color:#b07000}.info .sev{color:#3a7bd5}
.rule{font-family:monospace;margin-right:.5em}.tag{float:right;color:#777;font-size:.85em}
figure{margin:.6em 0 0;position:relative}figcaption{color:#555;font-size:.85em}
figure svg{width:100%;height:auto;border:1px solid #ccc;display:block;background:#fff}
figure button{position:absolute;top:0;right:0;font-size:.8em}
rect.hit{fill:none;stroke:#d21e1e;stroke-width:1.6}
rect.rel{fill:none;stroke:#f08c00;stroke-width:1.4;stroke-dasharray:4 2}
details.about summary{cursor:pointer;color:#555;font-size:.9em}details.about p{margin:.3em 0;font-size:.9em}
"""

SCRIPT = """
(function(){
  var form=document.querySelector('.filters');if(!form)return;
  var shown=document.getElementById('shown');
  function apply(){
    var sev={};form.querySelectorAll('input[name=sev]').forEach(function(i){sev[i.value]=i.checked;});
    var sec=form.querySelector('select').value,n=0,all=0;
    document.querySelectorAll('.finding').forEach(function(f){
      var on=sev[f.dataset.severity]&&(!sec||f.dataset.section===sec);f.hidden=!on;all++;if(on)n++;});
    document.querySelectorAll('.group').forEach(function(g){g.hidden=!g.querySelector('.finding:not([hidden])');});
    shown.textContent='显示 '+n+' / '+all+' 条';
  }
  form.addEventListener('change',apply);apply();
  document.querySelectorAll('figure button').forEach(function(b){b.addEventListener('click',function(){
    var s=b.parentNode.querySelector('svg'),whole=s.getAttribute('viewBox')===s.dataset.whole;
    s.setAttribute('viewBox',whole?s.dataset.crop:s.dataset.whole);b.textContent=whole?'整页':'局部';});});
})();
"""

LEGEND = (
    '<div class="legend">'
    '<span><span class="swatch hit"></span>红框：结果所指的单元格或句子</span>'
    '<span><span class="swatch rel"></span>橙色虚线框：用来对照的单元格或句子（合计、另一张表的同一数）</span>'
    '<span><span class="swatch error"></span>错误：文件确有不一致，需要更正</span>'
    '<span><span class="swatch warning"></span>警告：很可能有问题，请人工核对</span>'
    '<span><span class="swatch info"></span>提示：取整差异等，不是错误</span>'
    "</div>"
)


def _page_of(loc: Location) -> int | None:
    return loc.page or (loc.box.page if loc.box else None)


class _Figures:
    """The page pictures a report's findings need, each rendered and embedded once."""

    def __init__(self, report: Report | None) -> None:
        self.report = report
        self.images = PageImages(report.source if report else None)
        self._lines: dict[int, list[TextLine]] = {}
        if report is not None:
            for page in report.pages:
                self._lines[page.number] = page.lines

    def marks(self, loc: Location) -> list[Box]:
        if loc.box is None:
            return []
        return sentence_marks(loc.box, loc.text, self._lines.get(loc.box.page, []))

    def figures(self, f: Finding) -> list[str]:
        if not self.images.available:
            return []
        hits = [b for b in self.marks(f.location)]
        related = [b for rel in f.related for b in self.marks(rel)]
        first = _page_of(f.location)
        numbers = list(dict.fromkeys([*([first] if first else []), *(b.page for b in hits + related)]))
        out: list[str] = []
        for number in numbers:
            image = self.images.page(number)
            if image is None:
                continue
            out.append(_figure(image, [b for b in hits if b.page == number], [b for b in related if b.page == number],
                               straightening(self.report, number, image.width, image.height)))
        return out

    def defs(self) -> str:
        images = "".join(f'<image id="page-{p.number}" width="{p.width:g}" height="{p.height:g}" href="{p.data_uri}"/>'
                         for p in self.images.rendered())
        return (f'<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>{images}</defs></svg>'
                if images else "")


def _rect(b: Box, kind: str) -> str:
    """A box drawn just outside the text sideways and on its edges vertically (sentence marks are already
    kept clear of the neighbouring lines; padding them would undo that)."""
    pad = 1.5
    return (f'<rect class="{kind}" x="{b.x0 - pad:.1f}" y="{b.top:.1f}" width="{b.x1 - b.x0 + 2 * pad:.1f}" '
            f'height="{b.bottom - b.top:.1f}"/>')


def _figure(image: PageImage, hits: Sequence[Box], related: Sequence[Box], transform: str = "") -> str:
    whole = f"0 0 {image.width:g} {image.height:g}"
    boxes = [*hits, *related]
    if boxes:
        top = min(b.top for b in boxes) - MARGIN
        bottom = max(b.bottom for b in boxes) + MARGIN
        if bottom - top < MIN_BAND:
            middle = (top + bottom) / 2
            top, bottom = middle - MIN_BAND / 2, middle + MIN_BAND / 2
        top, bottom = max(0.0, top), min(image.height, bottom)
        crop = f"0 {top:.0f} {image.width:g} {bottom - top:.0f}"
    else:
        crop = whole
    rects = "".join(_rect(b, "rel") for b in related) + "".join(_rect(b, "hit") for b in hits)
    button = '<button type="button">整页</button>' if crop != whole else ""
    return (f'<figure><figcaption>第{image.number}页</figcaption>{button}'
            f'<svg viewBox="{crop}" data-crop="{crop}" data-whole="{whole}" role="img" aria-label="第{image.number}页">'
            f'<use href="#page-{image.number}"{transform}/>{rects}</svg></figure>')


def _finding_html(f: Finding, figures: _Figures) -> str:
    rule = RULES_BY_ID.get(f.rule)
    title = rule.title if rule else ""
    parts = [
        f'<div class="finding {f.severity}" data-severity="{f.severity}" data-section="{escape(f.section)}">',
        f'<div><span class="sev">{SEVERITY_LABELS[f.severity]}</span><span class="rule">{f.rule}</span>'
        f'<b>{escape(title)}</b><span class="tag">{escape(SECTIONS.get(f.section, f.section))}</span></div>',
        f"<div>{escape(f.message)}</div>",
    ]
    where = f.location.describe()
    if where:
        parts.append(f'<div class="where">位置：{escape(where)}</div>')
    for rel in f.related:
        parts.append(f'<div class="where">对照：{escape(rel.describe())}</div>')
    parts += figures.figures(f)
    parts.append(ocr_cells_html(figures.report, f, figures.images))  # OCR'd cells: image beside reading
    if rule is not None:
        fix = FIXES.get(rule.id)
        parts.append('<details class="about"><summary>规则说明与修正方法</summary>'
                     f"<p>{escape(paragraph(rule.explanation))}</p>"
                     + (f"<p><b>如何修正：</b>{escape(fix)}</p>" if fix else "") + "</details>")
    parts.append("</div>")
    return "\n".join(parts)


def _filters(findings: Sequence[Finding], min_severity: Severity) -> str:
    levels = [k for k in SEVERITY_LABELS if any(f.severity == k for f in findings)]
    boxes = "".join(
        f'<label><input type="checkbox" name="sev" value="{k}" checked> {SEVERITY_LABELS[k]} '
        f"({sum(f.severity == k for f in findings)})</label>" for k in levels)
    options = "".join(
        f'<option value="{key}">{escape(label)} ({sum(f.section == key for f in findings)})</option>'
        for key, label in SECTIONS.items() if any(f.section == key for f in findings))
    note = ("" if min_severity == "info"
            else f"（按 --severity {min_severity} 只列出{SEVERITY_LABELS[min_severity]}及以上）")
    return (f'<form class="filters">严重程度：{boxes} 部分：<select name="section"><option value="">全部</option>'
            f'{options}</select> <span id="shown" class="meta"></span>{note}</form>')


def render_html(result: FileResult, report: Report | None = None, min_severity: Severity = "info") -> str:
    name = result.department or result.file
    year = f"{result.year}年度" if result.year else ""
    counts = result.counts()
    figures = _Figures(report)
    shown = result.shown(min_severity)
    try:
        meta = [f"文件：{escape(result.file)}"]
        if result.page_count:
            meta.append(f"{result.page_count} 页")
        meta.append(f"juesuan {__version__}")
        body: list[str] = [
            f"<h1>{escape(name)} {year} 部门决算审核结果</h1>",
            f'<p class="meta">{" · ".join(meta)}</p>',
        ]
        if result.error is not None:
            body.append(f"<p>无法读取：{escape(result.error)}</p>")
        tally = "".join(f"<span>{SEVERITY_LABELS[k]} <b>{v}</b></span>" for k, v in counts.items())
        if result.suppressed:
            tally += f"<span>基线已接受 <b>{result.suppressed}</b>（未列出）</span>"
        body.append(f'<div class="counts">{tally}</div>')
        if shown:
            body.append(LEGEND)
            body.append(_filters(shown, min_severity))
        if shown and not figures.images.available:
            body.append('<p class="meta">（没有可渲染的 PDF，未附页面图像。）</p>')
        if result.error is None and not result.findings:
            body.append("<p>没有发现问题。</p>")
        groups: list[str] = []
        for level, label in SEVERITY_LABELS.items():  # errors first
            group = [f for f in shown if f.severity == level]
            if not group:
                continue
            order = list(SECTIONS)
            group.sort(key=lambda f: (order.index(f.section) if f.section in order else len(order),
                                      _page_of(f.location) or 0))
            groups.append(f'<section class="group" data-severity="{level}"><h2>{label}（{len(group)}）</h2>\n'
                          + "\n".join(_finding_html(f, figures) for f in group) + "\n</section>")
        defs = figures.defs()
    finally:
        figures.images.close()
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(name)} {year} 审核结果</title><style>{STYLE}{OCR_STYLE}</style></head><body>\n"
        + "\n".join(body) + "\n" + defs + "\n" + "\n".join(groups)
        + f"\n<script>{SCRIPT}</script>\n</body></html>\n"
    )
