"""The facts behind each provider's compliance verdict, gathered from the database, and the
rows of the compliance list they make (``charter.core.compliance`` holds the verdict's rules).

Set-based on purpose: five queries gather the facts of *all* providers (the organisations,
their signatures, the charter versions, the latest self-assessment of each, the accompanied
diagnoses), then the pure verdict runs in Python. The number of queries never depends on the
number of rows; at 5,000 providers the whole pass takes a few tens of milliseconds
(bench/region.py).

Who calls this: the kept standing (``kept_standing``: each event recomputes the rows it
touches, ``refresh-standing [--check]`` all of them); the list itself reads the kept rows
(``standing_list``).
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import String, Text, cast, select, type_coerce
from sqlalchemy.orm import Session

from charter.core.audience import Audience
from charter.core.compliance import (
    ComplianceThresholds,
    SignatoryFacts,
    Verdict,
    accompanied_window_start,
    evaluate,
)
from charter.core.i18n import N_
from charter.core.signatures import grace_end, public_state, valid_until
from charter.models import (
    CharterVersion,
    LatestAssessment,
    Organization,
    OrganizationKind,
    Signature,
    SignatureStatus,
)
from charter.services.charters import grace_days
from charter.services.dates import start_of_day, today
from charter.services.outreach import accompanied_counts

#: The statuses a row can show, in the order of the filter's options, with their labels.
ROW_STATUS_LABELS: dict[str, str] = {
    "active": N_("Valide"),
    "expired": N_("Expirée"),
    "pending": N_("En attente de validation"),
    "suspended": N_("Suspendue"),
    "revoked": N_("Révoquée"),
    "rejected": N_("Refusée"),
    "none": N_("Aucune signature"),
}
ROW_STATUSES = tuple(ROW_STATUS_LABELS)
VERDICTS = ("conforme", "a_regulariser", "non_conforme")
SORT_KEYS = (
    "name",
    "siret",
    "department",
    "version",
    "signed",
    "expires",
    "status",
    "index",
    "assessed",
    "accompanied",
    "verdict",
)
PAGE_SIZES = (25, 50, 100)
MAX_TEXT = 100

_STANDING = frozenset({"active", "suspended", "revoked"})


def thresholds() -> ComplianceThresholds:
    """The verdict's thresholds, from the configuration (COMPLIANCE_*)."""
    config = current_app.config
    return ComplianceThresholds(
        self_assessment_max_age_days=int(config["COMPLIANCE_SELF_ASSESSMENT_MAX_AGE_DAYS"]),
        min_index=float(config["COMPLIANCE_MIN_INDEX"]),
        min_accompanied=int(config["COMPLIANCE_MIN_ACCOMPANIED"]),
        accompanied_window_days=int(config["COMPLIANCE_ACCOMPANIED_WINDOW_DAYS"]),
    )


@dataclass(slots=True)
class ComplianceRow:
    """One provider as the list, the detail page and the exports show it.

    Not frozen: a frozen dataclass sets each of its fields through ``object.__setattr__``,
    which cost a third of the list's time at 5,000 providers. Treat it as read-only.
    """

    organization_id: int
    name: str
    siret: str
    department: str
    services_json: str  # the JSON list of service codes, as stored
    status: str  # one of ROW_STATUSES
    signature_id: int | None
    charter_label: str | None
    signed_on: date | None
    valid_until: date | None
    certificate_number: str | None
    renewal_pending: bool
    assessed_on: date | None
    index: float | None
    failed_essential: bool
    accompanied: int
    verdict: Verdict
    folded_name: str = field(repr=False, compare=False)
    # What the public directory shows besides (charter.services.directory).
    city: str | None = None
    website: str | None = None
    validated_on: date | None = None
    #: In the public directory on the row's day: valid, certified, consenting.
    listed: bool = False

    def __hash__(self) -> int:
        return self.organization_id

    @property
    def services(self) -> tuple[str, ...]:
        """The provider's service codes."""
        return tuple(json.loads(self.services_json))

    def offers(self, service: str) -> bool:
        """Whether the provider offers ``service`` (a code), without decoding the list."""
        return json.dumps(service) in self.services_json


@dataclass(frozen=True)
class ComplianceFilters:
    """What the Region officer asked for; every field comes from the query string."""

    text: str = ""
    department: str = ""
    status: str = ""
    verdict: str = ""
    service: str = ""
    version: str = ""
    sort: str = "name"
    descending: bool = False
    #: "en_cours" or "en_retard": a request for changes not closed, or overdue. Only the kept
    #: standing's list (``standing_list``) applies it: it reads the requests, not the row.
    request: str = ""

    @property
    def active(self) -> bool:
        return any(
            (self.text, self.department, self.status, self.verdict, self.service, self.request)
        )


