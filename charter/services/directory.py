"""The public directory: active signatories that agreed to be listed, and its open data.

One listing serves the page, the CSV and the JSON exports, so they always agree. A company is
listed while its standing signature is active and within its last valid day (expiry, or the
grace period of a superseded charter version) and it consents. The database narrows the rows
(status, dates, consent, department); the text search and the service filter run here, over a
few hundred rows at most, so that "numerique" finds "Numérique" on SQLite as on PostgreSQL.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from charter.models import CharterVersion, Organization, Signature, SignatureStatus
from charter.services.charters import grace_days, last_valid_day
from charter.services.dates import local_date, start_of_day, today

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


@dataclass(frozen=True)
class DirectoryPage:
    """A page of the listing."""

    entries: list[DirectoryEntry]
    total: int
    page: int
    pages: int


def _fold(text: str) -> str:
    """Lower case without accents, for matching what a visitor types."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def safe_website(url: str | None) -> str | None:
    """A website address fit for a link: http(s) only (never ``javascript:``)."""
    if url and url.lower().startswith(("https://", "http://")):
        return url
    return None


def listing(
    session: Session, filters: DirectoryFilters | None = None, day: date | None = None
) -> list[DirectoryEntry]:
    """Every listed provider matching ``filters`` on ``day``, by name."""
    filters = filters or DirectoryFilters()
    day = day or today()
    # A superseded version still counts while its grace period runs (local calendar).
    superseded_since = start_of_day(day - timedelta(days=grace_days()))
    statement = (
        select(Organization, Signature, CharterVersion)
        .join(Signature, Signature.organization_id == Organization.id)
        .join(CharterVersion, CharterVersion.id == Signature.charter_version_id)
        .where(
            Organization.directory_consent.is_(True),
            Signature.status == SignatureStatus.ACTIVE,
            Signature.expires_on >= day,
            or_(
                CharterVersion.superseded_at.is_(None),
                CharterVersion.superseded_at >= superseded_since,
            ),
        )
    )
    if filters.department:
        statement = statement.where(Organization.department == filters.department)
    entries = []
    needle = _fold(filters.text.strip())
    for organization, signature, version in session.execute(statement):
        services = tuple(organization.services or ())
        if filters.service and filters.service not in services:
            continue
        if needle and needle not in _fold(f"{organization.name} {organization.city or ''}"):
            continue
        last_day = last_valid_day(signature)  # the pure rule decides; SQL only narrowed
        if last_day is None or last_day < day or not signature.certificate_number:
            continue
        assert signature.validated_at is not None  # an active signature was validated
        entries.append(
            DirectoryEntry(
                organization_id=organization.id,
                name=organization.name,
                siret=organization.siret,
                department=organization.department,
                city=organization.city,
                services=services,
                website=safe_website(organization.website),
                certificate_number=signature.certificate_number,
                charter_label=version.label,
                validated_on=local_date(signature.validated_at),
                valid_until=last_day,
            )
        )
    entries.sort(key=lambda e: (_fold(e.name), e.siret))
    return entries


def paginate(entries: list[DirectoryEntry], page: int, per_page: int) -> DirectoryPage:
    """One page of ``entries``; a page number out of range gives the nearest page."""
    pages = max(1, math.ceil(len(entries) / per_page))
    page = min(max(page, 1), pages)
    start = (page - 1) * per_page
    return DirectoryPage(entries[start : start + per_page], len(entries), page, pages)
