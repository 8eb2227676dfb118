"""Loading assessments with the object-level check: another organisation's id is a 404."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from charter.extensions import db
from charter.models import Assessment


def own_assessment_or_404(assessment_id: int, *, with_answers: bool = True) -> Assessment:
    """The assessment if it belongs to the current user's organisation, else 404; its answers
    loaded with it unless ``with_answers`` is False (a caller that reads them as rows)."""
    options: list[Any] = [joinedload(Assessment.questionnaire_version)]
    if with_answers:
        # selectin, not joined: a joined load would repeat (and decode) the frozen result JSON
        # once per answer row.
        options.append(selectinload(Assessment.answers))
    assessment = db.session.get(Assessment, assessment_id, options=options)
    if assessment is None or assessment.organization_id != current_user.organization_id:
        abort(404)
    return assessment
