"""Drawing primitives of the charts: text, figures on a white patch, wrapped labels, axes.

Only ``charts.py`` uses them; kept apart so that the chart module stays short.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.colors import Color

from charter.reports.fonts import BOLD, REGULAR, printable, string_width
from charter.reports.formatting import wrap_words
from charter.reports.palette import GRID, INK, MUTED, PRIMARY, PRIMARY_LIGHT, WHITE

FONT_SIZE = 8.0
LEADING = 9.5


def string(
    x: float,
    y: float,
    text: str,
    *,
    font: str = REGULAR,
    size: float = FONT_SIZE,
    colour: Color = INK,
    anchor: str = "start",
) -> String:
    """A reportlab String with the chart defaults (characters the fonts lack shown as "�")."""
    value = printable(text)
    return String(x, y, value, fontName=font, fontSize=size, fillColor=colour, textAnchor=anchor)


def bar(x: float, y: float, width: float, height: float, *, hollow: bool = False) -> Rect:
    """A data bar: solid dark blue, or light with a dark outline (a previous value)."""
    if hollow:
        return Rect(
            x, y, width, height, fillColor=PRIMARY_LIGHT, strokeColor=PRIMARY, strokeWidth=0.75
        )
    return Rect(x, y, width, height, fillColor=PRIMARY, strokeColor=None)


def add_figure(
    drawing: Drawing,
    x: float,
    y: float,
    figure: str,
    *,
    font: str = BOLD,
    size: float = FONT_SIZE,
    colour: Color = INK,
) -> None:
    """A figure at the end of a bar, on a white patch so that grid lines never cross it."""
    width = string_width(figure, font, size)
    drawing.add(
        Rect(x - 1.5, y - 0.25 * size, width + 3, 1.05 * size, fillColor=WHITE, strokeColor=None)
    )
    drawing.add(string(x, y, figure, font=font, size=size, colour=colour))


def wrap(value: str, width: float, font: str = REGULAR, size: float = FONT_SIZE) -> list[str]:
    """``value`` wrapped to ``width`` points."""
    return wrap_words(value, width, lambda s: string_width(s, font, size))


def clamp(value: float) -> float:
    """``value`` kept within 0..100."""
    return max(0.0, min(100.0, value))


def add_axis(drawing: Drawing, x0: float, span: float, top: float, bottom: float) -> None:
    """Vertical grid at 0, 25, 50, 75, 100 with its figures under the rows."""
    for tick in (0, 25, 50, 75, 100):
        x = x0 + span * tick / 100
        drawing.add(Line(x, bottom, x, top, strokeColor=GRID, strokeWidth=0.5))
        drawing.add(string(x, bottom - 9, str(tick), size=6.5, colour=MUTED, anchor="middle"))


def add_row_label(drawing: Drawing, label: str, y_mid: float, width: float) -> None:
    """A row's label, right-aligned before the bars and vertically centred on ``y_mid``."""
    lines = wrap(label, width)
    first = y_mid + (len(lines) - 1) * LEADING / 2 - 3
    for n, line in enumerate(lines):
        drawing.add(string(width, first - n * LEADING, line, anchor="end"))


def nice_top(highest: float) -> tuple[float, float]:
    """Top of the value axis and its step (1, 2 or 5 times a power of ten, 5 steps at most)."""
    if highest <= 0:
        return 1.0, 1.0
    magnitude = 10 ** math.floor(math.log10(highest / 5)) if highest >= 5 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if highest / (m * magnitude) <= 5)
    return step * math.ceil(highest / step), float(step)
