"""A provider's clients and what they share: the portfolio page and its CSV export.

Two queries whatever the number of clients: the links with the SMEs, then the last two
diagnoses of every sharing client at once (a window function). Filters run over those rows.

Who calls this: the provider's client pages.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from charter.core.audience import Audience
from charter.db import utcnow
from charter.models import (
    Assessment,
    AssessmentStatus,
    ClientLink,
    Organization,
    QuestionnaireVersion,
)

STALE_AFTER = timedelta(days=365)


@dataclass(frozen=True)
class ClientRow:
    """One client of the portfolio; the diagnosis fields are None when it does not share."""

    sme_id: int
    link_id: int
    name: str
    city: str | None
    department: str
    sector: str | None
    shares: bool
    since: datetime
    last_id: int | None = None
    last_title: str | None = None
    last_date: datetime | None = None
    last_index: float | None = None
    level_id: str | None = None
    level_name: str | None = None
    previous_index: float | None = None

    @property
    def trend(self) -> float | None:
        if self.last_index is None or self.previous_index is None:
            return None
        return self.last_index - self.previous_index

    def stale(self, now: datetime) -> bool:
        return self.last_date is not None and now - self.last_date > STALE_AFTER


@dataclass(frozen=True)
class MissingMeasure:
    """A good practice missing at several sharing clients (their latest diagnosis)."""

    title: str
    clients: int


@dataclass(frozen=True)
class PortfolioFilters:
    """``level``: a level id; ``state``: "stale", "never", "shared", "private" or ""."""

    level: str = ""
    state: str = ""

    def keep(self, row: ClientRow, now: datetime) -> bool:
        if self.level and row.level_id != self.level:
            return False
        return {
            "": True,
            "stale": row.stale(now),
            "never": row.shares and row.last_id is None,
            "shared": row.shares,
            "private": not row.shares,
        }.get(self.state, True)


@dataclass(frozen=True)
class Portfolio:
    rows: list[ClientRow]
    total: int
    missing: list[MissingMeasure]
    levels: list[tuple[str, str]]


def portfolio(
    session: Session, provider_id: int, filters: PortfolioFilters | None = None
) -> Portfolio:
    """The provider's clients (filtered), the measures most often missing, the levels seen."""
    filters = filters or PortfolioFilters()
    links = session.execute(
        select(
            ClientLink.id,
            ClientLink.sme_id,
            ClientLink.share_results,
            ClientLink.created_at,
            Organization.name,
            Organization.city,
            Organization.department,
            Organization.sector,
        )
        .join(Organization, Organization.id == ClientLink.sme_id)
        .where(ClientLink.provider_id == provider_id)
        .order_by(Organization.name, Organization.id)
    ).all()
    latest = _last_two(session, provider_id)
    rows: list[ClientRow] = []
    missing: Counter[str] = Counter()
    levels: dict[str, str] = {}
    for link in links:
        base: dict[str, Any] = {
            "sme_id": link.sme_id,
            "link_id": link.id,
            "name": link.name,
            "city": link.city,
            "department": link.department,
            "sector": link.sector,
            "shares": link.share_results,
            "since": link.created_at,
        }
        history = latest.get(link.sme_id, []) if link.share_results else []
        if history:
            last = history[0]
            result = last.result or {}
            level = result.get("level") or {}
            base |= {
                "last_id": last.id,
                "last_title": last.title,
                "last_date": last.submitted_at,
                "last_index": last.index,
                "level_id": level.get("id"),
                "level_name": level.get("name"),
                "previous_index": history[1].index if len(history) > 1 else None,
            }
            if level.get("id"):
                levels[level["id"]] = level.get("name", level["id"])
            missing.update(
                {e["title"] for e in (*result.get("priorities", []), *result.get("others", []))}
            )
        rows.append(ClientRow(**base))
    now = utcnow()
    kept = [row for row in rows if filters.keep(row, now)]
    top = [
        MissingMeasure(title, count)
        for title, count in sorted(missing.items(), key=lambda item: (-item[1], item[0]))[:10]
    ]
    return Portfolio(kept, len(rows), top, sorted(levels.items(), key=lambda i: i[1]))


def _last_two(session: Session, provider_id: int) -> dict[int, list[Any]]:
    """The two most recent submitted SME diagnoses of each sharing client, newest first."""
    sharing = select(ClientLink.sme_id).where(
        ClientLink.provider_id == provider_id, ClientLink.share_results.is_(True)
    )
    ranked = (
        select(
            Assessment.id,
            Assessment.organization_id,
            Assessment.submitted_at,
            Assessment.index,
            Assessment.result,
            QuestionnaireVersion.title,
            func.row_number()
            .over(
                partition_by=Assessment.organization_id,
                order_by=(Assessment.submitted_at.desc(), Assessment.id.desc()),
            )
            .label("rank"),
        )
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Assessment.questionnaire_version_id)
        .where(
            Assessment.status == AssessmentStatus.SUBMITTED,
            QuestionnaireVersion.audience == Audience.SME,
            Assessment.organization_id.in_(sharing),
        )
        .subquery()
    )
    found: dict[int, list[Any]] = {}
    for row in session.execute(
        select(ranked).where(ranked.c.rank <= 2).order_by(ranked.c.organization_id, ranked.c.rank)
    ):
        found.setdefault(row.organization_id, []).append(row)
    return found


# ------------------------------------------------------------------- one client, by consent


def client_of(session: Session, provider_id: int, sme_id: int) -> Organization | None:
    """The SME ``sme_id`` if it is a client of ``provider_id`` (sharing or not), else None:
    the caller answers 404, as for an organisation that does not exist."""
    link = session.scalar(select(ClientLink).filter_by(provider_id=provider_id, sme_id=sme_id))
    return link.sme if link is not None else None


def _shares_now(session: Session, provider_id: int, sme_id: int) -> bool:
    """Whether the SME consents, right now, to show its results to this provider."""
    found = session.scalar(
        select(ClientLink.id).filter_by(provider_id=provider_id, sme_id=sme_id, share_results=True)
    )
    return found is not None


def shared_diagnoses(session: Session, provider_id: int, sme_id: int) -> list[Assessment]:
    """The client's submitted SME diagnoses, newest first, while it shares them with this
    provider; an empty list otherwise (the consent is read at each request)."""
    if not _shares_now(session, provider_id, sme_id):
        return []
    found = session.scalars(
        select(Assessment)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Assessment.questionnaire_version_id)
        .where(
            Assessment.organization_id == sme_id,
            Assessment.status == AssessmentStatus.SUBMITTED,
            QuestionnaireVersion.audience == Audience.SME,
        )
        .order_by(Assessment.submitted_at.desc())
    )
    return list(found)


def shared_diagnosis(
    session: Session, provider_id: int, sme_id: int, assessment_id: int
) -> Assessment | None:
    """One submitted SME diagnosis of a client that shares with this provider right now, or
    None (the caller answers 404): another organisation's, a draft, a self-assessment, or a
    client that withdrew its consent all look the same."""
    if not _shares_now(session, provider_id, sme_id):
        return None
    assessment = session.get(Assessment, assessment_id)
    if (
        assessment is None
        or assessment.organization_id != sme_id
        or assessment.status is not AssessmentStatus.SUBMITTED
        or assessment.questionnaire_version.audience != Audience.SME
    ):
        return None
    return assessment
