"""Loading assessments with the object-level check: another organisation's id is a 404."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import defer, joinedload, selectinload

from charter.extensions import db
from charter.models import Assessment
from charter.services.submitted_reads import Earlier, submitted_with_earlier

# Built once: building the statement and its loader options on every view cost more than
# running it (0.3 ms of a theme page). selectin, not joined, for the answers: a joined load
# would repeat (and decode) the frozen result JSON once per answer row.
_BY_ID = select(Assessment).where(Assessment.id == bindparam("assessment_id"))
_LIGHT = _BY_ID.options(defer(Assessment.result))
_WITH_VERSION = _BY_ID.options(joinedload(Assessment.questionnaire_version))
_WITH_ANSWERS = _WITH_VERSION.options(selectinload(Assessment.answers))


def own_assessment_or_404(
    assessment_id: int, *, light: bool = False, with_answers: bool = True
) -> Assessment:
    """The assessment if it belongs to the current user's organisation, else 404.

    ``light`` loads the row alone, without its frozen result, questionnaire or answers (read
    later if used): for a download served from a stored copy. ``with_answers`` False leaves the
    answers unloaded, for a caller that reads them as rows (the theme page).
    """
    statement = _LIGHT if light else _WITH_ANSWERS if with_answers else _WITH_VERSION
    assessment = db.session.scalars(statement, {"assessment_id": assessment_id}).first()
    if assessment is None or assessment.organization_id != current_user.organization_id:
        abort(404)
    return assessment


def own_submitted_or_404(assessment_id: int) -> tuple[Assessment, Earlier | None]:
    """:func:`own_assessment_or_404` for the results page, with the submission it is compared
    with, in one statement; neither the answers nor the frozen result are read now (they load on
    first use, when the page's memoised parts are rendered, which most views skip)."""
    found = submitted_with_earlier(db.session, assessment_id)
    if found is None or found[0].organization_id != current_user.organization_id:
        abort(404)
    return found
