"""A horizontal bar chart as inline SVG: (label, count) pairs in, an escaped <svg> fragment out.

Inline so the page needs no image file, script or font; it scales with the viewBox.
"""

from __future__ import annotations

from collections.abc import Sequence

from govpub.publish.pages_html import esc

# Labels sit above their bars so the chart stays legible when a 375 px phone scales it down.
WIDTH = 360
FONT = 14
LABEL_H = 18
BAR_H = 14
GAP = 10
TOP = 4
COUNT_W = 44
LABEL_CHARS = 24  # CJK characters that fit WIDTH at FONT px
BAR_COLOUR = "#1a5fb4"
OTHER_COLOUR = "#8a94a6"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_chart(bars: Sequence[tuple[str, int]], *, title: str, other_label: str = "其他 / others") -> str:
    """An accessible SVG bar chart. Every label is escaped; each bar carries its full label in <title>."""
    if not bars:
        return ""
    peak = max(n for _, n in bars) or 1
    track = WIDTH - COUNT_W
    row_h = LABEL_H + BAR_H + GAP
    height = TOP * 2 + len(bars) * row_h - GAP
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="chart-title" font-size="{FONT}">',
        f'<title id="chart-title">{esc(title)}</title>',
    ]
    for i, (label, n) in enumerate(bars):
        y = TOP + i * row_h
        w = max(2, round(track * n / peak)) if n else 0
        colour = OTHER_COLOUR if label == other_label else BAR_COLOUR
        bar_y = y + LABEL_H
        parts.append(
            f'<g><title>{esc(label)}: {n}</title>'
            f'<text x="0" y="{y + FONT}" fill="#1d2330">{esc(_short(label))}</text>'
            f'<rect x="0" y="{bar_y}" width="{w}" height="{BAR_H}" rx="3" fill="{colour}"/>'
            f'<text x="{w + 6}" y="{bar_y + BAR_H - 2}" fill="#5b6475" font-size="{FONT - 1}">{n}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
