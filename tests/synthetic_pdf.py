"""Small PDFs made in the test: HTML tables rendered with WeasyPrint in 'WenQuanYi Micro Hei'.

``table_page`` writes one page: an optional title line, a ruled table (every
cell bordered, as the published reports are) and optional lines below it.
``html_pdf`` renders several such pages into one PDF under ``tmp_path``.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

# A cell: its text ("" for blank), or (text, colspan, rowspan).
CellSpec = str | tuple[str, int, int]

_STYLE = """
@page { size: A4 landscape; margin: 15mm; }
body { font-family: 'WenQuanYi Micro Hei'; font-size: 10pt; }
h1 { font-size: 16pt; text-align: center; font-weight: normal; margin: 0 0 8pt 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
td { border: 0.75pt solid black; padding: 2pt 3pt; vertical-align: middle; }
td.top { vertical-align: top; height: 30pt; }
p { margin: 4pt 0; }
.page { page-break-after: always; }
"""


def _cell_html(spec: CellSpec) -> str:
    if isinstance(spec, tuple):
        text, colspan, rowspan = spec
        attrs = (f' colspan="{colspan}"' if colspan > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
    else:
        text, attrs = spec, ""
    cls = ""
    if text.startswith("^"):  # printed at the top of a tall cell
        text, cls = text[1:], ' class="top"'
    body = "<br>".join(escape(part) for part in text.split("\n"))
    return f"<td{attrs}{cls}>{body}</td>"


def table_page(title: str | None, rows: Sequence[Sequence[CellSpec]], below: Sequence[str] = ()) -> str:
    """HTML for one page. A "\\n" in a cell's text wraps it over lines; a leading "^" prints it at the top."""
    parts = ['<div class="page">']
    if title:
        parts.append(f"<h1>{escape(title)}</h1>")
        parts.append('<p style="text-align:right">单位：万元</p>')
    if rows:
        parts.append("<table>")
        for row in rows:
            parts.append("<tr>" + "".join(_cell_html(c) for c in row) + "</tr>")
        parts.append("</table>")
    for line in below:
        parts.append(f"<p>{escape(line)}</p>")
    parts.append("</div>")
    return "".join(parts)


def html_pdf(tmp_path: Path, pages: Sequence[str], name: str = "synthetic.pdf", style: str = "") -> Path:
    """Render ``pages`` (from ``table_page``) into one PDF file and return its path; ``style``: extra CSS."""
    from weasyprint import HTML

    head = f"<meta charset='utf-8'><style>{_STYLE}{style}</style>"
    html = f"<html><head>{head}</head><body>{''.join(pages)}</body></html>"
    path = tmp_path / name
    HTML(string=html).write_pdf(str(path))
    return path
