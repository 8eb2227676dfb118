"""Follow-up mails after an SME's diagnosis: six and twelve months later (configurable).

Sent by ``flask --app charter charter send-reminders`` with the signature reminders. For each
organisation's latest SME diagnosis, the milestone due today (``FOLLOW_UP_MONTHS``, see
``charter.core.plan_tracking.due_follow_up``) is first claimed in ``follow_up_reminder``,
unique per diagnosis and milestone, then e-mailed to the members who did not opt out: their
six priorities with the status they gave them, and links to re-assess and to the plan. A
claim whose mail fails is released, so the next run tries again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from charter.core.audience import Audience
from charter.core.plan_tracking import NOT_STARTED, STATE_LABELS, add_months, due_follow_up
from charter.db import end_read_transaction, write_transaction
from charter.models import (
    Assessment,
    AssessmentStatus,
    FollowUpReminder,
    Organization,
    QuestionnaireVersion,
    User,
)
from charter.services import audit
from charter.services.assessments import frozen_result
from charter.services.dates import local_date, today
from charter.services.mail import send_email
from charter.services.plan_tracking import latest_diagnosis, progress_of

log = logging.getLogger(__name__)


@dataclass
class FollowUpReport:
    """What one run did: (assessment id, months, people e-mailed) per mail, and failures."""

    sent: list[tuple[int, int, int]] = field(default_factory=list)
    failed: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _Person:
    email: str
    name: str


def send_follow_ups(session: Session, day: date | None = None) -> FollowUpReport:
    """Send every follow-up mail due on ``day`` (today by default) that was not sent before.

    Called by the ``send-reminders`` command (cron) and tests.
    """
    day = day or today()
    milestones = tuple(int(m) for m in current_app.config["FOLLOW_UP_MONTHS"])
    window = int(current_app.config["FOLLOW_UP_WINDOW_DAYS"])
    report = FollowUpReport()
    for assessment_id, months in _due(session, day, milestones, window):
        if not _claim(session, assessment_id, months):
            continue  # another run claimed it first
        try:
            people = _send(session, assessment_id, months)
        except Exception as error:  # report and carry on with the next organisation
            log.exception("follow-up %s for assessment %s failed", months, assessment_id)
            _release(session, assessment_id, months, type(error).__name__)
            report.failed.append((assessment_id, months, type(error).__name__))
        else:
            report.sent.append((assessment_id, months, people))
    return report


def _due(
    session: Session, day: date, milestones: tuple[int, ...], window: int
) -> list[tuple[int, int]]:
    """(assessment id, months) of the follow-ups due on ``day``, latest diagnoses only."""
    latest = (
        select(Assessment.organization_id, func.max(Assessment.submitted_at).label("at"))
        .join(QuestionnaireVersion)
        .where(
            Assessment.status == AssessmentStatus.SUBMITTED,
            QuestionnaireVersion.audience == Audience.SME,
        )
        .group_by(Assessment.organization_id)
        .subquery()
    )
    rows = session.execute(
        select(Assessment.id, Assessment.submitted_at)
        .join(QuestionnaireVersion)
        .join(
            latest,
            (latest.c.organization_id == Assessment.organization_id)
            & (latest.c.at == Assessment.submitted_at),
        )
        .where(QuestionnaireVersion.audience == Audience.SME)
    ).all()
    sent = set(session.execute(select(FollowUpReminder.assessment_id, FollowUpReminder.months)))
    due = []
    for assessment_id, submitted_at in rows:
        if submitted_at is None:
            continue
        months = due_follow_up(local_date(submitted_at), day, milestones, window)
        if months is not None and (assessment_id, months) not in sent:
            due.append((assessment_id, months))
    end_read_transaction(session)  # each claim then takes its own write lock
    return due


def _claim(session: Session, assessment_id: int, months: int, actor_id: int | None = None) -> bool:
    """Record the follow-up as sent; False when it was already recorded."""
    try:
        with write_transaction(session):
            session.add(
                FollowUpReminder(assessment_id=assessment_id, months=months, sent_by_id=actor_id)
            )
            session.flush()
            audit.record(
                session,
                "assessment.follow_up_sent",
                actor_id=actor_id,
                target_type="assessment",
                target_id=assessment_id,
                details={"months": months},
            )
        return True
    except IntegrityError:
        return False


def _release(session: Session, assessment_id: int, months: int, error: str) -> None:
    """Forget a claim whose e-mail could not be sent, so that the next run tries again."""
    with write_transaction(session):
        audit.record(
            session,
            "assessment.follow_up_failed",
            actor_id=None,
            target_type="assessment",
            target_id=assessment_id,
            details={"months": months, "error": error},
        )
        session.execute(
            FollowUpReminder.__table__.delete().where(
                FollowUpReminder.assessment_id == assessment_id,
                FollowUpReminder.months == months,
            )
        )


#: ``follow_up_reminder.months`` of the reminder a provider sends by hand: one per diagnosis.
PROVIDER_REMINDER = 0


def is_due(submitted_at: datetime, day: date) -> bool:
    """Whether a diagnosis is due for a follow-up: its first milestone (6 months) has passed.

    The provider's portfolio shows such clients; called in a request (configuration).
    """
    first = min(int(m) for m in current_app.config["FOLLOW_UP_MONTHS"])
    return add_months(local_date(submitted_at), first) <= day


def send_provider_reminder(
    session: Session, *, actor_id: int, provider_id: int, sme_id: int
) -> int | None:
    """A provider reminds a consenting client, due for a follow-up, to re-assess.

    One per diagnosis (recorded in ``follow_up_reminder`` and the audit log): returns how many
    people were e-mailed, or None when the client does not share, is not due, or was already
    reminded about this diagnosis. The caller checks that the actor belongs to the provider.
    """
    from charter.services.clients import sharing_link  # clients build on assessments

    if sharing_link(session, provider_id, sme_id) is None:
        return None
    latest = latest_diagnosis(session, sme_id)
    if latest is None or latest.submitted_at is None or not is_due(latest.submitted_at, today()):
        return None
    assessment_id = latest.id
    provider = session.get(Organization, provider_id)
    provider_name = provider.name if provider is not None else None
    end_read_transaction(session)
    if not _claim(session, assessment_id, PROVIDER_REMINDER, actor_id):
        return None
    try:
        return _send(session, assessment_id, PROVIDER_REMINDER, provider_name)
    except Exception as error:
        _release(session, assessment_id, PROVIDER_REMINDER, type(error).__name__)
        raise


def already_reminded(session: Session, assessment_id: int) -> bool:
    """Whether a provider already sent its reminder about this diagnosis."""
    return (
        session.scalar(
            select(FollowUpReminder.id).where(
                FollowUpReminder.assessment_id == assessment_id,
                FollowUpReminder.months == PROVIDER_REMINDER,
            )
        )
        is not None
    )


def _send(
    session: Session, assessment_id: int, months: int, provider_name: str | None = None
) -> int:
    """E-mail the organisation's members who want follow-ups; returns how many.

    ``months`` 0 is a provider's reminder: the mail says how long ago and who asks."""
    assessment = session.get(Assessment, assessment_id)
    assert assessment is not None and assessment.submitted_at is not None
    organization: Organization = assessment.organization
    progress = progress_of(session, organization.id)
    priorities = [
        (entry.title, _(STATE_LABELS[progress.get(entry.measure_id, NOT_STARTED).state]))
        for entry in frozen_result(assessment).priorities
    ]
    people = [
        _Person(email, name)
        for email, name in session.execute(
            select(User.email, User.full_name)
            .where(
                User.organization_id == organization.id,
                User.active.is_(True),
                User.email_verified_at.is_not(None),
                User.follow_up_emails.is_(True),
            )
            .order_by(User.id)
        )
    ]
    if months == PROVIDER_REMINDER:
        months = max(1, (today() - local_date(assessment.submitted_at)).days * 12 // 365)
    context = {
        "organization": organization.name,
        "provider": provider_name,
        "months": months,
        "submitted_at": assessment.submitted_at,
        "title": assessment.questionnaire_version.title,
        "priorities": priorities,
        "reassess_link": url_for("sme.assessment_new", _external=True),
        "plan_link": url_for("sme.plan", _external=True),
        "account_link": url_for("account.overview", _external=True),
        "reason": _(
            "votre entreprise a fait un diagnostic il y a %(months)d mois ; vous pouvez "
            "désactiver ces rappels depuis votre compte",
            months=months,
        )
        if provider_name is None
        else _(
            "votre prestataire %(provider)s, avec qui votre entreprise partage ses résultats, "
            "vous propose de refaire le diagnostic ; vous pouvez désactiver ces rappels depuis "
            "votre compte",
            provider=provider_name,
        ),
    }
    end_read_transaction(session)
    subject = _("%(months)d mois après votre diagnostic : où en êtes-vous ?", months=months)
    for person in people:
        send_email(person.email, subject, "follow_up", name=person.name, **context)
    return len(people)
