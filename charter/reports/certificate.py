"""The signature attestation of a provider (docs/design.md §7): one landscape A4 page.

It states who signed which version of the charter and when the Region validated it, with the
attestation number and a QR code of the public verification page. It also says what it is
not: a signature validated by the Region, not a security level or a label. Called by the web
layer when a provider downloads its attestation; pure and deterministic like every renderer.
"""

from __future__ import annotations

from typing import Any

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    KeepInFrame,
    Spacer,
    Table,
)

from charter.reports.data import CertificateData
from charter.reports.fonts import BOLD, REGULAR, printable
from charter.reports.formatting import esc, format_siret, fr_date
from charter.reports.i18n import N_, _
from charter.reports.palette import INK, PRIMARY, PRIMARY_DARK, PRIMARY_LIGHT, RULE, WHITE
from charter.reports.pdf import PdfMeta, build_pdf
from charter.reports.styles import Para, markup, styles, table_style, text

TITLE = N_("Attestation de signature")
ISSUERS = N_("Région Normandie · CCI Normandie")
PAGE = landscape(A4)
MARGIN = 2.1 * cm  # leaves room for the footer inside the double frame
QR_MODULE = 2.6  # points per QR module: about 0.9 mm, easy for any phone camera

MEANING = N_(
    "Ce document atteste que l'entreprise ci-dessus a signé la charte et que la Région "
    "Normandie a validé cette signature. Il n'atteste ni un niveau de sécurité de "
    "l'entreprise ni la qualité de ses prestations : ce n'est ni une certification ni un label. "
    "Sa validité (en cours, expirée, suspendue ou révoquée) se vérifie à tout moment à "
    "l'adresse indiquée sous le code QR."
)


def qr_drawing(url: str, module: float = QR_MODULE) -> Drawing:
    """A vector QR code (error correction M, quiet zone of 4 modules) encoding ``url``.

    Dark modules of a row are merged into one rectangle, which keeps the PDF small. Called by
    ``render_certificate``; usable for any other printed link.
    """
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, box_size=1)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix) * module
    drawing = Drawing(size, size, initialFontName=REGULAR)
    drawing.add(Rect(0, 0, size, size, fillColor=WHITE, strokeColor=None))
    for row_index, row in enumerate(matrix):
        y = size - (row_index + 1) * module
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            width = (column - start) * module
            drawing.add(Rect(start * module, y, width, module, fillColor=INK, strokeColor=None))
    return drawing


def _frame(canvas: Canvas, document: BaseDocTemplate) -> None:
    """A double frame around the page, like a printed attestation."""
    width, height = PAGE
    canvas.saveState()
    canvas.setStrokeColor(PRIMARY_DARK)
    canvas.setLineWidth(2.5)
    canvas.rect(0.8 * cm, 0.8 * cm, width - 1.6 * cm, height - 1.6 * cm)
    canvas.setLineWidth(0.6)
    canvas.rect(1.0 * cm, 1.0 * cm, width - 2.0 * cm, height - 2.0 * cm)
    canvas.restoreState()


def _centred(value: str, size: float, *, bold: bool = False, colour: Any = INK) -> Para:
    """A centred paragraph of plain text (escaped) at ``size`` points."""
    style = styles()["center"].clone(
        f"centre-{size}-{bold}",
        fontSize=size,
        leading=size * 1.25,
        textColor=colour,
        fontName=BOLD if bold else REGULAR,
        spaceAfter=size * 0.35,
    )
    return Para(printable(esc(value)), style)


def _facts(data: CertificateData) -> Table:
    rows = [
        (_("N° d'attestation"), data.certificate_number),
        (_("SIRET"), format_siret(data.siret)),
        (_("Version de la charte"), data.charter_version),
        (_("Signée le"), fr_date(data.signed_at)),
        (_("Validée par la Région le"), fr_date(data.validated_at)),
        (_("Valable jusqu'au"), fr_date(data.expires_at)),
    ]
    if data.signer_name:
        signer = data.signer_name + (f", {data.signer_role}" if data.signer_role else "")
        rows.insert(4, (_("Signataire"), signer))
    table = Table(
        [[text(label, "cell_bold"), text(value, "cell")] for label, value in rows],
        colWidths=[130, 250],
    )
    table.setStyle(
        table_style(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _verification(data: CertificateData) -> list[Flowable]:
    return [
        qr_drawing(data.verification_url),
        text(_("Vérifier cette attestation :"), "center_small"),
        markup(
            f'<link href="{esc(data.verification_url)}" color="#1d4f91">'
            f"{esc(data.verification_url)}</link>",
            "center_small",
        ),
    ]


def _body(data: CertificateData) -> list[Flowable]:
    siret = format_siret(data.siret)
    bottom = Table([[_facts(data), _verification(data)]], colWidths=[395, 310])
    bottom.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("BACKGROUND", (1, 0), (1, 0), PRIMARY_LIGHT),
                ("TOPPADDING", (1, 0), (1, 0), 10),
                ("BOTTOMPADDING", (1, 0), (1, 0), 10),
            ]
        )
    )
    return [
        _centred(_(ISSUERS), 11, bold=True, colour=PRIMARY),
        _centred(_(TITLE), 28, bold=True, colour=PRIMARY_DARK),
        _centred(
            _(
                "%(title)s — version %(version)s",
                title=data.charter_title,
                version=data.charter_version,
            ),
            11,
        ),
        Spacer(1, 16),
        _centred(_("La Région Normandie et la CCI Normandie attestent que l'entreprise"), 10),
        _centred(data.organisation_name, 20, bold=True),
        _centred(_("SIRET %(siret)s", siret=siret), 10),
        _centred(
            _(
                "a signé la charte le %(signed)s, signature validée par la Région le "
                "%(validated)s, valable jusqu'au %(expires)s.",
                signed=fr_date(data.signed_at),
                validated=fr_date(data.validated_at),
                expires=fr_date(data.expires_at),
            ),
            10,
        ),
        Spacer(1, 18),
        bottom,
        Spacer(1, 16),
        text(_(MEANING), "body"),
    ]


def render_certificate(data: CertificateData) -> bytes:
    """Build the one-page attestation PDF of a validated signature and return its bytes.

    The content is shrunk if needed (very long names) so that it always fits on one page.
    Called by the web layer's attestation download and by ``bench/reports.py``.
    """
    number = data.certificate_number
    meta = PdfMeta(
        title=f"{_(TITLE)} — {data.organisation_name}",
        subject=_(
            "%(title)s, version %(version)s — attestation n° %(number)s",
            title=data.charter_title,
            version=data.charter_version,
            number=number,
        ),
        moment=data.validated_at,
        identity="\n".join(
            ("certificate", data.certificate_number, data.siret, data.validated_at.isoformat())
        ),
        footer=_(
            "%(issuers)s — Charte Cyber Normandie — attestation n° %(number)s",
            issuers=_(ISSUERS),
            number=number,
        ),
        keywords=(_("cybersécurité"), _("charte"), _("attestation"), number),
        numbered=False,
    )
    width, height = PAGE[0] - 2 * MARGIN, PAGE[1] - 2 * MARGIN
    content = KeepInFrame(width, height, _body(data), mode="shrink", hAlign="CENTER")
    return build_pdf([content], meta, pagesize=PAGE, margin=MARGIN, background=_frame)