@functools.lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """Lower case without accents, so that "numerique" finds "Numérique"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# ---------------------------------------------------------------------------- gathering


def _standing_signatures(
    session: Session, organization_ids: list[int] | None
) -> dict[int, tuple[Any, Any]]:
    """Per organisation: (the signature that decides its standing, a newer pending one).

    The standing one is the latest validated, suspended or revoked signature; failing that the
    latest pending one, then the latest rejected one. One query over every signature, read in
    one pass (newest first per organisation); the status comes back as plain text.
    """
    statement = (
        select(
            Signature.id,
            Signature.organization_id,
            Signature.charter_version_id,
            type_coerce(Signature.status, String),
            Signature.signed_at,
            Signature.expires_on,
            Signature.certificate_number,
            Signature.validated_at,
        )
        .where(Signature.status != SignatureStatus.SUPERSEDED)
        .order_by(Signature.organization_id, Signature.signed_at.desc(), Signature.id.desc())
    )
    if organization_ids is not None:
        statement = statement.where(Signature.organization_id.in_(organization_ids))
    first: dict[int, Any] = {}
    standing: dict[int, Any] = {}
    pending: dict[int, Any] = {}
    for row in session.connection().execute(statement):
        organization_id, status = row[1], row[3]
        first.setdefault(organization_id, row)
        if status in _STANDING:
            standing.setdefault(organization_id, row)
        elif status == "pending" and organization_id not in standing:
            pending.setdefault(organization_id, row)  # newer than any standing one
    return {
        oid: (standing[oid], pending.get(oid))
        if oid in standing
        else (pending.get(oid) or row, None)
        for oid, row in first.items()
    }


def _latest_self_assessments(
    session: Session, organization_ids: list[int] | None = None
) -> dict[int, tuple[datetime, float | None, bool]]:
    """Per provider: (submitted at, index, any essential failed) of its latest submitted
    self-assessment. One query, on the derived rows (services/statistics.py)."""
    statement = select(
        LatestAssessment.organization_id,
        LatestAssessment.submitted_at,
        LatestAssessment.index,
        LatestAssessment.failed_essentials,
    ).where(LatestAssessment.audience == Audience.PROVIDER)
    if organization_ids is not None:
        statement = statement.where(LatestAssessment.organization_id.in_(organization_ids))
    return {row[0]: (row[1], row[2], row[3] > 0) for row in session.connection().execute(statement)}


def gather(
    session: Session, day: date | None = None, organization_ids: Iterable[int] | None = None
) -> list[ComplianceRow]:
    """Every provider (or those of ``organization_ids``) with its facts and verdict on ``day``.

    Five queries whatever the number of providers.
    """
    day = day or today()
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])

    def local(moment: datetime) -> date:
        return moment.astimezone(zone).date()

    limits = thresholds()
    ids = None if organization_ids is None else list(organization_ids)
    statement = select(
        Organization.id,
        Organization.name,
        Organization.siret,
        Organization.department,
        # As JSON text, decoded only for the rows a page or an export shows.
        cast(Organization.services, Text),
        Organization.city,
        Organization.website,
        Organization.directory_consent,
    ).where(Organization.kind == OrganizationKind.PROVIDER)
    if ids is not None:
        statement = statement.where(Organization.id.in_(ids))
    organizations = session.connection().execute(statement).all()
    versions = {
        v.id: v
        for v in session.execute(
            select(
                CharterVersion.id,
                CharterVersion.label,
                CharterVersion.superseded_at,
                CharterVersion.published_at,
            )
        )
    }
    current = next(
        (
            v
            for v in sorted(versions.values(), key=lambda v: (v.published_at, v.id), reverse=True)
            if v.superseded_at is None
        ),
        None,
    )
    grace = grace_days()
    grace_by_version = {
        v.id: grace_end(local(v.superseded_at) if v.superseded_at else None, grace)
        for v in versions.values()
    }
    signatures = _standing_signatures(session, ids)
    assessments = _latest_self_assessments(session, ids)
    since = start_of_day(accompanied_window_start(day, limits))
    accompanied = accompanied_counts(session, since, ids)

    current_label = current.label if current else None
    labels = {v.id: v.label for v in versions.values()}
    rows = []
    for organization_id, name, siret, department, services, city, website, consent in organizations:
        # standing: (id, organization, version, status, signed_at, expires_on, certificate,
        # validated_at)
        standing, pending = signatures.get(organization_id, (None, None))
        assessed = assessments.get(organization_id)
        accompanied_count = accompanied.get(organization_id, 0)
        if standing is None:
            label = grace_until = last_day = signed_on = None
            status = signature_status = "none"
        else:
            label = labels.get(standing[2])
            grace_until = grace_by_version.get(standing[2])
            last_day = valid_until(standing[5], grace_until)
            signed_on = local(standing[4])
            signature_status = standing[3]
            status = signature_status
            if status == "active" and public_state("active", last_day, day) != "valid":
                status = "expired"
        assessed_on = local(assessed[0]) if assessed else None
        facts = SignatoryFacts(
            signature_status=None if standing is None else signature_status,  # type: ignore[arg-type]
            signature_charter_version=label,
            current_charter_version=current_label,
            signature_expires_on=standing[5] if standing else None,
            grace_until=grace_until,
            self_assessment_submitted_on=assessed_on,
            self_assessment_index=assessed[1] if assessed else None,
            self_assessment_failed_essential=assessed[2] if assessed else False,
            accompanied_count=accompanied_count,
        )
        rows.append(
            ComplianceRow(
                organization_id=organization_id,
                name=name,
                siret=siret,
                department=department,
                services_json=services or "[]",
                status=status,
                signature_id=standing[0] if standing else None,
                charter_label=label,
                signed_on=signed_on,
                valid_until=last_day,
                certificate_number=standing[6] if standing else None,
                renewal_pending=pending is not None,
                assessed_on=assessed_on,
                index=assessed[1] if assessed else None,
                failed_essential=assessed[2] if assessed else False,
                accompanied=accompanied_count,
                verdict=evaluate(facts, day, limits),
                folded_name=fold(name),
                city=city,
                website=website,
                validated_on=local(standing[7]) if standing and standing[7] else None,
                listed=bool(
                    consent
                    and status == "active"
                    and standing[6]  # certificate number
                    and standing[7]  # validated
                ),
            )
        )
    return rows


def row_of(session: Session, organization_id: int, day: date | None = None) -> ComplianceRow | None:
    """The compliance row of one provider, or None if it is not a provider."""
    found = gather(session, day, [organization_id])
    return found[0] if found else None
