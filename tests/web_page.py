"""A report as a government web site publishes it, made at test time from a report model.

``web_page`` renders the composer's document of a report (``compose.report_document``: the same
headings, sentences and national table layouts with their rowspan/colspan headers) the way many
older sites do, which is not the way our composer writes HTML: the page laid out in a layout table
with a navigation column, the report's tables nested inside it, header rows as plain ``td`` cells,
amounts with thousands separators, blank cells holding ``&nbsp;``, titles in ``<p><strong>``, a
script, a style sheet and a hidden block, and the whole page encoded in GB2312 (GBK) as it declares.

``word_page`` is the same report as Word's 另存为网页 writes it, which many offices upload as it is:
every cell's text in a ``<p class=MsoNormal>`` with nested ``<span>``s and empty ``<o:p>``, blank cells
holding ``<o:p>&nbsp;</o:p>``, Office XML in a conditional comment, page breaks as ``<br clear=all>``, and
the row of width-only cells Word adds under each table inside ``<![if !supportMisalignedColumns]>``.

``copied_text`` is what a browser gives when the page is selected and copied: the lines of running
text, and each table row with its cells separated by tabs (blank cells included).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from html import escape

from juesuan.compose.document import Chart, Grid, GridCell, Heading, PageBreak, Paragraph
from juesuan.compose.report_document import build_document
from juesuan.model import Report

_HEAD = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{title}</title>
<style>td {{ font-size: 12px; }} .hide {{ display: none; }}</style>
<script>var _hmt = _hmt || []; document.write("<p>统计代码</p>");</script>
</head><body>
<table width="960" align="center" cellpadding="0" cellspacing="0"><tr>
<td width="180" valign="top"><p>首页</p><p>政务公开</p><p>财政预决算</p></td>
<td width="780" valign="top">
<div class="hide">本页面已停止维护 1,234.56</div>
"""
_FOOT = """</td></tr></table>
<p>主办单位：某某区人民政府办公室&nbsp;&nbsp;网站标识码：3101070001</p>
</body></html>
"""


