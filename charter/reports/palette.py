"""Colours of the reports and charts, chosen for contrast on white.

Every colour that carries text or a data mark has a contrast ratio of at least 4.5:1 against
white (WCAG 1.4.3 and 1.4.11); the light tints are only backgrounds and fills under a darker
outline. Meaning is never carried by colour alone: figures, words and glyphs go with it
(``tests/reports/test_charts.py`` checks the ratios).
"""

from __future__ import annotations

from reportlab.lib.colors import Color, HexColor

INK = HexColor("#1a1a1a")  # body text
MUTED = HexColor("#595959")  # secondary text, "non applicable"
PRIMARY = HexColor("#1d4f91")  # headings, bars, radar outline
PRIMARY_DARK = HexColor("#143a6b")  # cover band
PRIMARY_LIGHT = HexColor("#dce6f2")  # radar area, previous bars, table headers
GRID = HexColor("#b8b8b8")  # decorative grid lines only
RULE = HexColor("#d9d9d9")  # table rules
ZEBRA = HexColor("#f4f6f9")  # alternate table rows
WHITE = HexColor("#ffffff")

GOOD = HexColor("#1e6b34")
WARN = HexColor("#8a5300")
BAD = HexColor("#b3261e")
UNSURE = HexColor("#5c3d91")

#: Colours that must reach 4.5:1 on white (checked by the tests).
TEXT_COLOURS: dict[str, Color] = {
    "INK": INK,
    "MUTED": MUTED,
    "PRIMARY": PRIMARY,
    "PRIMARY_DARK": PRIMARY_DARK,
    "GOOD": GOOD,
    "WARN": WARN,
    "BAD": BAD,
    "UNSURE": UNSURE,
}


def hex_colour(colour: Color) -> str:
    """``#rrggbb`` form of a reportlab colour. Called by the SVG writer."""
    red, green, blue = (round(channel * 255) for channel in (colour.red, colour.green, colour.blue))
    return f"#{red:02x}{green:02x}{blue:02x}"


def contrast_ratio(first: Color, second: Color) -> float:
    """WCAG contrast ratio between two colours (1 to 21). Called by the tests."""

    def luminance(colour: Color) -> float:
        def linear(channel: float) -> float:
            return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * linear(colour.red)
            + 0.7152 * linear(colour.green)
            + 0.0722 * linear(colour.blue)
        )

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)
