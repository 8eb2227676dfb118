"""The public directory of signatories (``/annuaire``) and its open data (CSV and JSON).

The three answer the same query string (``q``, ``departement``, ``service``) from the same
listing; the exports are documented in docs/open-data.md.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from flask import Response, current_app, make_response, render_template, request, url_for
from flask_login import current_user

from charter.db import utcnow
from charter.downloads import attachment
from charter.extensions import db
from charter.public.blueprint import bp
from charter.referential import NORMANDY_DEPARTMENTS, PROVIDER_SERVICES
from charter.reports.csv_writer import csv_bytes
from charter.services import kept_standing, standing_list
from charter.services.directory import (
    MAX_QUERY_LENGTH,
    DirectoryEntry,
    DirectoryFilters,
    listing,
    page_of,
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


@functools.cache
def _code_version() -> str:
    """A digest of the templates a directory page is made of: a deployment that changes them
    changes every entity tag."""
    folder = Path(current_app.root_path).parent / "templates"
    digest = hashlib.sha256()
    for name in ("base.html", "public/directory.html"):
        path = folder / name
        digest.update(path.read_bytes() if path.exists() else name.encode())
    return digest.hexdigest()[:12]


def _validator() -> str:
    """The entity tag of this address now: it changes whenever a listed signatory may have
    changed (kept standing), and with the address and the code's version."""
    kept_standing.ensure_current(db.session)
    seed = "|".join((standing_list.version(db.session), request.full_path, _code_version()))
    return hashlib.sha256(seed.encode()).hexdigest()[:32]


def _cacheable(response: Response, etag: str) -> Response:
    """Let browsers and proxies keep the response a few minutes and revalidate it (304)."""
    response.set_etag(etag, weak=True)  # the JSON's timestamp differs, the data does not
    response.headers["Cache-Control"] = OPEN_DATA_CACHE
    response.vary.add("Cookie")
    return response.make_conditional(request)


@bp.get("/annuaire")
def directory() -> Response:
    """Active signatories that agreed to be listed: search, filters, pages.

    Identical for every anonymous visitor, so it may be cached a few minutes and revalidated
    (ETag, 304); a signed-in visitor's copy shows their menu and stays private.
    """
    anonymous = not current_user.is_authenticated
    etag = _validator()
    if anonymous and request.if_none_match.contains_weak(etag):
        return _cacheable(Response(status=304), etag)
    filters = _filters()
    page = page_of(
        db.session,
        filters,
        request.args.get("page", 1, type=int),
        int(current_app.config["DIRECTORY_PAGE_SIZE"]),
    )
    response = make_response(
        render_template(
            "public/directory.html",
            filters=filters,
            page=page,
            departments=NORMANDY_DEPARTMENTS,
            services=PROVIDER_SERVICES,
            export_args={k: v for k, v in request.args.items() if k != "page"},
            public_copy=anonymous,
        )
    )
    return _cacheable(response, etag) if anonymous else response


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
    etag = _validator()
    if request.if_none_match.contains_weak(etag):
        return _cacheable(Response(status=304), etag)
    records = (_record(entry) for entry in listing(db.session, _filters()))
    rows = ([_cell(record[column]) for column in CSV_COLUMNS] for record in records)
    response = attachment(
        csv_bytes(CSV_COLUMNS, rows), "text/csv; charset=utf-8", "annuaire-signataires-charte.csv"
    )
    return _cacheable(response, etag)


@bp.get("/annuaire.json")
def directory_json() -> Response:
    """The listing as JSON, with when it was produced and under which licence."""
    etag = _validator()
    if request.if_none_match.contains_weak(etag):
        response = _cacheable(Response(status=304), etag)
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response
    records = [_record(entry) for entry in listing(db.session, _filters())]
    body = {
        "genere_le": utcnow().isoformat(timespec="seconds"),
        "licence": LICENCE,
        "source": url_for("public.directory", _external=True),
        "nombre": len(records),
        "signataires": records,
    }
    response = Response(json.dumps(body, ensure_ascii=False, indent=2), mimetype="application/json")
    response.headers["Access-Control-Allow-Origin"] = "*"
    return _cacheable(response, etag)
