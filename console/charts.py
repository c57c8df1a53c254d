"""Trend charts drawn on the server as SVG: no chart library, no script, nothing fetched.

Colours are SVG attributes, not style, so the page's CSP (no inline style) allows them.
"""
from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 14, 46


def line_chart(points: list[tuple[str, float | None]], title: str) -> Markup:
    """Percentages (0-100) over time; a missing value (nothing due, nobody to report) leaves a gap."""
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(points) - 1, 1)

    def y(value: float) -> float:
        return TOP + inner_h * (1 - min(max(value, 0), 100) / 100)

    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for level in (0, 25, 50, 75, 100):
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(level):.1f}" y2="{y(level):.1f}" '
                     f'stroke="#e2e7e9"/><text x="{LEFT - 4}" y="{y(level) + 4:.1f}" font-size="11" '
                     f'text-anchor="end" fill="#5b6b75">{level}%</text>')
    segment: list[str] = []
    segments: list[list[str]] = []
    for i, (label, value) in enumerate(points):
        x = LEFT + i * step
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="10" text-anchor="end" '
                     f'transform="rotate(-35 {x:.1f} {HEIGHT - BOTTOM + 16})" fill="#5b6b75">{escape(label)}</text>')
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{x:.1f},{y(value):.1f}")
        parts.append(f'<circle cx="{x:.1f}" cy="{y(value):.1f}" r="3.5" fill="#0b6b3a">'
                     f'<title>{escape(label)}: {value:.1f}%</title></circle>')
    if segment:
        segments.append(segment)
    for line in segments:
        parts.append(f'<polyline points="{" ".join(line)}" fill="none" stroke="#0b6b3a" stroke-width="2"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
