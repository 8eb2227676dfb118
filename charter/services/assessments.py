"""Diagnoses and self-assessments: start, answer (autosave), submit, and read back.

Who calls this: the journey views of the SME and provider areas, tests and the demo. Callers
check that the actor belongs to the assessment's organisation (views load it through
``charter.assessments.access``); these functions trust that and check state (draft, revisions).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.core.audience import Audience
from charter.core.questionnaire import Questionnaire, answer_is_valid
from charter.core.results import AssessmentResult
from charter.core.scoring import score_assessment
from charter.db import utcnow, write_transaction
from charter.definitions import questionnaire_of
from charter.models import Answer, Assessment, AssessmentStatus, QuestionnaireVersion
from charter.services import audit, statistics
from charter.services.peers import compute_peers, profile_peers
from charter.services.profile_answers import prefill_profile

MAX_COMMENT_LENGTH = 2000


class AssessmentLocked(Exception):
    """The assessment was submitted: it no longer changes."""


def start_assessment(
    session: Session,
    *,
    actor_id: int,
    organization_id: int,
    version_id: int,
    copy_previous: bool = False,
) -> Assessment:
    """Create a draft on a questionnaire version, optionally pre-filled from the last one sent.

    Copied answers are only those still valid on the new version (same question, same option);
    they are marked ``carried_over`` until the user saves them again (reviews them).
    """
    with write_transaction(session):
        version = session.get(QuestionnaireVersion, version_id)
        if version is None:
            raise LookupError(version_id)
        assessment = Assessment(
            organization_id=organization_id, questionnaire_version=version, created_by_id=actor_id
        )
        session.add(assessment)
        session.flush()
        copied = 0
        questionnaire = questionnaire_of(version)
        if copy_previous:
            previous = last_submitted(session, organization_id, version.slug)
            if previous is not None:
                assessment.based_on_id = previous.id
                copied = _copy_answers(session, previous, assessment, questionnaire)
        if version.audience == Audience.SME:
            prefill_profile(session, assessment, questionnaire)
        audit.record(
            session,
            "assessment.started",
            actor_id=actor_id,
            target_type="assessment",
            target_id=assessment.id,
            details={
                "questionnaire": f"{version.slug}@{version.version}",
                "copied_answers": copied,
            },
        )
    return assessment


def _copy_answers(
    session: Session, source: Assessment, target: Assessment, questionnaire: Questionnaire
) -> int:
    count = 0
    for answer in source.answers:
        if answer.value is not None and answer_is_valid(
            questionnaire, answer.question_id, answer.value
        ):
            session.add(
                Answer(
                    assessment_id=target.id,
                    question_id=answer.question_id,
                    value=answer.value,
                    comment=answer.comment,
                    carried_over=True,
                )
            )
            count += 1
    return count


@dataclass(frozen=True)
class SaveOutcome:
    """What happened to one answer: saved (with its new revision), or why not."""

    status: Literal["saved", "conflict", "invalid", "locked"]
    question_id: str
    revision: int = 0
    current_value: str | None = None
    current_comment: str | None = None


def save_answer(
    session: Session,
    *,
    actor_id: int | None,
    assessment_id: int,
    question_id: str,
    value: str | None,
    comment: str | None,
    expected_revision: int | None,
) -> SaveOutcome:
    """Record one answer of a draft, unless another tab changed it since ``expected_revision``.

    ``actor_id`` is None for an anonymous visitor's quick diagnosis (charter.services.anonymous).
    ``expected_revision`` is the revision the page showed (0 for "no answer yet"); None means
    "overwrite whatever is there" (the user confirmed after a conflict). An empty ``value``
    clears the choice but keeps the comment.
    """
    comment = (comment or "").strip()[:MAX_COMMENT_LENGTH] or None
    with write_transaction(session):
        assessment = _locked_assessment(session, assessment_id)
        if assessment is None or not assessment.is_draft:
            return SaveOutcome("locked", question_id)
        questionnaire = questionnaire_of(assessment.questionnaire_version)
        if value and not answer_is_valid(questionnaire, question_id, value):
            return SaveOutcome("invalid", question_id)
        if (
            not value
            and not any(q.id == question_id for q in questionnaire.questions())
            and not any(c.id == question_id for c in questionnaire.context)
        ):
            return SaveOutcome("invalid", question_id)
        answer = session.scalar(
            select(Answer).filter_by(assessment_id=assessment_id, question_id=question_id)
        )
        current_revision = answer.revision if answer is not None else 0
        if expected_revision is not None and expected_revision != current_revision:
            if answer is not None and (answer.value, answer.comment) == (value or None, comment):
                # Already so: the retry of a save whose reply was lost (a connection cut after
                # the commit), or another tab that chose the same. Nothing to warn about.
                return SaveOutcome("saved", question_id, answer.revision, answer.value, comment)
            return SaveOutcome(
                "conflict",
                question_id,
                current_revision,
                answer.value if answer else None,
                answer.comment if answer else None,
            )
        if answer is None:
            answer = Answer(assessment_id=assessment_id, question_id=question_id, revision=0)
            session.add(answer)
        elif answer.value == (value or None) and answer.comment == comment:
            if answer.carried_over:  # kept as it was: reviewed, without a new revision
                answer.carried_over = False
                session.flush()
            return SaveOutcome("saved", question_id, answer.revision, answer.value, answer.comment)
        answer.value = value or None
        answer.comment = comment
        answer.carried_over = False
        answer.revision += 1
        answer.updated_at = utcnow()
        answer.updated_by_id = actor_id
        assessment.updated_at = answer.updated_at
        assessment.lock_version += 1
        session.flush()
        return SaveOutcome("saved", question_id, answer.revision, answer.value, answer.comment)


def _locked_assessment(session: Session, assessment_id: int) -> Assessment | None:
    """The assessment, its row locked until the write transaction ends, freshly read.

    On PostgreSQL, changes to one assessment (saves, submission, deletion) wait here for each
    other, so that each sees what the previous one committed: without it, two first answers to
    a question would both insert (a unique-constraint error), two changes with the same revision
    would both pass the check (a lost update), and lock_version would lose increments. SQLite's
    write transaction holds the database lock already.
    """
    return session.scalar(
        select(Assessment)
        .where(Assessment.id == assessment_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def answers_of(assessment: Assessment) -> dict[str, Answer]:
    """The assessment's answers by question id."""
    return {a.question_id: a for a in assessment.answers}


