"""One self-contained HTML page per report: counts, findings by section, each with its page boxed."""

from __future__ import annotations

from html import escape

from juesuan.check.finding import SEVERITY_LABELS, Finding
from juesuan.check.render import CheckedReport
from juesuan.check.render.page_images import PageImages
from juesuan.check.rule import SECTIONS
from juesuan.check.rules import RULES_BY_ID

# pictures cost about 100 KB each: only this many per report, errors and warnings first
MAX_IMAGES = 40

STYLE = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;margin:2em auto;max-width:1000px;
color:#222;line-height:1.5}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
.counts span{display:inline-block;margin-right:1.5em;font-size:1.1em}
.finding{border:1px solid #ddd;border-left:6px solid #999;margin:1em 0;padding:.6em 1em;border-radius:4px}
.finding.error{border-left-color:#d21e1e}.finding.warning{border-left-color:#f0a000}.finding.info{border-left-color:#3a7bd5}
.sev{font-weight:bold;margin-right:.5em}.error .sev{color:#d21e1e}.warning .sev{color:#b07000}.info .sev{color:#3a7bd5}
.rule{font-family:monospace;margin-right:.5em}.where{color:#555;font-size:.9em}
.finding img{max-width:100%;border:1px solid #ccc;margin-top:.5em}
details summary{cursor:pointer;color:#555}
"""


def _finding_html(f: Finding, images: PageImages, with_image: bool) -> str:
    rule = RULES_BY_ID.get(f.rule)
    title = rule.title if rule else ""
    parts = [
        f'<div class="finding {f.severity}">',
        f'<div><span class="sev">{SEVERITY_LABELS[f.severity]}</span><span class="rule">{f.rule}</span>'
        f"<b>{escape(title)}</b></div>",
        f"<div>{escape(f.message)}</div>",
    ]
    where = f.location.describe()
    if where:
        parts.append(f'<div class="where">位置：{escape(where)}</div>')
    for rel in f.related:
        parts.append(f'<div class="where">对照：{escape(rel.describe())}</div>')
    page = f.location.page or (f.location.box.page if f.location.box else None)
    if with_image and page is not None:
        boxes = [f.location.box] if f.location.box else []
        related = [r.box for r in f.related if r.box is not None]
        pages = [page, *dict.fromkeys(b.page for b in related if b.page != page)]
        for number in pages:
            uri = images.data_uri(number, boxes, related)
            if uri:
                parts.append(f'<details open><summary>第{number}页</summary><img alt="第{number}页" src="{uri}">'
                             "</details>")
    parts.append("</div>")
    return "\n".join(parts)


def render_html(item: CheckedReport) -> str:
    report = item.report
    name = (report.department if report else None) or item.file
    year = f"{report.year}年度" if report and report.year else ""
    counts = item.counts()
    images = PageImages(report.source if report else None)
    try:
        budget = MAX_IMAGES
        body: list[str] = [
            f"<h1>{escape(name)} {year} 部门决算审核结果</h1>",
            f'<p class="where">文件：{escape(item.file)}</p>',
        ]
        if item.error is not None:
            body.append(f"<p>无法读取：{escape(item.error)}</p>")
        body.append('<div class="counts">' + "".join(
            f"<span>{SEVERITY_LABELS[k]} <b>{v}</b></span>" for k, v in counts.items()) + "</div>")
        if not images.available and item.findings:
            body.append('<p class="where">（没有可渲染的 PDF，未附页面图像。）</p>')
        if item.error is None and not item.findings:
            body.append("<p>没有发现问题。</p>")
        for section, label in SECTIONS.items():
            group = [f for f in item.findings if f.section == section]
            if not group:
                continue
            body.append(f"<h2>{escape(label)}（{len(group)}）</h2>")
            for f in group:
                with_image = budget > 0 and f.severity != "info"
                budget -= 1 if with_image else 0
                body.append(_finding_html(f, images, with_image))
    finally:
        images.close()
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(name)} {year} 审核结果</title><style>{STYLE}</style></head><body>\n"
        + "\n".join(body) + "\n</body></html>\n"
    )
