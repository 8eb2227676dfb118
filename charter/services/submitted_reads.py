"""Reads of a submitted diagnosis for its results page: the diagnosis and the identity of the
one it is compared with, in as few statements as the page's memo needs (its stamp names both).

Who calls this: ``charter.assessments.access`` (loading with the object check) and
``charter.assessments.results_page``. Read-only; callers check access.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, bindparam, select
from sqlalchemy.orm import Session, aliased, contains_eager, defer, joinedload

from charter.models import Assessment, AssessmentStatus, QuestionnaireVersion


class Earlier(NamedTuple):
    """The organisation's submission of the same questionnaire just before a diagnosis: what
    its progress is measured against (a submitted diagnosis is frozen: id and time name it)."""

    id: int
    submitted_at: datetime


def _earlier_column(column: Any, assessment: Any, slug: Any) -> ColumnElement[Any]:
    """``column`` of the submission before ``assessment`` (same organisation, same
    questionnaire slug), as a correlated scalar subquery."""
    before = aliased(Assessment)
    version = aliased(QuestionnaireVersion)
    return (
        select(getattr(before, column))
        .join(version, version.id == before.questionnaire_version_id)
        .where(
            before.organization_id == assessment.organization_id,
            before.status == AssessmentStatus.SUBMITTED,
            version.slug == slug,
            before.submitted_at < assessment.submitted_at,
        )
        .order_by(before.submitted_at.desc(), before.id.desc())
        .limit(1)
        .scalar_subquery()
    )


#: The results page's load, built once: the ORM compiles it once too (built per call, its
#: correlated subqueries made SQLAlchemy compile it again at every request).
_WITH_EARLIER = (
    select(
        Assessment,
        _earlier_column("id", Assessment, QuestionnaireVersion.slug),
        _earlier_column("submitted_at", Assessment, QuestionnaireVersion.slug),
    )
    .join(Assessment.questionnaire_version)
    .options(
        contains_eager(Assessment.questionnaire_version),
        joinedload(Assessment.organization),
        defer(Assessment.result),
    )
    .where(Assessment.id == bindparam("assessment_id"))
)


def submitted_with_earlier(
    session: Session, assessment_id: int
) -> tuple[Assessment, Earlier | None] | None:
    """The assessment (with its version and organisation; its answers and frozen result are
    left to load on first use) and the submission before it, in one statement; None if there
    is no such assessment."""
    row = session.execute(_WITH_EARLIER, {"assessment_id": assessment_id}).first()
    if row is None:
        return None
    assessment, earlier_id, earlier_at = row
    if assessment.organization_id is None or earlier_id is None:
        return assessment, None
    return assessment, Earlier(earlier_id, earlier_at)


def earlier_submission(session: Session, assessment: Assessment) -> Earlier | None:
    """The submission before ``assessment`` (none for an anonymous quick diagnosis)."""
    if assessment.organization_id is None or assessment.submitted_at is None:
        return None
    version = assessment.questionnaire_version
    row = session.execute(
        select(Assessment.id, Assessment.submitted_at)
        .join(QuestionnaireVersion)
        .where(
            Assessment.organization_id == assessment.organization_id,
            Assessment.status == AssessmentStatus.SUBMITTED,
            QuestionnaireVersion.slug == version.slug,
            Assessment.submitted_at < assessment.submitted_at,
        )
        .order_by(Assessment.submitted_at.desc(), Assessment.id.desc())
        .limit(1)
    ).first()
    if row is None or row[1] is None:
        return None
    return Earlier(row[0], row[1])
