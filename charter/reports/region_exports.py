"""Exports of the Region's compliance list: CSV (streamed) and XLSX (write-only workbook).

The columns are documented in docs/region.md. CSV follows the project's convention for French
spreadsheets (semicolons, CRLF, UTF-8 with BOM) and neutralises cells a spreadsheet would run
as formulas; XLSX cells are typed (dates as dates, the index as a number) under a frozen header
row. Neither says anything of an SME: the figures are the providers' own.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from charter.core.compliance import REASONS, VERDICT_LABELS
from charter.referential import NORMANDY_DEPARTMENTS, PROVIDER_SERVICES
from charter.reports.exports import spreadsheet_cell
from charter.services.compliance import ROW_STATUS_LABELS, ComplianceRow

HEADERS = (
    "Entreprise",
    "SIRET",
    "Département",
    "Services",
    "Version de la charte",
    "Statut de la signature",
    "Signée le",
    "Valable jusqu'au",
    "Numéro d'attestation",
    "Autoévaluation du",
    "Indice de l'autoévaluation",
    "Diagnostics accompagnés (12 mois)",
    "Verdict",
    "Motifs",
)
#: Column widths of the workbook, in characters.
WIDTHS = (36, 16, 20, 40, 10, 22, 12, 14, 18, 14, 12, 14, 16, 80)
_CHUNK = 500  # rows per streamed piece of CSV


def labels() -> dict[str, str]:
    """Every label an export writes, translated now (inside the request), so that producing
    the rows needs no request context: a streamed CSV is written after the view returns."""
    found = {str(code): str(label) for code, label in NORMANDY_DEPARTMENTS.items()}
    found |= {str(code): str(label) for code, label in PROVIDER_SERVICES.items()}
    for message in (*ROW_STATUS_LABELS.values(), *VERDICT_LABELS.values(), *REASONS.values()):
        found[message] = _(message)
    return found


def record(row: ComplianceRow, names: dict[str, str]) -> tuple[Any, ...]:
    """One row's typed values in the order of ``HEADERS`` (dates as ``date``, None empty);
    ``names`` comes from :func:`labels`."""
    return (
        row.name,
        row.siret,
        names.get(row.department, row.department),
        ", ".join(names.get(s, s) for s in row.services),
        row.charter_label,
        names[ROW_STATUS_LABELS[row.status]],
        row.signed_on,
        row.valid_until,
        row.certificate_number,
        row.assessed_on,
        round(row.index, 1) if row.index is not None else None,
        row.accompanied,
        names[VERDICT_LABELS[row.verdict.code]],
        " ; ".join(names[reason.label] for reason in row.verdict.reasons),
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return spreadsheet_cell(str(value))


def compliance_csv_chunks(rows: Sequence[ComplianceRow], names: dict[str, str]) -> Iterator[bytes]:
    """The CSV file in pieces of a few hundred rows, the first starting with the BOM.

    Needs no request context (``names`` from :func:`labels`): the response streams it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(HEADERS)
    for number, row in enumerate(rows, start=1):
        writer.writerow([_text(v) for v in record(row, names)])
        if number % _CHUNK == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def compliance_xlsx(rows: Iterable[ComplianceRow], *, title: str) -> bytes:
    """The workbook: one sheet, bold frozen header row, typed cells, readable widths."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    bold = Font(bold=True)
    header = []
    for name in HEADERS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    names = labels()
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
