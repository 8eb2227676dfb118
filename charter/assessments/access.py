"""Loading assessments with the object-level check: another organisation's id is a 404."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy.orm import defer, joinedload, selectinload

from charter.extensions import db
from charter.models import Assessment
from charter.services.submitted_reads import Earlier, submitted_with_earlier


def own_assessment_or_404(assessment_id: int, *, light: bool = False) -> Assessment:
    """The assessment if it belongs to the current user's organisation, else 404.

    ``light`` loads the row alone, without its frozen result, questionnaire or answers (read
    later if used): for a download served from a stored copy.
    """
    options: list[Any] = (
        [defer(Assessment.result)]
        if light
        else [
            joinedload(Assessment.questionnaire_version),
            # selectin, not joined: a joined load would repeat (and decode) the frozen result
            # JSON once per answer row.
            selectinload(Assessment.answers),
        ]
    )
    assessment = db.session.get(Assessment, assessment_id, options=options)
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