def _amount_text(text: str) -> str:
    """A table amount with thousands separators (1234.56 -> 1,234.56); other text as it is."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    if "." not in text or not text.replace(".", "").replace("-", "").isdigit():
        return text
    return f"{value:,.2f}"


def _cell(cell: GridCell) -> str:
    span = "".join(f' {name}="{n}"' for name, n in (("colspan", cell.colspan), ("rowspan", cell.rowspan)) if n > 1)
    text = escape(_amount_text(cell.text)) if cell.text else "&nbsp;"
    align = {"right": ' align="right"', "center": ' align="center"'}.get(cell.align, "")
    return f"<td{span}{align}>{text}</td>"


def _grid(grid: Grid) -> str:
    rows = "\n".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in (*grid.header, *grid.body))
    notes = "".join(f"<p>{escape(n)}</p>" for n in grid.notes)
    return (f'<p align="center"><strong>{escape(grid.title)}</strong></p>\n'
            f'<p align="right">{escape(grid.unit)}</p>\n'
            f'<table border="1" cellspacing="0" cellpadding="2" width="100%"><tbody>\n{rows}\n</tbody></table>\n'
            f"{notes}\n")


def web_page_html(report: Report) -> str:
    doc = build_document(report)
    headline = f"{doc.title}{doc.subtitle.replace(' ', '')}"  # 上海市普陀区财政局2024年度部门决算
    parts = [_HEAD.format(title=escape(headline))]
    parts.append(f'<p align="center"><strong>{escape(headline)}</strong></p>')
    for block in doc.blocks:
        if isinstance(block, Heading):
            parts.append(f"<p><strong>{escape(block.text)}</strong></p>")
        elif isinstance(block, Paragraph):
            parts.append(f'<p style="text-indent:2em">&nbsp;&nbsp;{escape(block.text)}</p>')
        elif isinstance(block, Grid):
            parts.append(_grid(block))
        elif isinstance(block, Chart):
            parts.append(f'<p align="center"><img src="chart.png" alt=""><br>{escape(block.caption)}</p>')
        elif isinstance(block, PageBreak):
            continue
    parts.append(_FOOT)
    return "\n".join(parts)


def web_page(report: Report) -> bytes:
    """The page as the site serves it: GB2312-declared, GBK bytes."""
    return web_page_html(report).encode("gbk", errors="xmlcharrefreplace")


def _word_paragraph(html: str, align: str = "", size: str = "10.5pt") -> str:
    aligned = f" align={align}" if align else ""
    return (f"<p class=MsoNormal{aligned}><span style='font-size:{size};font-family:宋体;mso-bidi-font-family:宋体'>"
            f"{html}<span lang=EN-US><o:p></o:p></span></span></p>")


def _word_cell(cell: GridCell) -> str:
    span = "".join(f" {name}={n}" for name, n in (("colspan", cell.colspan), ("rowspan", cell.rowspan)) if n > 1)
    text = escape(_amount_text(cell.text)) if cell.text else "<span lang=EN-US><o:p>&nbsp;</o:p></span>"
    return (f"<td width=94{span} nowrap valign=bottom style='width:70.5pt;border:solid windowtext 1.0pt;"
            f"border-top:none;padding:0cm 5.4pt 0cm 5.4pt;height:14.25pt'>\n"
            f"  {_word_paragraph(text, 'right' if cell.align == 'right' else '', '9.0pt')}\n  </td>")


def _word_grid(grid: Grid) -> str:
    rows = [" <tr style='height:14.25pt'>\n" + "\n".join(_word_cell(c) for c in row) + "\n </tr>"
            for row in (*grid.header, *grid.body)]
    n_cols = sum(c.colspan for c in grid.header[0])
    rows.append(" <![if !supportMisalignedColumns]>\n <tr height=0>\n"
                + "".join("  <td width=94 style='border:none'></td>\n" for _ in range(n_cols)) + " </tr>\n <![endif]>")
    return (_word_paragraph(f"<b>{escape(grid.title)}</b>", "center", "16.0pt")
            + _word_paragraph(escape(grid.unit), "right")
            + "\n<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 width=752"
              " style='border-collapse:collapse;mso-yfti-tbllook:1184'>\n"
            + "\n".join(rows) + "\n</table>\n" + "".join(_word_paragraph(escape(n)) for n in grid.notes))


_WORD_HEAD = """<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=gb2312">
<meta name=ProgId content=Word.Document>
<!--[if gte mso 9]><xml>
 <o:DocumentProperties><o:Author>User</o:Author></o:DocumentProperties>
</xml><![endif]-->
<style>
<!--
 p.MsoNormal {margin:0cm; font-size:10.5pt;}
-->
</style>
</head>
<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>
<div class=WordSection1 style='layout-grid:15.6pt'>
"""


def word_page(report: Report) -> bytes:
    """The report as Word saves it as a web page (GB2312-declared, GBK bytes)."""
    doc = build_document(report)
    headline = escape(f"{doc.title}{doc.subtitle.replace(' ', '')}")
    parts = [_WORD_HEAD, _word_paragraph(f"<b>{headline}</b>", "center", "22.0pt")]
    for block in doc.blocks:
        if isinstance(block, Heading):
            parts.append(_word_paragraph(f"<b>{escape(block.text)}</b>"))
        elif isinstance(block, Paragraph):
            parts.append("<p class=MsoNormal style='text-indent:21.0pt'><span style='font-family:仿宋_GB2312'>"
                         f"{escape(block.text)}<span lang=EN-US><o:p></o:p></span></span></p>")
        elif isinstance(block, Grid):
            parts.append(_word_grid(block))
        elif isinstance(block, PageBreak):
            parts.append("<span lang=EN-US><br clear=all style='page-break-before:always'>\n</span>")
    parts.append("</div>\n</body>\n</html>\n")
    return "\n".join(parts).encode("gbk", errors="xmlcharrefreplace")


def copied_text(report: Report) -> str:
    """What a browser copies from the page: running text lines, table rows with tab-separated cells."""
    doc = build_document(report)
    lines = [f"{doc.title}{doc.subtitle.replace(' ', '')}"]
    for block in doc.blocks:
        if isinstance(block, Heading | Paragraph):
            lines.append(block.text)
        elif isinstance(block, Grid):
            lines += [block.title, block.unit]
            for row in (*block.header, *block.body):
                lines.append("\t".join(_amount_text(c.text) for c in row))
            lines += block.notes
        elif isinstance(block, Chart):
            lines.append(block.caption)
    return "\n".join(lines) + "\n"
