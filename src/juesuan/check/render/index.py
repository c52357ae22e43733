"""The index page of a folder of HTML reports: one row per report (department, year, counts, link).

Rows are kept as they arrive (a few hundred bytes each, never the report) and
the page is written at the end; a click on a column heading sorts by it, and
reports with errors can be shown alone (plain JavaScript; without it, the
table shows in input order).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from html import escape
from pathlib import Path

from juesuan import __version__
from juesuan.check.batch import FileResult
from juesuan.check.finding import SEVERITY_LABELS
from juesuan.check.render.text import without_file

STYLE = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;margin:2em auto;max-width:1100px;
padding:0 1em;color:#222;line-height:1.5}
h1{font-size:1.5em;margin-bottom:.2em}.meta{color:#555;font-size:.9em}
.counts span{display:inline-block;margin-right:1.5em;font-size:1.1em}
table{border-collapse:collapse;width:100%;margin-top:1em}
th,td{border-bottom:1px solid #ddd;padding:.35em .6em;text-align:left}
th{background:#f3f3f3;cursor:pointer;user-select:none;position:sticky;top:0}
th.num,td.num{text-align:right;width:4.5em;white-space:nowrap}td:last-child{white-space:nowrap}
td.num.error b{color:#d21e1e}td.num.warning b{color:#b07000}tr.unread td{color:#8a1c1c;background:#fff4f4}
tr[hidden]{display:none}.file{color:#666;font-size:.85em;word-break:break-all}
"""

SCRIPT = """
(function(){
  var table=document.querySelector('table'),body=table.tBodies[0];
  table.querySelectorAll('th').forEach(function(th,col){th.addEventListener('click',function(){
    var num=th.classList.contains('num');  // counts sort largest first on the first click
    var dir=th.dataset.dir?-Number(th.dataset.dir):(num?-1:1);th.dataset.dir=dir;
    var rows=Array.prototype.slice.call(body.rows);
    function key(r){var c=r.cells[Math.min(col,r.cells.length-1)];return c.dataset.v||c.textContent;}
    rows.sort(function(a,b){var x=key(a),y=key(b);
      if(num){x=parseFloat(x)||0;y=parseFloat(y)||0;return (x-y)*dir;}return x.localeCompare(y,'zh')*dir;});
    rows.forEach(function(r){body.appendChild(r);});});});
  var only=document.getElementById('only-errors');
  only.addEventListener('change',function(){Array.prototype.forEach.call(body.rows,function(r){
    r.hidden=only.checked&&r.dataset.errors==='0';});});
})();
"""


@dataclass(frozen=True)
class IndexRow:
    file: str
    department: str | None
    year: int | None
    counts: dict[str, int]
    suppressed: int
    page: str | None
    error: str | None

    @classmethod
    def of(cls, result: FileResult) -> IndexRow:
        error = without_file(result) if result.error is not None else None
        return cls(result.file, result.department, result.year, result.counts(), result.suppressed, result.page, error)


def _link(row: IndexRow, folder: Path) -> str:
    if row.page is None:
        return ""
    href = Path(os.path.relpath(row.page, folder)).as_posix()
    return f'<a href="{escape(href)}">审核结果</a>'


def render_index(rows: list[IndexRow], folder: Path) -> str:
    totals = {k: sum(r.counts[k] for r in rows if r.error is None) for k in SEVERITY_LABELS}
    unread = sum(r.error is not None for r in rows)
    with_errors = sum(r.error is None and r.counts["error"] > 0 for r in rows)
    lines: list[str] = []
    for r in rows:
        name = escape(r.department or Path(r.file).name)
        file = f'<div class="file">{escape(r.file)}</div>'
        if r.error is not None:
            lines.append(f'<tr class="unread" data-errors="1"><td>{name}{file}</td>'
                         f'<td colspan="5" data-v="-1">无法读取：{escape(r.error)}</td></tr>')
            continue
        cells = "".join(f'<td class="num {k}" data-v="{r.counts[k]}"><b>{r.counts[k]}</b></td>' if r.counts[k]
                        else '<td class="num" data-v="0">0</td>' for k in SEVERITY_LABELS)
        year = f'<td class="num" data-v="{r.year or 0}">{r.year or ""}</td>'
        lines.append(f'<tr data-errors="{r.counts["error"]}"><td>{name}{file}</td>{year}{cells}'
                     f"<td>{_link(r, folder)}</td></tr>")
    tally = "".join(f"<span>{SEVERITY_LABELS[k]} <b>{v}</b></span>" for k, v in totals.items())
    head = "".join(f'<th class="num">{label}</th>' for label in SEVERITY_LABELS.values())
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>部门决算审核结果汇总（{len(rows)} 份）</title><style>{STYLE}</style></head><body>\n"
        f"<h1>部门决算审核结果汇总</h1>\n"
        f'<p class="meta">共 {len(rows)} 份报告，{with_errors} 份有错误'
        + (f"，{unread} 份无法读取" if unread else "") + f" · juesuan {__version__}</p>\n"
        f'<div class="counts">{tally}</div>\n'
        '<p><label><input type="checkbox" id="only-errors"> 只看有错误或无法读取的报告</label>'
        '<span class="meta"> · 点击表头排序</span></p>\n'
        f"<table><thead><tr><th>部门</th><th class=\"num\">年度</th>{head}<th>链接</th></tr></thead>\n<tbody>\n"
        + "\n".join(lines) + "\n</tbody></table>\n"
        f"<script>{SCRIPT}</script>\n</body></html>\n"
    )
