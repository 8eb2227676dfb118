"""Building assessments for tests: through the services, with chosen answers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from charter.core.questionnaire import UNKNOWN, answer_is_valid
from charter.db import utcnow, write_transaction
from charter.definitions import questionnaire_of
from charter.extensions import db
from charter.models import Answer, Assessment, QuestionnaireVersion
from charter.services import assessments as service


def version_id(app: Any, slug: str) -> int:
    with app.app_context():
        return db.session.scalar(
            select(QuestionnaireVersion.id)
            .filter_by(slug=slug)
            .order_by(QuestionnaireVersion.version.desc())
        )


def answer_all(
    app: Any,
    assessment_id: int,
    user_id: int,
    pick: str = "best",
    overrides: dict[str, str] | None = None,
) -> None:
    """Answer every context and scored question: "best", "worst", "middle" or "unknown".

    The answers are stored in one transaction, as ``save_answer`` would store each of them
    one after the other (a revision more per change, the draft's lock_version raised per
    change): one save per answer cost 0.7 s per diagnosis. Tests of saving itself go through
    the service or the pages.
    """
    with app.app_context(), write_transaction(db.session) as session:
        assessment = session.get(Assessment, assessment_id)
        assert assessment is not None and assessment.is_draft, assessment_id
        questionnaire = questionnaire_of(assessment.questionnaire_version)
        choices: dict[str, str] = {}
        for context in questionnaire.context:
            choices[context.id] = context.options[-1].key
        for question in questionnaire.questions():
            options = sorted(question.options, key=lambda o: o.score)
            choices[question.id] = {
                "best": options[-1].key,
                "worst": options[0].key,
                "middle": options[len(options) // 2].key,
                "unknown": UNKNOWN,
            }[pick]
        choices.update(overrides or {})
        known = {c.id for c in questionnaire.context} | {q.id for q in questionnaire.questions()}
        existing = {answer.question_id: answer for answer in assessment.answers}
        now = utcnow()
        for question_id, value in choices.items():
            assert question_id in known, f"no question {question_id!r}"
            assert not value or answer_is_valid(questionnaire, question_id, value), (
                question_id,
                value,
            )
            answer = existing.get(question_id)
            if answer is None:
                answer = Answer(assessment_id=assessment_id, question_id=question_id, revision=0)
                session.add(answer)
            elif answer.value == (value or None) and answer.comment is None:
                continue
            answer.value = value or None
            answer.comment = None
            answer.revision += 1
            answer.updated_at = now
            answer.updated_by_id = user_id
            assessment.updated_at = now
            assessment.lock_version += 1


def submitted_assessment(
    app: Any,
    user: Any,
    slug: str = "pme-essentiel",
    pick: str = "middle",
    overrides: dict[str, str] | None = None,
    copy_previous: bool = False,
) -> int:
    """A submitted assessment of ``user``'s organisation; returns its id."""
    assessment_id = draft_assessment(app, user, slug, copy_previous=copy_previous)
    answer_all(app, assessment_id, user.id, pick, overrides)
    with app.app_context():
        service.submit(db.session, actor_id=user.id, assessment_id=assessment_id)
    return assessment_id


def draft_assessment(
    app: Any, user: Any, slug: str = "pme-essentiel", copy_previous: bool = False
) -> int:
    """A new draft of ``user``'s organisation; returns its id."""
    with app.app_context():
        return service.start_assessment(
            db.session,
            actor_id=user.id,
            organization_id=user.organization_id,
            version_id=version_id(app, slug),
            copy_previous=copy_previous,
        ).id
