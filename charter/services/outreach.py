"""Outreach figures: the diagnoses a provider accompanied (docs/design.md §6, "Outreach").

An accompanied diagnosis is a diagnosis submitted by an SME linked to the provider, that shares
its results with it, and submitted after the link was made.

Who calls this: the provider dashboard, the Region's compliance list and exports.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from charter.core.audience import Audience
from charter.models import Assessment, AssessmentStatus, ClientLink, QuestionnaireVersion


def accompanied_counts(
    session: Session, since: datetime, provider_ids: Iterable[int] | None = None
) -> dict[int, int]:
    """Accompanied diagnoses submitted since ``since``, per provider id (one query).

    Providers with none are absent from the result; ``provider_ids`` narrows the query.
    """
    statement = (
        select(ClientLink.provider_id, func.count(Assessment.id))
        .join(Assessment, Assessment.organization_id == ClientLink.sme_id)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Assessment.questionnaire_version_id)
        .where(
            ClientLink.share_results.is_(True),
            QuestionnaireVersion.audience == Audience.SME,
            Assessment.status == AssessmentStatus.SUBMITTED,
            Assessment.submitted_at >= since,
            Assessment.submitted_at >= ClientLink.created_at,
        )
        .group_by(ClientLink.provider_id)
    )
    if provider_ids is not None:
        statement = statement.where(ClientLink.provider_id.in_(list(provider_ids)))
    return {row.provider_id: row[1] for row in session.execute(statement)}


def accompanied_days(session: Session, provider_id: int, since: datetime) -> list[datetime]:
    """When each diagnosis accompanied by ``provider_id`` since ``since`` was submitted (the
    provider's dashboard says until when they count)."""
    statement = (
        select(Assessment.submitted_at)
        .join(ClientLink, ClientLink.sme_id == Assessment.organization_id)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Assessment.questionnaire_version_id)
        .where(
            ClientLink.provider_id == provider_id,
            ClientLink.share_results.is_(True),
            QuestionnaireVersion.audience == "sme",
            Assessment.status == AssessmentStatus.SUBMITTED,
            Assessment.submitted_at >= since,
            Assessment.submitted_at >= ClientLink.created_at,
        )
    )
    return [moment for moment in session.scalars(statement) if moment is not None]
