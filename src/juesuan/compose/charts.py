"""The 情况说明's figures drawn by matplotlib: vector SVG for HTML and PDF, 300 dpi PNG for DOCX.

SVG text is drawn as glyph outlines (``svg.fonttype = "path"``): the figure looks the same
in every viewer whatever fonts it has, stays sharp at any zoom, and its labels do not mix
with the report's text layer.  python-docx cannot place SVG (and matplotlib has no EMF),
so Word gets a PNG at print resolution.  Amounts are Decimal everywhere else; here they
become floats for drawing only.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from juesuan.compose.document import Chart
from juesuan.compose.fonts import chart_families

COLORS = ["#4472c4", "#ed7d31", "#a5a5a5", "#ffc000", "#5b9bd5", "#70ad47"]
PRINT_DPI = 300
SIZE_INCHES = (5.6, 3.0)


def _bar(chart: Chart) -> Figure:
    fig, ax = plt.subplots(figsize=SIZE_INCHES)
    heights = [float(v) for v in chart.values]  # drawing only
    bars = ax.bar(chart.labels, heights, width=0.45, color=COLORS[: len(heights)])
    for bar, value in zip(bars, chart.values, strict=True):
        ax.annotate(f"{value:.2f}", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    ha="center", va="bottom", fontsize=9, xytext=(0, 2), textcoords="offset points")
    ax.set_ylabel(chart.axis_label)
    ax.spines[["top", "right"]].set_visible(False)
    top = max([*heights, 0.0])
    ax.set_ylim(0, top * 1.18 if top > 0 else 1)
    return fig


def _pie(chart: Chart) -> Figure:
    fig, ax = plt.subplots(figsize=SIZE_INCHES)
    sizes = [float(v) for v in chart.values]  # drawing only
    wedges, _ = ax.pie(sizes, colors=COLORS[: len(sizes)], startangle=90, counterclock=False,
                       wedgeprops={"linewidth": 1, "edgecolor": "white"})
    ax.legend(wedges, [f"{name} {share}%" for name, share in zip(chart.labels, chart.shares, strict=True)],
              loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=9)
    ax.set_aspect("equal")
    return fig


def _render(chart: Chart, fmt: str, dpi: int) -> bytes:
    with matplotlib.rc_context({
        "font.family": "sans-serif",
        "font.sans-serif": chart_families(),
        "axes.unicode_minus": False,
        "svg.fonttype": "path",
        "svg.hashsalt": "juesuan",  # the same data gives the same file
    }):
        fig = _pie(chart) if chart.kind == "pie" else _bar(chart)
        buf = io.BytesIO()
        try:
            metadata = {"Date": None} if fmt == "svg" else None
            fig.savefig(buf, format=fmt, dpi=dpi, bbox_inches="tight", metadata=metadata)
        finally:
            plt.close(fig)
    return buf.getvalue()


def svg(chart: Chart) -> str:
    """The figure as SVG (vector, text as outlines)."""
    return _render(chart, "svg", 72).decode("utf-8")


def png(chart: Chart, dpi: int = PRINT_DPI) -> bytes:
    """The figure as PNG at print resolution (for DOCX)."""
    return _render(chart, "png", dpi)
