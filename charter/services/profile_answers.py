"""A diagnosis's context answers and its organisation's profile, each kept from the other.

The sector and head count are asked once, at registration: a new SME diagnosis starts with
them answered (``prefill_profile``), and a changed answer updates the profile
(``sync_profile``), which the page then says. Who calls this: the assessments service and
the SME journey.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from charter.core.audience import Audience
from charter.core.questionnaire import Questionnaire, answer_is_valid
from charter.db import write_transaction
from charter.models import Answer, Assessment, Organization
from charter.referential import PROFILE_CONTEXT, PROFILE_LISTS
from charter.services import audit


def prefill_profile(session: Session, assessment: Assessment, questionnaire: Questionnaire) -> None:
    """Answer the sector and head-count questions from the organisation's profile, when the
    profile knows them and they are not answered yet (asked once, at registration). In the
    caller's transaction: ``start_assessment``."""
    organization = session.get(Organization, assessment.organization_id)
    session.flush()
    answered = {a.question_id for a in assessment.answers}
    for question_id, field in PROFILE_CONTEXT.items():
        value = getattr(organization, field, None)
        if (
            question_id not in answered
            and value
            and answer_is_valid(questionnaire, question_id, value)
        ):
            session.add(Answer(assessment_id=assessment.id, question_id=question_id, value=value))


def sync_profile(session: Session, *, actor_id: int, assessment_id: int) -> list[tuple[str, str]]:
    """Copy the draft's sector and head-count answers into the organisation's profile.

    Returns (profile field, new code) for each field that changed, so the page can say so.
    Called by the journey when the SME saves the context page.
    """
    changed: list[tuple[str, str]] = []
    with write_transaction(session):
        assessment = session.get(Assessment, assessment_id)
        if assessment is None or assessment.questionnaire_version.audience != Audience.SME:
            return changed
        organization = assessment.organization
        if organization is None:  # an anonymous quick diagnosis has no profile
            return changed
        answers = {a.question_id: a.value for a in assessment.answers}
        for question_id, field in PROFILE_CONTEXT.items():
            value = answers.get(question_id)
            if (
                value is not None
                and value in PROFILE_LISTS[question_id]
                and getattr(organization, field) != value
            ):
                setattr(organization, field, value)
                changed.append((field, value))
        if changed:
            audit.record(
                session,
                "organization.profile_from_diagnosis",
                actor_id=actor_id,
                target_type="organization",
                target_id=organization.id,
                details=dict(changed),
            )
    return changed
