"""The public directory of signatories (``/annuaire``) and its open data (CSV and JSON).

The three answer the same query string (``q``, ``departement``, ``service``) from the same
listing; the exports are documented in docs/open-data.md.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from flask import Response, current_app, make_response, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from charter import fragments
from charter.db import utcnow
from charter.downloads import attachment
from charter.extensions import db
from charter.public.blueprint import bp
from charter.referential import NORMANDY_DEPARTMENTS, PROVIDER_SERVICES
from charter.reports.directory_exports import csv_of, json_of, record
from charter.services.directory import (
    MAX_QUERY_LENGTH,
    DirectoryFilters,
    listing,
    page_of,
)
from charter.services.directory import state as directory_state

#: Open data may be cached by browsers and proxies for a few minutes.
OPEN_DATA_CACHE = "public, max-age=300"
#: The memoised parts of the page (charter/fragments.py).
LISTING = "public/_directory_listing.html"
TITLE = "public/_directory_title.html"


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
    for name in ("base.html", "public/directory.html", LISTING, TITLE, "_pagination.html"):
        path = folder / name
        digest.update(path.read_bytes() if path.exists() else name.encode())
    return digest.hexdigest()[:12]


def _validator(state: str) -> str:
    """The entity tag of this address now: it changes whenever a listed signatory may have
    changed (``directory.state``), and with the address and the code's version."""
    seed = "|".join((state, request.full_path, _code_version()))
    return hashlib.sha256(seed.encode()).hexdigest()[:32]


def _cacheable(response: Response, etag: str) -> Response:
    """Let browsers and proxies keep the response a few minutes and revalidate it (304)."""
    response.set_etag(etag, weak=True)  # the JSON's timestamp differs, the data does not
    response.headers["Cache-Control"] = OPEN_DATA_CACHE
    response.vary.add("Cookie")
    return response.make_conditional(request)


def _listing(state: str) -> tuple[Markup, Markup]:
    """The page's title and listing, memoised (charter/fragments.py) under a stamp of all they
    print: the kept standing's state, the search, the page asked for, the page size and the
    query string the page and export links carry (the language is in the memo's key). The
    listing is only read when the memo does not hold them."""
    filters = _filters()
    number = request.args.get("page", 1, type=int)
    size = int(current_app.config["DIRECTORY_PAGE_SIZE"])
    export_args = {k: v for k, v in request.args.items() if k != "page"}
    stamp = (state, filters, number, size, tuple(sorted(export_args.items())))
    store = fragments.memo()
    if store.limit > 0:
        title = store.get(fragments.stamp_key(TITLE, stamp))
        listing = store.get(fragments.stamp_key(LISTING, stamp))
        if title is not None and listing is not None:
            return Markup(title), Markup(listing)  # noqa: S704  (rendered by our templates)
    context = {
        "filters": filters,
        "page": page_of(db.session, filters, number, size),
        "departments": NORMANDY_DEPARTMENTS,
        "services": PROVIDER_SERVICES,
        "export_args": export_args,
    }
    return (
        fragments.render_fragment(TITLE, stamp, **context),
        fragments.render_fragment(LISTING, stamp, **context),
    )


@bp.get("/annuaire")
def directory() -> Response:
    """Active signatories that agreed to be listed: search, filters, pages.

    Identical for every anonymous visitor, so it may be cached a few minutes and revalidated
    (ETag, 304, answered before anything is rendered); a signed-in visitor's copy shows their
    menu and stays private. The listing itself is the same for everyone: memoised.
    """
    anonymous = not current_user.is_authenticated
    state = directory_state(db.session)
    etag = _validator(state)
    if anonymous and request.if_none_match.contains_weak(etag):
        return _cacheable(Response(status=304), etag)
    title, listing = _listing(state)
    response = make_response(
        render_template(
            "public/directory.html", title=title, listing=listing, public_copy=anonymous
        )
    )
    return _cacheable(response, etag) if anonymous else response


def _records() -> Iterator[dict[str, Any]]:
    """The open-data records of the search in the query string."""
    for entry in listing(db.session, _filters()):
        yield record(
            entry, lambda number: url_for("public.verification", number=number, _external=True)
        )


def _memoised_export(kind: str, etag: str, build: Callable[[], bytes]) -> str:
    """An export's text, kept in the fragments' memo (charter/fragments.py) under a stamp of
    all it prints: the validator (kept standing, query string, code), the language and the
    configured address its links start with. Building one reads the whole listing (half a
    second for the full directory): a crawler asking again gets the text built the first
    time (the JSON says when: ``genere_le``)."""
    store = fragments.memo()
    material = repr((kind, etag, str(get_locale()), current_app.config["BASE_URL"]))
    key = hashlib.blake2b(material.encode(), digest_size=20).hexdigest()
    text = store.get(key) if store.limit > 0 else None
    if text is None:
        text = build().decode()
        if store.limit > 0:
            store.put(key, text)
    return text


@bp.get("/annuaire.csv")
def directory_csv() -> Response:
    """The listing as CSV for French spreadsheets: ";" separator, UTF-8 with BOM."""
    etag = _validator(directory_state(db.session))
    if request.if_none_match.contains_weak(etag):
        return _cacheable(Response(status=304), etag)
    body = _memoised_export("csv", etag, lambda: csv_of(_records()))
    response = attachment(body, "text/csv; charset=utf-8", "annuaire-signataires-charte.csv")
    return _cacheable(response, etag)


@bp.get("/annuaire.json")
def directory_json() -> Response:
    """The listing as JSON, with when it was produced and under which licence."""
    etag = _validator(directory_state(db.session))
    if request.if_none_match.contains_weak(etag):
        response = _cacheable(Response(status=304), etag)
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response
    body = _memoised_export(
        "json",
        etag,
        lambda: json_of(
            list(_records()),
            generated_at=utcnow(),
            source=url_for("public.directory", _external=True),
        ),
    )
    response = Response(body, mimetype="application/json")
    response.headers["Access-Control-Allow-Origin"] = "*"
    return _cacheable(response, etag)