def compute_result(assessment: Assessment) -> AssessmentResult:
    """Score the assessment's current answers (a draft's provisional result, or for submit)."""
    questionnaire = questionnaire_of(assessment.questionnaire_version)
    context_ids = {c.id for c in questionnaire.context}
    values = {a.question_id: a.value for a in assessment.answers if a.value}
    context = {k: v for k, v in values.items() if k in context_ids}
    answers = {k: v for k, v in values.items() if k not in context_ids}
    return score_assessment(questionnaire, context, answers)


def submit(
    session: Session,
    *,
    actor_id: int | None,
    assessment_id: int,
    expected_lock_version: int | None = None,
) -> Assessment:
    """Freeze the scores of a draft whose applicable questions are all answered.

    An anonymous quick diagnosis (no organisation, ``actor_id`` None) is scored the same way but
    enters neither the kept figures (statistics, peers) nor any provider's notice: that happens
    when it is kept (:func:`enter_organization_figures`).

    Raises :class:`AssessmentLocked` if already submitted, ``ValueError`` listing the
    unanswered questions otherwise.
    """
    # Peer figures are read before the write transaction (they only read) and frozen with it.
    draft = session.get(Assessment, assessment_id)
    peers = None
    if draft is not None and draft.questionnaire_version.audience == Audience.SME:
        slug = draft.questionnaire_version.slug
        if draft.organization is not None:
            peers = compute_peers(session, draft.organization, slug)
        else:  # an anonymous quick diagnosis: its own answers say which group it is in
            answers = {a.question_id: a.value for a in draft.answers}
            peers = profile_peers(session, answers.get("secteur"), answers.get("effectif"), slug)
    with write_transaction(session):
        assessment = _locked_assessment(session, assessment_id)
        if assessment is None or not assessment.is_draft:
            raise AssessmentLocked(assessment_id)
        result = compute_result(assessment)
        if result.unanswered:
            raise ValueError(result.unanswered)
        assessment.status = AssessmentStatus.SUBMITTED
        assessment.submitted_at = utcnow()
        assessment.submitted_by_id = actor_id
        assessment.result = result.to_dict()
        assessment.peers = peers
        assessment.index = result.index
        assessment.level_id = result.level.id if result.level else None
        assessment.lock_version += 1
        audience = assessment.questionnaire_version.audience
        title = assessment.questionnaire_version.title
        organization_id = assessment.organization_id
        if organization_id is not None:
            # The Region's list and statistics read a reduced copy (services/statistics.py).
            statistics.record_submission(session, assessment)
        audit.record(
            session,
            "assessment.submitted",
            actor_id=actor_id,
            target_type="assessment",
            target_id=assessment.id,
            details={"index": result.index, "level": assessment.level_id},
        )
    if audience == Audience.SME and organization_id is not None:
        # Imported here: the client links build on assessments, not the other way round.
        from charter.services.clients import notify_submission

        notify_submission(session, organization_id, title)
    return assessment


