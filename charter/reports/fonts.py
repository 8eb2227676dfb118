"""The fonts every report and chart uses: DejaVu Sans, shipped in ``charter/reports/fonts``.

reportlab's built-in Helvetica has no glyph for "œ", "€", "’" or "…" in every viewer and is
never embedded; the system fonts of a fresh server are unknown. So the three DejaVu Sans files
(licence in ``fonts/LICENSE.txt``) travel with the code and are embedded, as subsets, in every
PDF. Registration happens once per process, whatever the number of threads.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"

#: reportlab names of the registered faces, used by styles and charts.
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
OBLIQUE = "DejaVuSans-Oblique"
FAMILY = "DejaVuSans"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    OBLIQUE: "DejaVuSans-Oblique.ttf",
}

#: How a face is named in an SVG ``font-family`` attribute, with fallbacks for browsers.
SVG_FAMILY = "'DejaVu Sans', Verdana, Arial, sans-serif"

_lock = threading.Lock()
_registered = False
_unprintable: re.Pattern[str] | None = None
_printable: frozenset[int] = frozenset()
#: What stands for a letter or a digit the fonts lack (a Chinese name, say): a plain question
#: mark, never "�", which reads as a broken document.
REPLACEMENT = "?"
_EXCLUDED = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def register_fonts() -> None:
    """Register the DejaVu faces and their family with reportlab; later calls do nothing.

    Called at the start of every renderer and chart builder (cheap after the first call), so
    that no caller has to remember it. Reads only the files shipped beside this module.
    """
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        fonts = [TTFont(name, str(FONT_DIR / filename)) for name, filename in _FILES.items()]
        for font in fonts:
            pdfmetrics.registerFont(font)
        # <b> and <i> in paragraphs pick the right face; there is no bold-oblique file, and
        # the reports never combine both, so bold italic falls back to bold.
        addMapping(FAMILY, 0, 0, REGULAR)
        addMapping(FAMILY, 1, 0, BOLD)
        addMapping(FAMILY, 0, 1, OBLIQUE)
        addMapping(FAMILY, 1, 1, BOLD)
        global _unprintable, _printable
        codes = set.intersection(*(set(f.face.charToGlyph) for f in fonts))
        _printable = frozenset(codes)
        _unprintable = _pattern_outside(codes)
        _registered = True


def _pattern_outside(codes: set[int]) -> re.Pattern[str]:
    """A regex matching one character that is not in ``codes`` (control characters excluded)."""
    # Left out too: format characters (bidi overrides, zero-width marks), and characters
    # beyond the Basic Multilingual Plane, which reportlab maps wrongly for text extraction.
    allowed = [
        *(c for c in codes if c <= 0xFFFF and unicodedata.category(chr(c)) not in _EXCLUDED),
        *(0x9, 0xA, 0xD),
    ]
    ranges: list[tuple[int, int]] = []
    for code in sorted(allowed):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    parts = (
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )
    return re.compile("[^" + "".join(parts) + "]")


def printable(text: str) -> str:
    """``text`` with only what the fonts can show, and never a "�".

    An emoji or a Chinese character in a comment would otherwise print as a broken glyph and
    extract as garbage. Emoji, symbols, control and invisible characters are dropped; a letter
    the fonts lack is written with the letters it decomposes into when they exist ("ﬁ" gives
    "fi"), otherwise as "?". Called by the paragraph helpers, the running footer and the
    charts before any user or content text is set.
    """
    register_fonts()
    assert _unprintable is not None  # set by register_fonts
    return _unprintable.sub(_replace, text)


def _replace(match: re.Match[str]) -> str:
    character = match.group()
    category = unicodedata.category(character)
    # Invisible (format, control, combining) and pictographic characters carry no words.
    if category[0] in "CSZ" or category in ("Mn", "Me", "Mc") or ord(character) > 0xFFFF:
        return ""
    decomposed = "".join(
        c for c in unicodedata.normalize("NFKD", character) if ord(c) in _printable
    )
    return decomposed if decomposed.strip() else REPLACEMENT


def string_width(text: str, font: str, size: float) -> float:
    """Width in points of ``text`` set in ``font`` at ``size``. Called by the chart layouts."""
    register_fonts()
    return float(pdfmetrics.stringWidth(text, font, size))
