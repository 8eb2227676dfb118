"""Paragraph styles and small flowable helpers shared by the diagnosis report and the certificate.

Helpers take plain text and escape it themselves (``text()``, ``heading()``, ``bullets()``);
only ``markup()`` accepts reportlab markup, and its callers build that markup from constants
and ``esc()``-escaped values. This keeps "every user string escaped" checkable by reading.
All of them also replace characters the fonts cannot show (``fonts.printable``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import ListFlowable, ListItem, Paragraph, TableStyle

from charter.reports.fonts import BOLD, FAMILY, OBLIQUE, REGULAR, printable, register_fonts
from charter.reports.formatting import esc, french_spacing
from charter.reports.palette import INK, MUTED, PRIMARY, PRIMARY_DARK


class Para(Paragraph):
    """A Paragraph that remembers its last layout.

    Tables, KeepTogether blocks and page splits ask the same paragraph to wrap at the same
    width several times; the line breaking depends only on the width, so the result is reused.
    This halves the time of a full report.
    """

    _wrapped_at: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Lay out the lines for ``availWidth`` (reportlab's API), once per width."""
        if availWidth == self._wrapped_at:
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return size


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    """The named paragraph styles, built once. Called by every section builder."""
    register_fonts()
    base = ParagraphStyle(
        "body",
        fontName=FAMILY,
        fontSize=9.5,
        leading=13,
        textColor=INK,
        alignment=TA_LEFT,
        spaceAfter=4,
        splitLongWords=1,
        uriWasteReduce=0.3,
        allowWidows=0,
        allowOrphans=0,
    )

    def derive(name: str, **changes: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    return {
        "body": base,
        "small": derive("small", fontSize=8, leading=10.5),
        "muted": derive("muted", fontSize=8, leading=10.5, textColor=MUTED),
        "note": derive("note", fontName=OBLIQUE, fontSize=8.5, leading=11, textColor=MUTED),
        "h1": derive(
            "h1",
            fontName=BOLD,
            fontSize=16,
            leading=20,
            textColor=PRIMARY_DARK,
            spaceBefore=4,
            spaceAfter=8,
            keepWithNext=1,
        ),
        "h2": derive(
            "h2",
            fontName=BOLD,
            fontSize=12,
            leading=15,
            textColor=PRIMARY,
            spaceBefore=10,
            spaceAfter=5,
            keepWithNext=1,
        ),
        "h3": derive(
            "h3",
            fontName=BOLD,
            fontSize=10,
            leading=13,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
        ),
        "label": derive(
            "label", fontName=BOLD, fontSize=8.5, leading=11, spaceAfter=1, keepWithNext=1
        ),
        "cell": derive("cell", fontSize=8.5, leading=11, spaceAfter=0),
        "cell_bold": derive("cell_bold", fontName=BOLD, fontSize=8.5, leading=11, spaceAfter=0),
        "cell_note": derive(
            "cell_note",
            fontName=OBLIQUE,
            fontSize=8,
            leading=10,
            textColor=MUTED,
            spaceAfter=0,
            spaceBefore=2,
        ),
        "cover_kicker": derive(
            "cover_kicker", fontName=BOLD, fontSize=9, leading=12, textColor=PRIMARY, spaceAfter=2
        ),
        "cover_title": derive(
            "cover_title",
            fontName=BOLD,
            fontSize=19,
            leading=23,
            textColor=PRIMARY_DARK,
            spaceAfter=6,
        ),
        "cover_org": derive("cover_org", fontName=BOLD, fontSize=14, leading=18, spaceAfter=2),
        "big": derive(
            "big",
            fontName=BOLD,
            fontSize=26,
            leading=30,
            textColor=PRIMARY_DARK,
            alignment=TA_CENTER,
            spaceAfter=0,
        ),
        "center": derive("center", alignment=TA_CENTER),
        "center_small": derive(
            "center_small", fontSize=8, leading=10.5, alignment=TA_CENTER, spaceAfter=0
        ),
    }


def text(value: object, style: str = "body") -> Paragraph:
    """A paragraph of plain text: ``value`` is escaped, never read as markup."""
    return Para(printable(french_spacing(esc(value))), styles()[style])


def markup(value: str, style: str = "body") -> Paragraph:
    """A paragraph of trusted markup; every outside value in it must already be ``esc()``-ed."""
    return Para(printable(french_spacing(value)), styles()[style])


def heading(value: str, level: int = 1, *, outline: bool = True) -> Paragraph:
    """A heading (``h1`` to ``h3``) that also becomes a PDF bookmark when ``outline`` is set."""
    paragraph = Para(printable(french_spacing(esc(value))), styles()[f"h{level}"])
    if outline:
        paragraph.outline_level = level - 1
        paragraph.outline_title = printable(value)
    return paragraph


def bullets(items: Iterable[str], style: str = "body") -> ListFlowable:
    """A bulleted list of plain-text items (escaped)."""
    return ListFlowable(
        [ListItem(text(item, style), leftIndent=12) for item in items],
        bulletType="bullet",
        start="•",
        leftIndent=12,
        bulletFontName=FAMILY,
        bulletFontSize=8,
        bulletColor=PRIMARY,
    )


def table_style(commands: Iterable[tuple[object, ...]]) -> TableStyle:
    """A TableStyle whose cells default to DejaVu Sans.

    reportlab's cells otherwise select Helvetica, which would add an unembedded font to the PDF
    even when every cell holds a Paragraph.
    """
    return TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 8), *commands])