def frozen_result(assessment: Assessment) -> AssessmentResult:
    """The result frozen at submission."""
    if assessment.result is None:
        raise ValueError("assessment not submitted")
    return AssessmentResult.from_dict(assessment.result)


def last_submitted(
    session: Session, organization_id: int, slug: str, before: Assessment | None = None
) -> Assessment | None:
    """The organisation's most recent submitted assessment of a questionnaire (by slug),
    optionally the one before ``before``."""
    query = (
        select(Assessment)
        .join(QuestionnaireVersion)
        .where(
            Assessment.organization_id == organization_id,
            Assessment.status == AssessmentStatus.SUBMITTED,
            QuestionnaireVersion.slug == slug,
        )
        .order_by(Assessment.submitted_at.desc(), Assessment.id.desc())
    )
    if before is not None and before.submitted_at is not None:
        query = query.where(Assessment.submitted_at < before.submitted_at)
    return session.scalars(query.limit(1)).first()


def open_draft(session: Session, organization_id: int, slug: str) -> Assessment | None:
    """The organisation's draft of a questionnaire (by slug), the most recently changed one.

    The journey resumes it instead of starting a second draft of the same questionnaire.
    """
    return session.scalars(
        select(Assessment)
        .join(QuestionnaireVersion)
        .where(
            Assessment.organization_id == organization_id,
            Assessment.status == AssessmentStatus.DRAFT,
            QuestionnaireVersion.slug == slug,
        )
        .order_by(Assessment.updated_at.desc(), Assessment.id.desc())
        .limit(1)
    ).first()


def carried_over_count(assessment: Assessment) -> int:
    """How many answers copied from the previous diagnosis are not reviewed yet."""
    return sum(1 for a in assessment.answers if a.carried_over)


def delete_draft(session: Session, *, actor_id: int | None, assessment_id: int) -> bool:
    """Delete a draft and its answers; submitted assessments are never deleted here."""
    with write_transaction(session):
        assessment = _locked_assessment(session, assessment_id)
        if assessment is None or not assessment.is_draft:
            return False
        session.delete(assessment)
        audit.record(
            session,
            "assessment.draft_deleted",
            actor_id=actor_id,
            target_type="assessment",
            target_id=assessment_id,
        )
    return True
