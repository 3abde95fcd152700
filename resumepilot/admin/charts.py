"""Small server-rendered SVG charts for the console: no script, no CDN, readable without CSS.

Each chart carries a <title> and <desc> for screen readers and a table of the same figures
follows it on the page, so nothing is shown only as a picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

WIDTH = 640
HEIGHT = 200
PAD_LEFT = 40
PAD_BOTTOM = 24
PAD_TOP = 12
# admin.css gives the legend's .swatch-<n> the same colors (no inline styles: see the CSP).
COLORS = ("#2563eb", "#dc2626", "#059669", "#d97706")


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float]


def _nice_max(value: float) -> float:
    """The axis top: the next 1, 2 or 5 times a power of ten at or above `value`."""
    if value <= 0:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(value))
    return next(magnitude * f for f in (1, 2, 5, 10) if magnitude * f >= value)


def _fmt(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def line_chart(title: str, labels: list[str], series: list[Series], *, bars: bool = False) -> str:
    """A line (or grouped bar) chart of `series` over `labels`, as inline SVG markup."""
    points = max((len(s.values) for s in series), default=0)
    top = _nice_max(max((max(s.values, default=0) for s in series), default=0))
    plot_w = WIDTH - PAD_LEFT - 8
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    step = plot_w / max(points - (0 if bars else 1), 1)

    def x(i: int) -> float:
        return PAD_LEFT + i * step + (step / 2 if bars else 0)

    def y(v: float) -> float:
        return PAD_TOP + plot_h - (v / top) * plot_h

    summary = "; ".join(
        f"{s.name}: total {_fmt(sum(s.values))}, last {_fmt(s.values[-1]) if s.values else 0}"
        for s in series
    )
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'preserveAspectRatio="xMidYMid meet" aria-labelledby="t-{id(series)}">',
        f'<title id="t-{id(series)}">{escape(title)}</title><desc>{escape(summary)}</desc>',
    ]
    for frac in (0, 0.5, 1):
        gy = y(top * frac)
        parts.append(
            f'<line x1="{PAD_LEFT}" y1="{gy:.1f}" x2="{WIDTH - 8}" y2="{gy:.1f}" '
            f'stroke="#e5e7eb"/><text x="{PAD_LEFT - 6}" y="{gy + 4:.1f}" '
            f'text-anchor="end" font-size="11" fill="#4b5563">{_fmt(top * frac)}</text>'
        )
    for i in sorted({0, points // 2, points - 1}) if points else []:
        # The end labels are anchored inward so that neither is cut off at the edge.
        anchor = "start" if i == 0 else "end" if i == points - 1 else "middle"
        parts.append(
            f'<text x="{x(i):.1f}" y="{HEIGHT - 6}" text-anchor="{anchor}" font-size="11" '
            f'fill="#4b5563">{escape(labels[i]) if i < len(labels) else ""}</text>'
        )
    width = step * 0.8 / max(len(series), 1)
    for n, s in enumerate(series):
        color = COLORS[n % len(COLORS)]
        if bars:
            for i, v in enumerate(s.values):
                bx = x(i) - step * 0.4 + n * width
                parts.append(
                    f'<rect x="{bx:.1f}" y="{y(v):.1f}" width="{max(width, 1):.1f}" '
                    f'height="{max(y(0) - y(v), 0):.1f}" fill="{color}"/>'
                )
        else:
            coords = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(s.values))
            parts.append(
                f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{coords}"/>'
            )
    parts.append("</svg>")
    legend = "".join(
        f'<li><span class="swatch swatch-{n % len(COLORS)}"></span>{escape(s.name)}</li>'
        for n, s in enumerate(series)
    )
    return "".join(parts) + f'<ul class="chart-legend">{legend}</ul>'
