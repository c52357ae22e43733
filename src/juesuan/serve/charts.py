"""Small year-on-year bar charts as inline SVG (no script, no download): one group of bars per year, one bar
per series, the value printed above each bar; a missing value leaves a gap marked 无数据."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

WIDTH, HEIGHT = 560, 250
LEFT, RIGHT, TOP, BOTTOM = 56, 10, 30, 44
COLOURS = ("#3a7bd5", "#f08c00", "#2e9e5b", "#b04fb0")


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[Decimal | None]


def _nice_top(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = step * magnitude
        if top >= value:
            return float(top)
    return float(10 * magnitude)


def _fmt(value: Decimal, percent: bool) -> str:
    text = f"{value:,.2f}"
    return text + ("%" if percent else "")


def bar_chart(title: str, years: Sequence[int], series: Sequence[Series], unit: str = "万元",
              percent: bool = False) -> str:
    """An SVG bar chart of ``series`` over ``years``."""
    known = [float(v) for s in series for v in s.values if v is not None]
    top = _nice_top(max(known, default=0.0))
    low = min(0.0, min(known, default=0.0))
    span = top - low or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    group = plot_w / max(len(years), 1)
    bar = min(36.0, group * 0.8 / max(len(series), 1))

    def y(v: float) -> float:
        return TOP + plot_h * (top - v) / span

    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}">',
             f'<text x="{LEFT}" y="16" class="chart-title">{escape(title)}（{escape(unit)}）</text>']
    for i in range(5):
        v = low + span * i / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}" class="grid"/>'
                     f'<text x="{LEFT - 4}" y="{y(v) + 4:.1f}" class="axis" text-anchor="end">{v:,.0f}</text>')
    for gi, year in enumerate(years):
        x0 = LEFT + gi * group + (group - bar * len(series)) / 2
        parts.append(f'<text x="{LEFT + gi * group + group / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" class="axis" '
                     f'text-anchor="middle">{year}</text>')
        for si, s in enumerate(series):
            value = s.values[gi] if gi < len(s.values) else None
            x = x0 + si * bar
            if value is None:
                parts.append(f'<text x="{x + bar / 2:.1f}" y="{y(0) - 4:.1f}" class="na" text-anchor="middle">'
                             "无数据</text>")
                continue
            v = float(value)
            y0, y1 = sorted((y(0), y(v)))
            label = _fmt(value, percent)
            parts.append(f'<rect x="{x:.1f}" y="{y0:.1f}" width="{bar - 2:.1f}" height="{max(y1 - y0, 0.5):.1f}" '
                         f'fill="{COLOURS[si % len(COLOURS)]}"><title>{year} {escape(s.label)}：{label}</title></rect>'
                         f'<text x="{x + bar / 2 - 1:.1f}" y="{y0 - 3:.1f}" class="value" text-anchor="middle">'
                         f"{label}</text>")
    lx = LEFT
    for si, s in enumerate(series):
        parts.append(f'<rect x="{lx}" y="{HEIGHT - 14}" width="10" height="10" fill="{COLOURS[si % len(COLOURS)]}"/>'
                     f'<text x="{lx + 14}" y="{HEIGHT - 5}" class="legend">{escape(s.label)}</text>')
        lx += 24 + 13 * len(s.label)
    parts.append("</svg>")
    return "".join(parts)
