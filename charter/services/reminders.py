"""Expiry reminders, sent by ``flask --app charter charter send-reminders`` (daily, from cron).

For each active signature, the reminder due today (60, 30 or 7 days before its last valid
day, see ``charter.core.signatures.due_reminder``) is first claimed in the database, then
e-mailed to the company's members. The claim is unique per signature and step, so running the
command twice, or on two hosts at once, sends nothing twice. A company that has already signed
again (a newer signature awaits the Region) is not reminded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from flask import current_app, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from charter.core.signatures import due_reminder
from charter.db import end_read_transaction, write_transaction
from charter.models import Signature, SignatureReminder, SignatureStatus
from charter.services import audit
from charter.services.charters import current_version, last_valid_day
from charter.services.dates import today
from charter.services.mail import send_email
from charter.services.organizations import Recipient, recipients

log = logging.getLogger(__name__)


@dataclass
class ReminderReport:
    """What one run did: (signature id, days before, number of people e-mailed) per reminder."""

    sent: list[tuple[int, int, int]] = field(default_factory=list)
    failed: list[tuple[int, int, str]] = field(default_factory=list)


def send_reminders(session: Session, day: date | None = None) -> ReminderReport:
    """Send every reminder due on ``day`` (today by default) that was not sent before."""
    day = day or today()
    schedule = tuple(int(d) for d in current_app.config["SIGNATURE_REMINDER_DAYS"])
    report = ReminderReport()
    for signature_id, due, last_day in _due(session, day, schedule):
        claimed = _claim(session, signature_id, due, last_day)
        if claimed is None:
            continue  # another run claimed it first
        people, outdated = claimed
        try:
            _send(people, due, last_day, outdated)
        except Exception as error:  # report and carry on with the next company
            log.exception("reminder %s for signature %s failed", due, signature_id)
            _release(session, signature_id, due, type(error).__name__)
            report.failed.append((signature_id, due, type(error).__name__))
        else:
            report.sent.append((signature_id, due, len(people)))
    return report


def _due(session: Session, day: date, schedule: tuple[int, ...]) -> list[tuple[int, int, date]]:
    """(signature id, step, last valid day) of the reminders due on ``day``."""
    active = session.scalars(
        select(Signature)
        .options(joinedload(Signature.charter_version))
        .where(Signature.status == SignatureStatus.ACTIVE)
    ).all()
    waiting = set(
        session.scalars(
            select(Signature.organization_id).where(Signature.status == SignatureStatus.PENDING)
        )
    )
    sent: dict[int, set[int]] = {}
    for signature_id, sent_step in session.execute(
        select(SignatureReminder.signature_id, SignatureReminder.days_before)
    ):
        sent.setdefault(signature_id, set()).add(sent_step)
    due_list = []
    for signature in active:
        last_day = last_valid_day(signature)
        if last_day is None or signature.organization_id in waiting:
            continue
        step = due_reminder(last_day, day, sent.get(signature.id, ()), schedule)
        if step is not None:
            due_list.append((signature.id, step, last_day))
    end_read_transaction(session)  # each claim then takes its own write lock
    return due_list


def _claim(
    session: Session, signature_id: int, step: int, last_day: date
) -> tuple[list[Recipient], bool] | None:
    """Record the reminder as sent; None when another run has already recorded it."""
    try:
        with write_transaction(session):
            signature = session.get(Signature, signature_id)
            if signature is None or signature.status is not SignatureStatus.ACTIVE:
                return None
            session.add(
                SignatureReminder(
                    signature_id=signature_id, days_before=step, last_valid_day=last_day
                )
            )
            session.flush()
            audit.record(
                session,
                "signature.reminder_sent",
                actor_id=None,
                target_type="signature",
                target_id=signature_id,
                details={"days_before": step, "last_valid_day": last_day.isoformat()},
            )
            current = current_version(session)
            outdated = current is not None and signature.charter_version_id != current.id
            return recipients(session, [signature.organization_id]), outdated
    except IntegrityError:
        return None


def _release(session: Session, signature_id: int, step: int, error: str) -> None:
    """Forget a claim whose e-mail could not be sent, so that the next run tries again."""
    with write_transaction(session):
        audit.record(
            session,
            "signature.reminder_failed",
            actor_id=None,
            target_type="signature",
            target_id=signature_id,
            details={"days_before": step, "error": error},
        )
        session.execute(
            SignatureReminder.__table__.delete().where(
                SignatureReminder.signature_id == signature_id,
                SignatureReminder.days_before == step,
            )
        )


def _send(people: list[Recipient], step: int, last_day: date, outdated: bool) -> None:
    subject = (
        _(
            "Signez la nouvelle version de la charte avant le %(day)s",
            day=format_date(last_day, format="long"),
        )
        if outdated
        else _("Votre signature de la charte arrive à échéance")
    )
    for person in people:
        send_email(
            person.email,
            subject,
            "signature_reminder",
            name=person.name,
            organization=person.organization_name,
            days=step,
            last_valid_day=last_day,
            outdated=outdated,
            link=url_for("provider.sign", _external=True),
            reason=_(
                "votre entreprise a signé la charte et sa signature arrive à échéance dans "
                "%(days)d jours ou moins",
                days=step,
            ),
        )
