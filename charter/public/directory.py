"""The public directory of signatories (``/annuaire``) and its open data (CSV and JSON).

The three answer the same query string (``q``, ``departement``, ``service``) from the same
listing; the exports are documented in docs/open-data.md.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, current_app, render_template, request, url_for

from charter.db import utcnow
from charter.downloads import attachment
from charter.extensions import db
from charter.public import bp
from charter.referential import NORMANDY_DEPARTMENTS, PROVIDER_SERVICES
from charter.reports.csv_writer import csv_bytes
from charter.services.directory import (
    MAX_QUERY_LENGTH,
    DirectoryEntry,
    DirectoryFilters,
    listing,
    paginate,
)

#: Open data may be cached by browsers and proxies for a few minutes.
OPEN_DATA_CACHE = "public, max-age=300"
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


def _filters() -> DirectoryFilters:
    """The search from the query string; unknown codes are ignored rather than refused."""
    department = request.args.get("departement", "")
    service = request.args.get("service", "")
    return DirectoryFilters(
        text=request.args.get("q", "")[:MAX_QUERY_LENGTH].strip(),
        department=department if department in NORMANDY_DEPARTMENTS else "",
        service=service if service in PROVIDER_SERVICES else "",
    )


@bp.get("/annuaire")
def directory() -> str:
    """Active signatories that agreed to be listed: search, filters, pages."""
    filters = _filters()
    page = paginate(
        listing(db.session, filters),
        request.args.get("page", 1, type=int),
        int(current_app.config["DIRECTORY_PAGE_SIZE"]),
    )
    return render_template(
        "public/directory.html",
        filters=filters,
        page=page,
        departments=NORMANDY_DEPARTMENTS,
        services=PROVIDER_SERVICES,
        export_args={k: v for k, v in request.args.items() if k != "page"},
    )


def _record(entry: DirectoryEntry) -> dict[str, Any]:
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
        "url_verification": url_for(
            "public.verification", number=entry.certificate_number, _external=True
        ),
    }


def _cell(value: Any) -> str:
    """A CSV cell: lists joined with "|" (the writer neutralises formulas)."""
    return "|".join(value) if isinstance(value, list) else str(value)


@bp.get("/annuaire.csv")
def directory_csv() -> Response:
    """The listing as CSV for French spreadsheets: ";" separator, UTF-8 with BOM."""
    records = (_record(entry) for entry in listing(db.session, _filters()))
    rows = ([_cell(record[column]) for column in CSV_COLUMNS] for record in records)
    response = attachment(
        csv_bytes(CSV_COLUMNS, rows), "text/csv; charset=utf-8", "annuaire-signataires-charte.csv"
    )
    response.headers["Cache-Control"] = OPEN_DATA_CACHE
    return response


@bp.get("/annuaire.json")
def directory_json() -> Response:
    """The listing as JSON, with when it was produced and under which licence."""
    records = [_record(entry) for entry in listing(db.session, _filters())]
    body = {
        "genere_le": utcnow().isoformat(timespec="seconds"),
        "licence": LICENCE,
        "source": url_for("public.directory", _external=True),
        "nombre": len(records),
        "signataires": records,
    }
    response = Response(json.dumps(body, ensure_ascii=False, indent=2), mimetype="application/json")
    response.headers["Cache-Control"] = OPEN_DATA_CACHE
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
