"""What the Region's page of one signatory shows, read from the kept standing.

The verdict, its reasons and the facts they come from are the provider's ``signatory_standing``
row (``charter.services.kept_standing`` keeps it with every fact): the page does not re-derive
them. It reads besides only what no kept row holds: the organisation's profile and members, its
signatures (with their fingerprints), its latest self-assessment's level and how many it sent,
and the decisions' timeline. The number of queries does not depend on the number of
signatories (tests/region/test_signatory_page.py counts them).

Who calls this: the Region's signatory page (``charter.region.signatories``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from charter.core.audience import Audience
from charter.models import (
    Assessment,
    AssessmentStatus,
    Organization,
    OrganizationKind,
    QuestionnaireVersion,
    SignatoryStanding,
    Signature,
    User,
)
from charter.services import compliance_facts, kept_standing, standing_list
from charter.services.standing import hash_matches


@dataclass(frozen=True)
class SelfAssessment:
    """The provider's latest submitted self-assessment, summarised (never its answers)."""

    submitted_at: datetime
    index: float | None
    level: str | None
    failed_essentials: int
    count: int


@dataclass(frozen=True)
class SignatoryDetail:
    """Everything the signatory page shows."""

    organization: Organization
    row: compliance_facts.ComplianceRow
    history: list[Signature]
    hashes: dict[int, bool]
    members: list[User]
    self_assessment: SelfAssessment | None


def provider(session: Session, organization_id: int) -> Organization | None:
    """The provider ``organization_id``, or None (unknown, or not a provider)."""
    organization = session.get(Organization, organization_id)
    if organization is None or organization.kind is not OrganizationKind.PROVIDER:
        return None
    return organization


def history(session: Session, organization_id: int) -> list[Signature]:
    """The provider's signatures, newest first, with their charter versions (one query)."""
    return list(
        session.scalars(
            select(Signature)
            .options(joinedload(Signature.charter_version))
            .where(Signature.organization_id == organization_id)
            .order_by(Signature.signed_at.desc(), Signature.id.desc())
        )
    )


def kept_row(session: Session, organization_id: int) -> compliance_facts.ComplianceRow | None:
    """The provider's kept standing as a compliance row (one query), recomputed first if the
    daily refresh has not run today (``kept_standing.ensure_current``)."""
    kept_standing.ensure_current(session)
    kept = session.get(SignatoryStanding, organization_id)
    return standing_list.row(kept) if kept is not None else None


def self_assessment(session: Session, organization_id: int) -> SelfAssessment | None:
    """The provider's latest submitted self-assessment and how many it sent (one query; one
    frozen result read, the latest)."""
    mine = (
        Assessment.organization_id == organization_id,
        Assessment.status == AssessmentStatus.SUBMITTED,
        QuestionnaireVersion.audience == Audience.PROVIDER,
    )
    sent = (
        select(func.count())
        .select_from(Assessment)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Assessment.questionnaire_version_id)
        .where(*mine)
        .scalar_subquery()
    )
    found = session.execute(
        select(Assessment.submitted_at, Assessment.index, Assessment.result, sent)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Assessment.questionnaire_version_id)
        .where(*mine)
        .order_by(Assessment.submitted_at.desc(), Assessment.id.desc())
        .limit(1)
    ).first()
    if found is None:
        return None
    submitted_at, index, result, count = found
    result = result or {}
    level: dict[str, Any] = result.get("level") or {}
    return SelfAssessment(
        submitted_at=submitted_at,
        index=index,
        level=level.get("name"),
        failed_essentials=len(result.get("failed_essentials") or ()),
        count=int(count),
    )


def detail(session: Session, organization: Organization) -> SignatoryDetail:
    """The page of ``organization`` (a provider the caller may see: Region officers)."""
    row = kept_row(session, organization.id)
    if row is None:  # a provider always has its kept row; never show a page without a verdict
        row = compliance_facts.row_of(session, organization.id)
        assert row is not None
    signatures = history(session, organization.id)
    members = session.scalars(
        select(User).where(User.organization_id == organization.id).order_by(User.id)
    ).all()
    return SignatoryDetail(
        organization=organization,
        row=row,
        history=signatures,
        hashes={s.id: hash_matches(s) for s in signatures},
        members=list(members),
        self_assessment=self_assessment(session, organization.id),
    )
