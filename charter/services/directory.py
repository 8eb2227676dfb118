"""The public directory: active signatories that agreed to be listed, and its open data.

One listing serves the page, the CSV and the JSON exports, so they always agree. A company is
listed while its standing signature is active and within its last valid day (expiry, or the
grace period of a superseded charter version), certified, and it consents: the kept standing's
``listed`` (charter.services.kept_standing), so the database filters, counts and cuts the page.
The text search compares folded text (lower case, no accents) so that "numerique" finds
"Numérique" on SQLite as on PostgreSQL.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Integer, Select, String, bindparam, func, select
from sqlalchemy.orm import Session

from charter.models import SignatoryStanding as Kept
from charter.services import kept_standing, standing_list
from charter.services.dates import today
from charter.services.pages import Page

MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class DirectoryFilters:
    """What a visitor searched for: free text, a department code, a service code."""

    text: str = ""
    department: str = ""
    service: str = ""

    @property
    def active(self) -> bool:
        return bool(self.text or self.department or self.service)


@dataclass(frozen=True)
class DirectoryEntry:
    """One listed provider (public data only)."""

    organization_id: int
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


def _fold(text: str) -> str:
    """Lower case without accents, for matching what a visitor types."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def safe_website(url: str | None) -> str | None:
    """A website address fit for a link: http(s) only (never ``javascript:``)."""
    if url and url.lower().startswith(("https://", "http://")):
        return url
    return None


def _entry(row: Any) -> DirectoryEntry:
    assert row.certificate_number and row.validated_on and row.valid_until  # listed rows
    return DirectoryEntry(
        organization_id=row.organization_id,
        name=row.name,
        siret=row.siret,
        department=row.department,
        city=row.city,
        services=row.services,
        website=safe_website(row.website),
        certificate_number=row.certificate_number,
        charter_label=row.charter_label or "",
        validated_on=row.validated_on,
        valid_until=row.valid_until,
    )


def listing(session: Session, filters: DirectoryFilters | None = None) -> list[DirectoryEntry]:
    """Every listed provider matching ``filters`` today, by name (read from the kept
    standing: the export and the pages that suggest providers)."""
    filters = filters or DirectoryFilters()
    rows = standing_list.directory_rows(session, filters.text, filters.department, filters.service)
    return [_entry(row) for row in rows]


@functools.cache
def _suggestion_statements() -> tuple[Select[Any], Select[Any]]:
    """How many signatories a department lists, and a slice of them in the directory's order
    (``standing_list._directory``'s: name, then SIRET): built once, with bound parameters,
    read as plain rows (a report's download reads them to stamp its stored copy)."""
    table = Kept.__table__
    where = (table.c.listed.is_(True), table.c.department == bindparam("department", type_=String))
    count = select(func.count()).select_from(table).where(*where)
    rows = (
        select(table)
        .where(*where)
        .order_by(table.c.folded_name, table.c.siret)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )
    return count, rows


def suggestions(session: Session, department: str, seed: int, count: int) -> list[DirectoryEntry]:
    """``count`` listed providers of ``department`` for one company: the directory's order from
    position ``seed`` modulo the number listed, wrapping around (a fair, stable choice: each
    company sees its own ones, always the same). At most three small queries."""
    counting, slicing = _suggestion_statements()
    total = int(session.execute(counting, {"department": department}).scalar() or 0)
    if not total:
        return []
    start = seed % total

    def cut(offset: int, limit: int) -> list[Any]:
        values = {"department": department, "offset": offset, "limit": limit}
        return list(session.execute(slicing, values))

    found = cut(start, count)
    if len(found) < count and start:
        found += cut(0, min(count, total) - len(found))
    return [_entry(standing_list.row(row)) for row in found]


@functools.cache
def _state_statement() -> Select[Any]:
    """The latest write to the kept standing, how many rows it holds, and its oldest day of
    computation: three index reads in one statement, built once."""
    return select(
        select(func.max(Kept.computed_at)).scalar_subquery(),
        select(func.count()).select_from(Kept).scalar_subquery(),
        select(func.min(Kept.computed_on)).scalar_subquery(),
    )


def state(session: Session) -> str:
    """A short text that changes whenever a listed signatory may have changed: the latest
    write to the kept standing (every event that changes a provider's facts rewrites its row),
    how many rows (a provider deleted), the day (a signature lapses with time alone). The
    directory's validator and the stamp of its memoised listing.

    Recomputes every standing first when the daily refresh has not run today
    (``kept_standing.ensure_current``'s safety net, read in the same statement).
    """
    latest, rows, oldest = session.execute(_state_statement()).one()
    day = today()
    if oldest is not None and oldest < day:
        kept_standing.ensure_current(session)
        latest, rows, oldest = session.execute(_state_statement()).one()
    return f"{latest.isoformat() if latest else '-'}/{rows}/{day.isoformat()}"


def page_of(
    session: Session, filters: DirectoryFilters, page: int, per_page: int
) -> Page[DirectoryEntry]:
    """One page of the listing (two queries: the count and the page's rows); a page number out
    of range gives the nearest page."""
    return standing_list.directory_page(
        session, filters.text, filters.department, filters.service, page, per_page
    ).map(_entry)
