"""The public directory's open data (docs/open-data.md): the same records as CSV and as JSON.

Pure functions over ``DirectoryEntry`` rows, returning bytes; the caller passes how to build a
certificate's verification address (from ``BASE_URL``) and when the data was produced. The CSV
goes through the one writer that neutralises formulas.

Who calls this: the ``/annuaire.csv`` and ``/annuaire.json`` views.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, Protocol

from charter.reports.csv_writer import csv_bytes


class Listed(Protocol):
    """What the exports read of a listed signatory (``services.directory.DirectoryEntry``)."""

    name: str
    siret: str
    department: str
    city: str | None
    services: tuple[str, ...]
    website: str | None
    certificate_number: str
    charter_label: str
    validated_on: date
    valid_until: date


LICENCE = "Licence Ouverte / Open Licence 2.0 (Etalab)"

CSV_COLUMNS = (
    "nom",
    "siret",
    "departement",
    "commune",
    "services",
    "site_web",
    "numero_attestation",
    "version_charte",
    "validee_le",
    "valable_jusqu_au",
    "url_verification",
)


def record(entry: Listed, verification_url: Callable[[str], str]) -> dict[str, Any]:
    """One signatory as open data: the keys of ``CSV_COLUMNS``, services as a list."""
    return {
        "nom": entry.name,
        "siret": entry.siret,
        "departement": entry.department,
        "commune": entry.city or "",
        "services": list(entry.services),
        "site_web": entry.website or "",
        "numero_attestation": entry.certificate_number,
        "version_charte": entry.charter_label,
        "validee_le": entry.validated_on.isoformat(),
        "valable_jusqu_au": entry.valid_until.isoformat(),
        "url_verification": verification_url(entry.certificate_number),
    }


def _cell(value: Any) -> str:
    """A CSV cell: lists joined with "|" (the writer neutralises formulas)."""
    return "|".join(value) if isinstance(value, list) else str(value)


def csv_of(records: Iterable[dict[str, Any]]) -> bytes:
    """The records as CSV for French spreadsheets: ";" separator, UTF-8 with BOM."""
    rows = ([_cell(item[column]) for column in CSV_COLUMNS] for item in records)
    return csv_bytes(CSV_COLUMNS, rows)


def json_of(records: list[dict[str, Any]], *, generated_at: datetime, source: str) -> bytes:
    """The records as JSON, with when they were produced, from where, under which licence."""
    body = {
        "genere_le": generated_at.isoformat(timespec="seconds"),
        "licence": LICENCE,
        "source": source,
        "nombre": len(records),
        "signataires": records,
    }
    return json.dumps(body, ensure_ascii=False, indent=2).encode()
