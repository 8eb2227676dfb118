"""Demo diagnoses, client links and self-assessments (part of ``charter demo``, idempotent).

Diagnoses are spread over time (their dates are moved back after submission) so that a demo
user sees progress, trends in the provider's portfolio and stale diagnoses.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from charter.core.questionnaire import UNKNOWN, Questionnaire
from charter.db import utcnow, write_transaction
from charter.definitions import questionnaire_of
from charter.models import Assessment, ClientLink, LinkSource, QuestionnaireVersion, User
from charter.services import assessments

#: (member e-mail, questionnaire, [(days ago, quality 0..1) of each sent diagnosis], draft?)
DIAGNOSES = (
    (
        "gerant@fournil-honfleur.example",
        "pme-essentiel",
        [(420, 0.25), (150, 0.5), (20, 0.7)],
        False,
    ),
    ("direction@cabinet-lemarchand.example", "pme-essentiel", [(60, 0.6)], True),
    ("atelier@menuiserie-durand.example", "pme-complet", [(400, 0.4)], False),
    ("contact@bocage-informatique.example", "prestataire-charte", [(45, 0.85)], False),
)

#: (provider member e-mail, SME member e-mail, shares?, days since the link)
LINKS = (
    ("contact@bocage-informatique.example", "gerant@fournil-honfleur.example", True, 500),
    ("contact@bocage-informatique.example", "direction@cabinet-lemarchand.example", False, 90),
    ("contact@bocage-informatique.example", "atelier@menuiserie-durand.example", True, 450),
    ("contact@seine-numerique.example", "gerant@fournil-honfleur.example", False, 30),
)


def load_demo_assessments(session: Session) -> None:
    """Create the demo links and diagnoses that are missing."""
    _links(session)
    for email, slug, sent, draft in DIAGNOSES:
        user = session.scalar(select(User).filter_by(email=email))
        version = session.scalar(
            select(QuestionnaireVersion)
            .filter_by(slug=slug)
            .order_by(QuestionnaireVersion.version.desc())
        )
        if (
            user is None
            or version is None
            or session.scalar(
                select(Assessment.id).filter_by(
                    organization_id=user.organization_id, questionnaire_version_id=version.id
                )
            )
        ):
            continue
        questionnaire = questionnaire_of(version)
        for days_ago, quality in sent:
            assessment_id = _answered(session, user, version.id, questionnaire, quality, 1.0)
            assessments.submit(session, actor_id=user.id, assessment_id=assessment_id)
            moment = utcnow() - timedelta(days=days_ago)
            with write_transaction(session):
                session.execute(
                    update(Assessment)
                    .where(Assessment.id == assessment_id)
                    .values(created_at=moment, updated_at=moment, submitted_at=moment)
                )
        if draft:
            _answered(session, user, version.id, questionnaire, 0.7, 0.5)


def _answered(
    session: Session,
    user: User,
    version_id: int,
    questionnaire: Questionnaire,
    quality: float,
    share_answered: float,
) -> int:
    """A draft with the first ``share_answered`` of its questions answered at ``quality``."""
    assessment = assessments.start_assessment(
        session, actor_id=user.id, organization_id=user.organization_id, version_id=version_id
    )
    answers = {c.id: c.options[-1].key for c in questionnaire.context}
    questions = list(questionnaire.questions())
    for position, question in enumerate(questions[: round(len(questions) * share_answered)]):
        ranked = sorted(question.options, key=lambda o: o.score)
        # Mostly around the chosen quality, with some spread and a few "Je ne sais pas".
        rank = round(quality * (len(ranked) - 1)) + (position % 3) - 1
        answers[question.id] = (
            UNKNOWN
            if position % 9 == 4 and question.allow_unknown
            else ranked[min(max(rank, 0), len(ranked) - 1)].key
        )
    save_answers(session, user.id, assessment.id, answers)
    return assessment.id


def save_answers(
    session: Session, user_id: int, assessment_id: int, answers: dict[str, str]
) -> None:
    """Record demo answers (question id to value) as their author, overwriting any."""
    for question_id, value in answers.items():
        assessments.save_answer(
            session,
            actor_id=user_id,
            assessment_id=assessment_id,
            question_id=question_id,
            value=value,
            comment=None,
            expected_revision=None,
        )


def _links(session: Session) -> None:
    with write_transaction(session):
        for provider_email, sme_email, share, days in LINKS:
            provider = session.scalar(select(User).filter_by(email=provider_email))
            sme = session.scalar(select(User).filter_by(email=sme_email))
            if (
                provider is None
                or sme is None
                or session.scalar(
                    select(ClientLink.id).filter_by(
                        provider_id=provider.organization_id, sme_id=sme.organization_id
                    )
                )
            ):
                continue
            moment = utcnow() - timedelta(days=days)
            session.add(
                ClientLink(
                    provider_id=provider.organization_id,
                    sme_id=sme.organization_id,
                    source=LinkSource.INVITATION,
                    share_results=share,
                    share_changed_at=moment,
                    created_at=moment,
                )
            )
