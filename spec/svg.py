"""A small deterministic SVG line-plot writer for SPEC.md's figures (no matplotlib).

Every coordinate is written to 0.1 px, so a last-bit difference in the data cannot change the
file. Axes are linear or log10; a log axis takes data as plain values but its bounds and ticks
as decimal exponents (-330 for 1e-330, which no float can hold).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 680, 420
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 58, 60  # margins around the plotting area


@dataclass(frozen=True)
class Axis:
    label: str
    low: float
    high: float
    ticks: Sequence[float]
    log: bool = False

    def fraction(self, value: float) -> float:
        """Where the data value `value` sits between low (0) and high (1)."""
        position = math.log10(value) if self.log else value
        return (position - self.low) / (self.high - self.low)

    def tick_fraction(self, tick: float) -> float:
        return (tick - self.low) / (self.high - self.low)

    def tick_label(self, tick: float) -> str:
        return f"1e{tick:g}" if self.log else f"{tick:g}"


@dataclass(frozen=True)
class Series:
    label: str
    points: Sequence[tuple[float, float]]
    colour: str
    dashed: bool = False


@dataclass(frozen=True)
class Marker:
    """A dashed vertical line at x, labelled above the plot (row 1 sits a line higher)."""

    x: float
    label: str
    row: int = 0


def _px(value: float) -> str:
    return f"{value:.1f}"


def line_plot(title: str, x: Axis, y: Axis, series: Sequence[Series],
              markers: Sequence[Marker] = (), legend: tuple[float, float] = (0.7, 0.05)) -> str:
    """The SVG document: axes with ticks, one polyline per series, markers, and a legend whose
    top-left corner is at `legend` (fractions of the plotting area's width and height)."""
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def at(px: float, py: float) -> tuple[str, str]:
        return _px(LEFT + x.fraction(px) * inner_w), _px(TOP + (1 - y.fraction(py)) * inner_h)

    def tick_x(tick: float) -> str:
        return _px(LEFT + x.tick_fraction(tick) * inner_w)

    def tick_y(tick: float) -> str:
        return _px(TOP + (1 - y.tick_fraction(tick)) * inner_h)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
           f'<text x="{WIDTH / 2:.1f}" y="20" text-anchor="middle" font-size="14">{escape(title)}</text>',
           f'<rect x="{LEFT}" y="{TOP}" width="{inner_w}" height="{inner_h}" fill="none" stroke="black"/>']
    for value in x.ticks:
        tx = tick_x(value)
        out.append(f'<line x1="{tx}" y1="{TOP}" x2="{tx}" y2="{TOP + inner_h}" stroke="#ddd"/>')
        out.append(f'<text x="{tx}" y="{TOP + inner_h + 16}" text-anchor="middle">'
                   f'{x.tick_label(value)}</text>')
    for value in y.ticks:
        ty = tick_y(value)
        out.append(f'<line x1="{LEFT}" y1="{ty}" x2="{LEFT + inner_w}" y2="{ty}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{ty}" text-anchor="end" dominant-baseline="middle">'
                   f'{y.tick_label(value)}</text>')
    out.append(f'<text x="{LEFT + inner_w / 2:.1f}" y="{HEIGHT - 18}" text-anchor="middle">'
               f'{escape(x.label)}</text>')
    out.append(f'<text x="16" y="{TOP + inner_h / 2:.1f}" text-anchor="middle" '
               f'transform="rotate(-90 16 {TOP + inner_h / 2:.1f})">{escape(y.label)}</text>')
    for marker in markers:
        mx = _px(LEFT + x.fraction(marker.x) * inner_w)
        out.append(f'<line x1="{mx}" y1="{TOP}" x2="{mx}" y2="{TOP + inner_h}" stroke="#555" '
                   f'stroke-dasharray="4 3"/>')
        out.append(f'<text x="{mx}" y="{TOP - 4 - 12 * marker.row}" text-anchor="middle" font-size="11">'
                   f'{escape(marker.label)}</text>')
    for index, line in enumerate(series):
        coordinates = " ".join(",".join(at(px, py)) for px, py in line.points)
        dash = ' stroke-dasharray="6 4"' if line.dashed else ""
        out.append(f'<polyline points="{coordinates}" fill="none" stroke="{line.colour}" '
                   f'stroke-width="1.8"{dash}/>')
        lx, ly = LEFT + legend[0] * inner_w, TOP + legend[1] * inner_h + 16 * index
        out.append(f'<line x1="{_px(lx)}" y1="{_px(ly)}" x2="{_px(lx + 20)}" y2="{_px(ly)}" '
                   f'stroke="{line.colour}" stroke-width="2"{dash}/>')
        out.append(f'<text x="{_px(lx + 26)}" y="{_px(ly + 4)}">{escape(line.label)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
