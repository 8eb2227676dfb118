"""Exports of the Region's compliance list: CSV (streamed) and XLSX (write-only workbook).

The columns are documented in docs/region.md. CSV follows the project's convention for French
spreadsheets (semicolons, CRLF, UTF-8 with BOM) and neutralises cells a spreadsheet would run
as formulas; XLSX cells are typed (dates as dates, the index as a number) under a frozen header
row. Neither says anything of an SME: the figures are the providers' own.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from charter.reports.csv_writer import csv_chunks, spreadsheet_cell
from charter.reports.i18n import N_, _

#: Column headers (msgids, translated when a file is written, inside the request).
HEADERS = (
    N_("Entreprise"),
    N_("SIRET"),
    N_("Département"),
    N_("Services"),
    N_("Version de la charte"),
    N_("Statut de la signature"),
    N_("Signée le"),
    N_("Valable jusqu'au"),
    N_("Numéro d'attestation"),
    N_("Autoévaluation du"),
    N_("Indice de l'autoévaluation"),
    N_("Diagnostics accompagnés (12 mois)"),
    N_("Verdict"),
    N_("Motifs"),
)
#: Column widths of the workbook, in characters.
WIDTHS = (36, 16, 20, 40, 10, 22, 12, 14, 18, 14, 12, 14, 16, 80)


def record(row: Any, names: Mapping[str, str]) -> tuple[Any, ...]:
    """One row (a ``charter.services.compliance_facts.ComplianceRow``) as typed values in the order
    of ``HEADERS`` (dates as ``date``, None empty).

    ``names`` holds the translated labels, built by the web layer: ``department:14``,
    ``service:<code>``, ``status:<code>``, ``verdict:<code>`` and ``reason:<code>``.
    """
    return (
        row.name,
        row.siret,
        names.get(f"department:{row.department}", row.department),
        ", ".join(names.get(f"service:{s}", s) for s in row.services),
        row.charter_label,
        names[f"status:{row.status}"],
        row.signed_on,
        row.valid_until,
        row.certificate_number,
        row.assessed_on,
        round(row.index, 1) if row.index is not None else None,
        row.accompanied,
        names[f"verdict:{row.verdict.code}"],
        " ; ".join(names[f"reason:{reason.code}"] for reason in row.verdict.reasons),
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return spreadsheet_cell(str(value))


def compliance_csv_chunks(rows: Sequence[Any], names: Mapping[str, str]) -> Iterator[bytes]:
    """The CSV file in pieces (the shared writer, ``charter.reports.csv_writer``).

    The headers are translated now and the labels come translated in ``names`` (see
    :func:`record`): the response streams the rows after the view has returned, outside the
    request."""
    headers = [_(header) for header in HEADERS]
    return csv_chunks(headers, ([_text(v) for v in record(row, names)] for row in rows))


def compliance_xlsx(rows: Iterable[Any], names: Mapping[str, str], *, title: str) -> bytes:
    """The workbook: one sheet, bold frozen header row, typed cells, readable widths."""
    # openpyxl weighs 7 MB: imported by the few requests that export a workbook.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    bold = Font(bold=True)
    header = []
    for name in HEADERS:
        cell = WriteOnlyCell(sheet, value=_(name))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        values = list(record(row, names))
        for position, value in enumerate(values):
            if isinstance(value, date):  # shown as a date by the spreadsheet
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY"
                values[position] = cell
            elif isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # text, never a formula
                values[position] = cell
        sheet.append(values)
    workbook.properties.creator = "Charte Cyber Normandie"
    workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
