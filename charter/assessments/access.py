"""Loading assessments with the object-level check: another organisation's id is a 404."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

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
