"""Listing an organisation's assessments for its dashboard (one query, whatever the count)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.models import Assessment, AssessmentStatus, QuestionnaireVersion


@dataclass(frozen=True)
class AssessmentRow:
    """One line of a dashboard."""

    id: int
    title: str
    slug: str
    status: AssessmentStatus
    created_at: object
    updated_at: object
    submitted_at: object
    index: float | None
    level_name: str | None


def assessments_of(session: Session, organization_id: int, *, audience: str) -> list[AssessmentRow]:
    """An organisation's assessments for one audience, newest first."""
    rows = session.execute(
        select(
            Assessment.id,
            QuestionnaireVersion.title,
            QuestionnaireVersion.slug,
            Assessment.status,
            Assessment.created_at,
            Assessment.updated_at,
            Assessment.submitted_at,
            Assessment.index,
            Assessment.result,
        )
        .join(QuestionnaireVersion)
        .where(
            Assessment.organization_id == organization_id, QuestionnaireVersion.audience == audience
        )
        .order_by(Assessment.updated_at.desc(), Assessment.id.desc())
    ).all()
    return [
        AssessmentRow(
            r.id,
            r.title,
            r.slug,
            r.status,
            r.created_at,
            r.updated_at,
            r.submitted_at,
            r.index,
            (r.result or {}).get("level", {}).get("name") if r.result else None,
        )
        for r in rows
    ]
