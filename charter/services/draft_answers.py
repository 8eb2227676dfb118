"""A draft's saved answers as plain rows, for the pages that show them.

A theme page shows a whole draft's progress, so it reads all its answers (about 80 for the
complete questionnaire) on every view and autosave reload. As ORM objects they cost a fifth of
the page (2 ms); as rows of the few columns a page prints, a tenth of a millisecond.

Who calls this: the journey's theme view (after the object check of the assessment).
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from charter.models import Answer

_TABLE = Answer.__table__


class AnswerState(NamedTuple):
    """What the journey's pages use of one saved answer (the attributes of :class:`Answer`)."""

    question_id: str
    value: str | None
    comment: str | None
    revision: int
    carried_over: bool
    updated_by_id: int | None


#: Built once, on the table's columns: an ORM select of the same columns, built per call,
#: cost three times the statement itself.
_ANSWERS = select(
    _TABLE.c.question_id,
    _TABLE.c.value,
    _TABLE.c.comment,
    _TABLE.c.revision,
    _TABLE.c.carried_over,
    _TABLE.c.updated_by_id,
).where(_TABLE.c.assessment_id == bindparam("assessment_id"))


def answer_states(session: Session, assessment_id: int) -> dict[str, AnswerState]:
    """The saved answers of an assessment by question id."""
    rows = session.execute(_ANSWERS, {"assessment_id": assessment_id})
    return {row[0]: AnswerState._make(row) for row in rows}
