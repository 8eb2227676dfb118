"""Loading assessments with the object-level check: another organisation's id is a 404."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy.orm import defer, joinedload, selectinload

from charter.extensions import db
from charter.models import Assessment


def own_assessment_or_404(assessment_id: int) -> Assessment:
    """The assessment if it belongs to the current user's organisation, else 404."""
    assessment = db.session.get(
        Assessment,
        assessment_id,
        # selectin, not joined: a joined load would repeat (and decode) the frozen result JSON
        # once per answer row.
        options=[joinedload(Assessment.questionnaire_version), selectinload(Assessment.answers)],
    )
    if assessment is None or assessment.organization_id != current_user.organization_id:
        abort(404)
    return assessment


def own_submitted_or_404(assessment_id: int) -> Assessment:
    """:func:`own_assessment_or_404` for the results page: neither the answers nor the frozen
    result are read now (they load on first use, when the page's memoised parts are rendered;
    most views find them in the memo and never need them)."""
    assessment = db.session.get(
        Assessment,
        assessment_id,
        options=[
            joinedload(Assessment.questionnaire_version),
            joinedload(Assessment.organization),
            defer(Assessment.result),
        ],
    )
    if assessment is None or assessment.organization_id != current_user.organization_id:
        abort(404)
    return assessment
