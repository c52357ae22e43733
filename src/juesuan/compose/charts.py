"""图1-图4 as PNG images, drawn by matplotlib with a Chinese font from the system (WenQuanYi Micro Hei).

Amounts are Decimal everywhere else; here they become floats for drawing only.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt
from matplotlib.figure import Figure

CHINESE_FONTS = ["WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Source Han Sans SC"]
COLORS = ["#4472c4", "#ed7d31", "#a5a5a5", "#ffc000", "#5b9bd5", "#70ad47"]


def _setup() -> None:
    matplotlib.rcParams["font.sans-serif"] = [*CHINESE_FONTS, "DejaVu Sans"]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["axes.unicode_minus"] = False


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def bar_chart(labels: Sequence[str], values: Sequence[Decimal], ylabel: str = "万元") -> bytes:
    """Two (or more) years side by side, each bar labelled with its amount."""
    _setup()
    fig, ax = plt.subplots(figsize=(5.6, 3.0))
    heights = [float(v) for v in values]  # drawing only
    bars = ax.bar(list(labels), heights, width=0.45, color=COLORS[: len(heights)])
    for bar, value in zip(bars, values, strict=True):
        ax.annotate(f"{value:.2f}", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    ha="center", va="bottom", fontsize=9, xytext=(0, 2), textcoords="offset points")
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    top = max([*heights, 0.0])
    ax.set_ylim(0, top * 1.18 if top > 0 else 1)
    return _png(fig)


def pie_chart(labels: Sequence[str], values: Sequence[Decimal], shares: Sequence[Decimal]) -> bytes:
    """A structure: each slice labelled with its name and its share (as the text prints it)."""
    _setup()
    fig, ax = plt.subplots(figsize=(5.6, 3.0))
    sizes = [float(v) for v in values]  # drawing only
    if not any(sizes):
        sizes = [1.0 for _ in sizes]
    wedges, _ = ax.pie(sizes, colors=COLORS[: len(sizes)], startangle=90, counterclock=False,
                       wedgeprops={"linewidth": 1, "edgecolor": "white"})
    ax.legend(wedges, [f"{name} {share}%" for name, share in zip(labels, shares, strict=True)],
              loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=9)
    ax.set_aspect("equal")
    return _png(fig)
