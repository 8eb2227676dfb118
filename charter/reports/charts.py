"""Charts as reportlab ``Drawing`` objects, shared by the PDF reports and the web pages.

The PDF places a Drawing directly in its story; the web page calls ``drawing_to_svg`` on the
very same Drawing, so both always show the same figures. Every data mark carries its figure in
French ("52,5"), and "non applicable" is written out: colour is never the only carrier of
meaning. Pure functions: no Flask, no database.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon

from charter.core.numbers import number_text, signed_text
from charter.reports.chart_parts import (
    FONT_SIZE,
    LEADING,
    add_axis,
    add_figure,
    add_row_label,
    bar,
    clamp,
    nice_top,
    string,
    wrap,
)
from charter.reports.fonts import BOLD, OBLIQUE, REGULAR, register_fonts, string_width
from charter.reports.i18n import N_, _
from charter.reports.palette import GRID, MUTED, PRIMARY, PRIMARY_LIGHT
from charter.reports.svg import drawing_to_svg

__all__ = [
    "bar_chart",
    "describe_scores",
    "drawing_to_svg",
    "progress_chart",
    "radar_chart",
    "series_chart",
]

NOT_APPLICABLE = N_("non applicable")
_GAP = 8.0  # between the outer ring of a radar and its labels

Scores = Sequence[tuple[str, float | None]]


def describe_scores(themes: Scores) -> str:
    """Plain-text alternative of a score chart: "Sauvegardes : 52,5 sur 100 ; ...".

    Called by the web layer for the ``description`` of ``drawing_to_svg``, so that a screen
    reader hears the same figures as the chart shows.
    """
    parts = [
        _(
            "%(theme)s : %(score)s",
            theme=label,
            score=_(NOT_APPLICABLE)
            if score is None
            else _("%(score)s sur 100", score=number_text(score)),
        )
        for label, score in themes
    ]
    return " ; ".join(parts) + "."


def radar_chart(
    themes: Scores, *, width: float = 480, height: float = 260, label_width: float = 118
) -> Drawing:
    """Radar of theme scores (0 to 100); a theme scored None is a gap labelled "non applicable".

    Axes start at the top and turn clockwise, in the order given. The area is filled only
    between two neighbouring applicable themes, so a missing theme shows as a break, not as a
    zero. Called by the PDF cover and the results page.
    """
    register_fonts()
    drawing = Drawing(width, height, initialFontName=REGULAR)
    count = len(themes)
    if count == 0:
        return drawing
    cx, cy = width / 2, height / 2
    angles = [math.pi / 2 - 2 * math.pi * i / count for i in range(count)]
    radius = _radar_radius(themes, angles, width, height, label_width)

    def point(i: int, value: float) -> tuple[float, float]:
        r = radius * clamp(value) / 100
        return cx + r * math.cos(angles[i]), cy + r * math.sin(angles[i])

    scored = [(i, s) for i, (_label, s) in enumerate(themes) if s is not None]
    pairs = [(i, (i + 1) % count) for i in range(count) if count > 2 or i + 1 < count]
    pairs = [(a, b) for a, b in pairs if themes[a][1] is not None and themes[b][1] is not None]
    for a, b in pairs:  # filled area first, so that the grid stays visible on top of it
        pa, pb = point(a, themes[a][1] or 0), point(b, themes[b][1] or 0)
        drawing.add(Polygon([cx, cy, *pa, *pb], fillColor=PRIMARY_LIGHT, strokeColor=None))
    for ring in (25, 50, 75, 100):
        ring_points = [c for i in range(count) for c in point(i, ring)]
        drawing.add(Polygon(ring_points, fillColor=None, strokeColor=GRID, strokeWidth=0.5))
    for i, (_label, score) in enumerate(themes):
        x, y = point(i, 100)
        dash = [2, 2] if score is None else None
        drawing.add(Line(cx, cy, x, y, strokeColor=GRID, strokeWidth=0.5, strokeDashArray=dash))
    for ring in (50, 100):
        drawing.add(string(cx + 3, cy + radius * ring / 100 - 8, str(ring), size=6.5, colour=MUTED))
    for a, b in pairs:
        (xa, ya), (xb, yb) = point(a, themes[a][1] or 0), point(b, themes[b][1] or 0)
        drawing.add(Line(xa, ya, xb, yb, strokeColor=PRIMARY, strokeWidth=1.5))
    for i, score in scored:
        x, y = point(i, score)
        drawing.add(Circle(x, y, 2.5, fillColor=PRIMARY, strokeColor=None))
    for i, (label, score) in enumerate(themes):
        _radar_label(drawing, label, score, angles[i], cx, cy, radius + _GAP, label_width)
    return drawing


def _label_lines(label: str, angle: float, label_width: float) -> list[str]:
    # Labels above and below the chart are centred on their axis: narrower, so that they
    # keep clear of their diagonal neighbours.
    centred = abs(math.cos(angle)) < 0.3
    return wrap(label, label_width * 0.8 if centred else label_width)


def _radar_radius(
    themes: Scores, angles: list[float], width: float, height: float, label_width: float
) -> float:
    """Largest radius that keeps every label block (placed by ``_radar_label``) inside."""
    limits = [width / 2 - _GAP - 10, height / 2 - _GAP - 10]
    for (label, _score), angle in zip(themes, angles, strict=True):
        cos, sin = abs(math.cos(angle)), abs(math.sin(angle))
        lines = _label_lines(label, angle, label_width)
        block = (len(lines) + 1) * LEADING + 2
        if sin > 0.05:
            limits.append((height / 2 - block * (1 + sin) / 2) / sin - _GAP)
        if cos >= 0.3:
            widest = max(string_width(line, REGULAR, FONT_SIZE) for line in lines)
            limits.append((width / 2 - max(widest, 40)) / cos - _GAP)
    return max(20.0, min(limits))


def _radar_label(
    drawing: Drawing,
    label: str,
    score: float | None,
    angle: float,
    cx: float,
    cy: float,
    distance: float,
    label_width: float,
) -> None:
    """Write a theme's name and figure beyond the end of its axis, away from the chart.

    The block slides smoothly from "above the point" (top axis) through "centred on it"
    (side axes) to "below it" (bottom axis), so that diagonal labels never sit on a ring.
    """
    lines = _label_lines(label, angle, label_width)
    cos, sin = math.cos(angle), math.sin(angle)
    x, y = cx + distance * cos, cy + distance * sin
    anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
    block = (len(lines) + 1) * LEADING
    top = y + block * (1 + sin) / 2
    for n, line in enumerate(lines):
        drawing.add(string(x, top - (n + 1) * LEADING + 2, line, anchor=anchor))
    figure = _(NOT_APPLICABLE) if score is None else number_text(score)
    font, colour = (OBLIQUE, MUTED) if score is None else (BOLD, PRIMARY)
    drawing.add(string(x, top - block + 2, figure, font=font, colour=colour, anchor=anchor))


def bar_chart(
    themes: Scores,
    *,
    width: float = 480,
    label_width: float = 150,
    bar_height: float = 12,
    missing_label: str | None = None,
) -> Drawing:
    """Horizontal bars of theme scores (0 to 100), the figure written at the end of each bar.

    A theme scored None has no bar and reads ``missing_label`` (by default "non applicable",
    translated; the Region's dashboard writes "effectif insuffisant"). Called by the PDF report,
    the results page (better than the radar on narrow screens) and the Region's dashboard.
    """
    register_fonts()
    missing = _(NOT_APPLICABLE) if missing_label is None else missing_label
    heights = [max(bar_height + 8, len(wrap(t, label_width)) * LEADING + 6) for t, _score in themes]
    height = sum(heights) + 20
    drawing = Drawing(width, height, initialFontName=REGULAR)
    x0 = label_width + 8
    span = width - x0 - 40
    add_axis(drawing, x0, span, height - 4, 16)
    y = height - 4
    for (label, score), row in zip(themes, heights, strict=True):
        y -= row
        mid = y + row / 2
        add_row_label(drawing, label, mid, label_width)
        if score is None:
            drawing.add(string(x0 + 4, mid - 3, missing, font=OBLIQUE, colour=MUTED))
            continue
        end = x0 + span * clamp(score) / 100
        drawing.add(bar(x0, mid - bar_height / 2, end - x0, bar_height))
        add_figure(drawing, end + 4, mid - 3, number_text(score))
    return drawing


def progress_chart(
    previous: Scores,
    current: Scores,
    *,
    width: float = 480,
    label_width: float = 150,
    previous_label: str | None = None,
    current_label: str | None = None,
) -> Drawing:
    """Before/after bars per theme: previous hollow and light, current solid, with figures.

    ``previous`` and ``current`` list the same themes in the same order (ValueError
    otherwise); the change is written after the current figure ("+12,5"). Called by the PDF
    report's progress section and the results page. The legend's labels default to
    "Diagnostic précédent" and "Ce diagnostic", translated.
    """
    register_fonts()
    previous_label = _("Diagnostic précédent") if previous_label is None else previous_label
    current_label = _("Ce diagnostic") if current_label is None else current_label
    not_applicable = _(NOT_APPLICABLE)
    if [label for label, _score in previous] != [label for label, _score in current]:
        raise ValueError("previous and current must list the same themes in the same order")
    heights = [max(30.0, len(wrap(t, label_width)) * LEADING + 8) for t, _score in current]
    height = sum(heights) + 40
    drawing = Drawing(width, height, initialFontName=REGULAR)
    x0 = label_width + 8
    span = width - x0 - 70
    legend_y = height - 10
    drawing.add(bar(x0, legend_y - 1, 14, 7, hollow=True))
    drawing.add(string(x0 + 18, legend_y, previous_label, colour=MUTED))
    second = x0 + 30 + string_width(previous_label, REGULAR, FONT_SIZE)
    drawing.add(bar(second, legend_y - 1, 14, 7))
    drawing.add(string(second + 18, legend_y, current_label))
    top = height - 20
    add_axis(drawing, x0, span, top, 16)
    y = top
    for (label, before), (_label, after), row in zip(previous, current, heights, strict=True):
        y -= row
        mid = y + row / 2
        add_row_label(drawing, label, mid, label_width)
        if before is None:
            drawing.add(string(x0 + 4, mid + 2, not_applicable, font=OBLIQUE, size=7, colour=MUTED))
        else:
            end = x0 + span * clamp(before) / 100
            drawing.add(bar(x0, mid + 1, end - x0, 7, hollow=True))
            add_figure(
                drawing, end + 4, mid + 2, number_text(before), font=REGULAR, size=7, colour=MUTED
            )
        if after is None:
            drawing.add(string(x0 + 4, mid - 9, not_applicable, font=OBLIQUE, size=7, colour=MUTED))
            continue
        end = x0 + span * clamp(after) / 100
        drawing.add(bar(x0, mid - 10, end - x0, 9))
        figure = number_text(after)
        if before is not None:
            figure += f" ({signed_text(after - before)})"
        add_figure(drawing, end + 4, mid - 8, figure)
    return drawing


def series_chart(
    points: Sequence[tuple[str, float]],
    *,
    width: float = 480,
    height: float = 200,
    decimals: int = 0,
) -> Drawing:
    """Vertical bars of a series, e.g. counts per month ("janv. 2026", 12), value on each bar.

    Called by the Region's dashboard (web page and exports). Labels are wrapped to the column
    width on two lines at most.
    """
    register_fonts()
    drawing = Drawing(width, height, initialFontName=REGULAR)
    if not points:
        return drawing
    left, bottom, top_pad = 32.0, 28.0, 14.0
    column = (width - left) / len(points)
    top_value, step = nice_top(max(value for _label, value in points))
    plot = height - bottom - top_pad
    ticks = round(top_value / step)
    for n in range(ticks + 1):
        value = n * step
        y = bottom + plot * value / top_value
        drawing.add(Line(left, y, width, y, strokeColor=GRID, strokeWidth=0.5))
        drawing.add(
            string(left - 4, y - 2.5, number_text(value, 0), size=6.5, colour=MUTED, anchor="end")
        )
    thickness = min(column * 0.6, 36)
    for n, (label, value) in enumerate(points):
        x_mid = left + column * (n + 0.5)
        bar_top = bottom + plot * max(0.0, value) / top_value
        drawing.add(bar(x_mid - thickness / 2, bottom, thickness, bar_top - bottom))
        drawing.add(
            string(
                x_mid, bar_top + 3, number_text(value, decimals), font=BOLD, size=7, anchor="middle"
            )
        )
        for k, line in enumerate(wrap(label, column - 2, size=6.5)[:2]):
            drawing.add(string(x_mid, bottom - 9 - k * 8, line, size=6.5, anchor="middle"))
    return drawing
