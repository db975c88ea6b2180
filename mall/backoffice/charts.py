"""A bar chart drawn on the server as plain SVG geometry (no script): the template places one
<rect> per bar with its own text for screen readers."""

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 640
HEIGHT = 180
LABEL_SPACE = 20  # below the bars, for the day labels


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # under the bar (e.g. 11-26), shown on some bars only when there are many
    text: str  # what the bar says, for the tooltip and screen readers
    show_label: bool


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    baseline: int
    bars: list[Bar]


def bar_chart(points: Sequence[tuple[str, int, str]]) -> BarChart:
    """`points`: (label, value, text) in order. Bars scale to the largest value; a zero value
    keeps a 1-pixel bar so every day is visible."""
    baseline = HEIGHT - LABEL_SPACE
    top = max((value for _label, value, _text in points), default=0) or 1
    slot = WIDTH / max(len(points), 1)
    every = max(1, len(points) // 8)  # at most about eight day labels under the bars
    bars = []
    for index, (label, value, text) in enumerate(points):
        height = max(1.0, (baseline - 8) * value / top)
        bars.append(
            Bar(
                x=round(index * slot + slot * 0.15, 1),
                y=round(baseline - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                label=label,
                text=text,
                show_label=(len(points) - 1 - index) % every == 0,
            )
        )
    return BarChart(WIDTH, HEIGHT, baseline, bars)
