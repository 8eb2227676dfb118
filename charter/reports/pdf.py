"""What every PDF of the application shares: page frame, "page x / y" footer, metadata, determinism.

``build_pdf`` turns a list of platypus flowables into bytes. The same input always gives the
same bytes: reportlab's invariant mode, creation and modification dates taken from the
document's own date (never the clock), and a document ID derived from ``PdfMeta.identity``.
The footer needs the page count, so pages are kept until the end (``_numbered_canvas``) and
the footers are drawn when the total is known: one layout pass, not two.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfdoc import DummyDoc, PDFText
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from charter.reports.fonts import REGULAR, printable, register_fonts, string_width
from charter.reports.i18n import _
from charter.reports.palette import MUTED, RULE

AUTHOR = "Charte Cyber Normandie"
LANG = "fr-FR"
MARGIN = 1.8 * cm
FOOTER_SIZE = 7.5


@dataclass(frozen=True)
class PdfMeta:
    """Metadata and running texts of one document.

    ``moment`` (aware) becomes the creation and modification dates; ``identity`` is any text
    that names the document for good (e.g. organisation, questionnaire hash and submission
    time) and seeds the document ID; ``footer`` is printed on the left of every page, before
    "page x / y" (left out when ``numbered`` is false); ``header`` (optional) at the top of
    every page but the first.
    """

    title: str
    subject: str
    moment: datetime
    identity: str
    footer: str
    header: str | None = None
    keywords: tuple[str, ...] = ()
    numbered: bool = True


def _pdf_date(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("PdfMeta.moment must be timezone-aware")
    return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def _document_id(identity: str) -> bytes:
    # reportlab computes the ID lazily from a digest and keeps it in ``_ID``; setting it first
    # pins it to the document's identity (same layout as reportlab's own, which qpdf accepts).
    digest = hashlib.sha256(identity.encode("utf-8")).digest()[:16]
    text = PDFText(digest, enc="raw").format(DummyDoc())
    return b"\n[" + text + text + b"]\n"


def fit_text(text: str, width: float, font: str = REGULAR, size: float = FOOTER_SIZE) -> str:
    """Shorten ``text`` with "…" until it fits in ``width`` points. Called for running texts."""
    if string_width(text, font, size) <= width:
        return text
    while text and string_width(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _line(text: str) -> str:
    """Running text on one line, with only characters the fonts can show."""
    return " ".join(printable(text).split())


def _decorate(canvas: Canvas, meta: PdfMeta, margin: float, number: int, total: int) -> None:
    """Draw the running header and the footer of one page (plain canvas text, never markup)."""
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFont(REGULAR, FOOTER_SIZE)
    canvas.setFillColor(MUTED)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    right = width - margin
    page = _("page %(number)s / %(total)s", number=number, total=total) if meta.numbered else ""
    canvas.line(margin, margin - 0.45 * cm, right, margin - 0.45 * cm)
    canvas.drawRightString(right, margin - 0.85 * cm, page)
    room = right - margin - string_width(page, REGULAR, FOOTER_SIZE) - 0.8 * cm
    canvas.drawString(margin, margin - 0.85 * cm, fit_text(_line(meta.footer), room))
    if meta.header and number > 1:
        header = fit_text(_line(meta.header), right - margin)
        canvas.drawString(margin, height - margin + 0.5 * cm, header)
        canvas.line(margin, height - margin + 0.35 * cm, right, height - margin + 0.35 * cm)
    canvas.restoreState()


def _numbered_canvas(meta: PdfMeta, margin: float) -> type[Canvas]:
    """A Canvas class that holds its pages until ``save`` to write "page x / y" on each."""
    pdf_date = _pdf_date(meta.moment)
    document_id = _document_id(meta.identity)

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict[str, Any]] = []
            self.setDateFormatter(lambda *_: pdf_date)
            self._doc._ID = document_id

        def showPage(self) -> None:
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            for number, state in enumerate(self._held_pages, start=1):
                self.__dict__.update(state)
                _decorate(self, meta, margin, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def _nothing(canvas: Canvas, document: BaseDocTemplate) -> None:
    """Default page background: none."""


class _Document(BaseDocTemplate):
    """A doc template that turns headings carrying ``outline_level`` into PDF bookmarks."""

    def afterFlowable(self, flowable: Flowable) -> None:
        level = getattr(flowable, "outline_level", None)
        if level is None:
            return
        self._outline_count = getattr(self, "_outline_count", 0) + 1
        key = f"section-{self._outline_count}"
        title = getattr(flowable, "outline_title", "")
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)


def build_pdf(
    story: Sequence[Flowable],
    meta: PdfMeta,
    *,
    pagesize: tuple[float, float] = A4,
    margin: float = MARGIN,
    background: Callable[[Canvas, BaseDocTemplate], None] | None = None,
) -> bytes:
    """Lay out ``story`` on pages of ``pagesize`` and return the PDF bytes.

    ``background`` (optional) draws on each page before its content (the certificate's frame).

    Sets title, author, subject, creator, keywords and language ("fr-FR"); the output is
    byte-identical for identical input. Called by ``render_diagnosis_report`` and
    ``render_certificate``.
    """
    register_fonts()
    buffer = io.BytesIO()
    document = _Document(
        buffer,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=meta.title,
        author=AUTHOR,
        subject=meta.subject,
        creator=AUTHOR,
        keywords=list(meta.keywords),
        lang=LANG,
        invariant=1,
        displayDocTitle=True,
        initialFontName=REGULAR,
    )
    frame = Frame(
        margin,
        margin,
        pagesize[0] - 2 * margin,
        pagesize[1] - 2 * margin,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    template = PageTemplate(id="page", frames=[frame], onPage=background or _nothing)
    document.addPageTemplates([template])
    document.build(list(story), canvasmaker=_numbered_canvas(meta, margin))
    return buffer.getvalue()
