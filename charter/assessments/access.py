"""Loading assessments with the object-level check: another organisation's id is a 404."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload, selectinload

from charter.extensions import db
from charter.models import Assessment

# Built once: building the statement and its loader options on every view cost more than
# running it (0.3 ms of a theme page). selectin, not joined, for the answers: a joined load
# would repeat (and decode) the frozen result JSON once per answer row.
_BY_ID = select(Assessment).where(Assessment.id == bindparam("assessment_id"))
_WITH_VERSION = _BY_ID.options(joinedload(Assessment.questionnaire_version))
_WITH_ANSWERS = _WITH_VERSION.options(selectinload(Assessment.answers))


def own_assessment_or_404(assessment_id: int, *, with_answers: bool = True) -> Assessment:
    """The assessment if it belongs to the current user's organisation, else 404; its answers
    loaded with it unless ``with_answers`` is False (a caller that reads them as rows)."""
    statement = _WITH_ANSWERS if with_answers else _WITH_VERSION
    assessment = db.session.scalars(statement, {"assessment_id": assessment_id}).first()
    if assessment is None or assessment.organization_id != current_user.organization_id:
        abort(404)
    return assessment
