"""The Region's requests for changes: opened with a deadline, answered by the company in the
application, closed by the Region; each one keeps its thread with the signatory.

- ``open_request`` is called by ``region_decisions.decide`` (the « Demander des modifications »
  decision), inside its transaction, next to the audit event;
- ``answer`` is called by the provider's pages (a message, « c'est fait »);
- ``region_reply`` by the Region's signatory pages (a message, and closing the request);
- ``send_reminders`` by ``charter send-reminders`` (days before the deadline, each step once);
- ``list_states`` and ``filter_clause`` by the Region's compliance list.

Access is the caller's business: every function that takes an ``organization_id`` acts only on
that organisation's requests (another organisation's id is "not found").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import current_app, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import and_, exists, select, update
from sqlalchemy.orm import Session, selectinload

from charter.core import change_requests as rules
from charter.db import end_read_transaction, utcnow, write_transaction
from charter.models import ChangeRequest, ChangeRequestMessage, ChangeRequestStatus, User
from charter.services import audit, personal_data
from charter.services.dates import today
from charter.services.mail import send_email
from charter.services.organizations import recipients

log = logging.getLogger(__name__)

MESSAGE_MAX = 4000
_NOT_CLOSED = (ChangeRequestStatus.OPEN, ChangeRequestStatus.ANSWERED)


class RequestClosed(Exception):
    """The request is closed: nothing more can be added to it."""


# ------------------------------------------------------------------------------ reading


def for_organization(session: Session, organization_id: int) -> list[ChangeRequest]:
    """The organisation's requests with their threads, open ones first, newest first."""
    found = session.scalars(
        select(ChangeRequest)
        .options(selectinload(ChangeRequest.messages))
        .where(ChangeRequest.organization_id == organization_id)
        .order_by(ChangeRequest.created_at.desc(), ChangeRequest.id.desc())
    ).all()
    return sorted(found, key=lambda r: r.status is ChangeRequestStatus.CLOSED)


def organization_request(
    session: Session, organization_id: int, request_id: int
) -> ChangeRequest | None:
    """A request of this organisation, or None (another organisation's id does not exist)."""
    found = session.get(ChangeRequest, request_id)
    if found is None or found.organization_id != organization_id:
        return None
    return found


def is_overdue(request: ChangeRequest, day: date | None = None) -> bool:
    """Whether ``request`` is late on ``day`` (today by default)."""
    return rules.is_overdue(
        request.deadline,
        day or today(),
        closed=request.status is ChangeRequestStatus.CLOSED,
        done=request.done_at is not None,
    )


def _overdue_clause(day: date) -> Any:
    return and_(ChangeRequest.done_at.is_(None), ChangeRequest.deadline < day)


def filter_clause(kind: str, organization_column: Any, day: date | None = None) -> Any:
    """A WHERE clause keeping organisations with a request in progress (``en_cours``) or an
    overdue one (``en_retard``); ``organization_column`` is the list's organisation id."""
    clause = and_(
        ChangeRequest.organization_id == organization_column,
        ChangeRequest.status.in_(_NOT_CLOSED),
    )
    if kind == "en_retard":
        clause = and_(clause, _overdue_clause(day or today()))
    return exists().where(clause)


def list_states(
    session: Session, organization_ids: list[int], day: date | None = None
) -> dict[int, str]:
    """``en_retard`` or ``en_cours`` per organisation with a request not closed (one query)."""
    if not organization_ids:
        return {}
    day = day or today()
    states: dict[int, str] = {}
    for request in session.scalars(
        select(ChangeRequest).where(
            ChangeRequest.organization_id.in_(organization_ids),
            ChangeRequest.status.in_(_NOT_CLOSED),
        )
    ):
        if is_overdue(request, day):
            states[request.organization_id] = "en_retard"
        else:
            states.setdefault(request.organization_id, "en_cours")
    return states


# ------------------------------------------------------------------------------ writing


def open_request(
    session: Session, organization_id: int, actor_id: int, reason: str, deadline: date
) -> ChangeRequest:
    """Record a request for changes (its first message is the officer's reason) in the
    caller's write transaction. Called by ``region_decisions.decide``."""
    request = ChangeRequest(
        organization_id=organization_id,
        opened_by_id=actor_id,
        reason=reason,
        deadline=deadline,
        status=ChangeRequestStatus.OPEN,
    )
    request.messages.append(ChangeRequestMessage(author_id=actor_id, side="region", body=reason))
    session.add(request)
    session.flush()
    return request


def answer(
    session: Session,
    *,
    organization_id: int,
    request_id: int,
    actor_id: int,
    body: str,
    done: bool,
) -> ChangeRequest:
    """The company answers a request (a message, and « c'est fait » when ``done``); the
    officer who opened it is told by e-mail. Called by the provider's pages.

    Raises ``LookupError`` (not this organisation's request), ``ValueError`` (empty message
    without « c'est fait ») or :class:`RequestClosed`.
    """
    body = body.strip()[:MESSAGE_MAX]
    if not body and not done:
        raise ValueError("an answer needs a message")
    with write_transaction(session):
        request = organization_request(session, organization_id, request_id)
        if request is None:
            raise LookupError(request_id)
        if request.status is ChangeRequestStatus.CLOSED:
            raise RequestClosed(request_id)
        request.messages.append(
            ChangeRequestMessage(
                author_id=actor_id,
                side="provider",
                body=body or _("C'est fait."),
                done=done,
            )
        )
        request.status = ChangeRequestStatus.ANSWERED
        if done:
            request.done_at = utcnow()
        audit.record(
            session,
            "change_request.answered",
            actor_id=actor_id,
            target_type="organization",
            target_id=organization_id,
            details={"request_id": request.id, "done": done},
        )
        officer = session.get(User, request.opened_by_id) if request.opened_by_id else None
        if officer is not None and officer.active:
            send_email(
                officer.email,
                _("Réponse à votre demande de modifications"),
                "change_request_answered",
                name=officer.full_name,
                organization=request.organization.name if request.organization else "",
                message=body,
                done=done,
                link=url_for(
                    "region.change_request",
                    organization_id=organization_id,
                    request_id=request.id,
                    _external=True,
                ),
                reason=_("vous avez envoyé cette demande au nom de la Région"),
            )
    return request


def region_reply(
    session: Session,
    *,
    organization_id: int,
    request_id: int,
    actor_id: int,
    body: str,
    close: bool,
) -> ChangeRequest:
    """The Region answers in the thread and, with ``close``, closes the request; a reply that
    does not close hands the request back to the company (its « c'est fait » is withdrawn).
    The company's members are told by e-mail. Called by the Region's signatory pages.

    Raises ``LookupError``, ``ValueError`` (empty message without closing), RequestClosed.
    """
    body = body.strip()[:MESSAGE_MAX]
    if not body and not close:
        raise ValueError("a reply needs a message")
    with write_transaction(session):
        request = organization_request(session, organization_id, request_id)
        if request is None:
            raise LookupError(request_id)
        if request.status is ChangeRequestStatus.CLOSED:
            raise RequestClosed(request_id)
        if body:
            request.messages.append(
                ChangeRequestMessage(author_id=actor_id, side="region", body=body)
            )
        if close:
            request.status = ChangeRequestStatus.CLOSED
            request.closed_at = utcnow()
            request.closed_by_id = actor_id
        else:
            request.status = ChangeRequestStatus.OPEN
            request.done_at = None
        audit.record(
            session,
            "change_request.closed" if close else "change_request.replied",
            actor_id=actor_id,
            target_type="organization",
            target_id=organization_id,
            details={"request_id": request.id},
        )
        link = url_for("provider.change_request", request_id=request.id, _external=True)
        for person in recipients(session, [organization_id]):
            send_email(
                person.email,
                _("La Région a clos sa demande de modifications")
                if close
                else _("La Région a répondu à votre message"),
                "change_request_reply",
                name=person.name,
                organization=person.organization_name,
                message=body,
                closed=close,
                link=link,
                reason=_("vous êtes membre d'une entreprise signataire de la charte"),
            )
    return request


# ---------------------------------------------------------------------------- reminders


@dataclass
class RequestReminderReport:
    """What one run did: (request id, days before, number of people e-mailed)."""

    sent: list[tuple[int, int, int]] = field(default_factory=list)
    failed: list[tuple[int, int, str]] = field(default_factory=list)


def send_reminders(session: Session, day: date | None = None) -> RequestReminderReport:
    """E-mail the companies whose request's deadline is near (each step once: the step is
    claimed by a conditional update before the e-mail is queued, so two runs never both send).
    Called by ``charter send-reminders``."""
    day = day or today()
    schedule = tuple(int(d) for d in current_app.config["CHANGE_REQUEST_REMINDER_DAYS"])
    due = []
    for request in session.scalars(
        select(ChangeRequest).where(
            ChangeRequest.status.in_(_NOT_CLOSED), ChangeRequest.done_at.is_(None)
        )
    ):
        step = rules.due_reminder(request.deadline, day, request.reminded_days, schedule)
        if step is not None:
            due.append((request.id, request.organization_id, request.deadline, step))
    end_read_transaction(session)
    report = RequestReminderReport()
    for request_id, organization_id, deadline, step in due:
        try:
            people = _claim_and_send(session, request_id, organization_id, deadline, step)
        except Exception as error:  # report and carry on with the next request
            log.exception("reminder %s for change request %s failed", step, request_id)
            report.failed.append((request_id, step, type(error).__name__))
        else:
            if people is not None:
                report.sent.append((request_id, step, people))
    return report


def _claim_and_send(
    session: Session, request_id: int, organization_id: int, deadline: date, step: int
) -> int | None:
    with write_transaction(session):
        claimed = session.execute(
            update(ChangeRequest)
            .where(
                ChangeRequest.id == request_id,
                ChangeRequest.status.in_(_NOT_CLOSED),
                ChangeRequest.done_at.is_(None),
                (ChangeRequest.reminded_days.is_(None)) | (ChangeRequest.reminded_days > step),
            )
            .values(reminded_days=step)
            .execution_options(synchronize_session=False)
        )
        if getattr(claimed, "rowcount", 0) != 1:
            return None
        audit.record(
            session,
            "change_request.reminder_sent",
            actor_id=None,
            target_type="organization",
            target_id=organization_id,
            details={"request_id": request_id, "days_before": step},
        )
        people = recipients(session, [organization_id])
        link = url_for("provider.change_request", request_id=request_id, _external=True)
        for person in people:
            send_email(
                person.email,
                _(
                    "Demande de la Région : à traiter avant le %(day)s",
                    day=format_date(deadline, format="long"),
                ),
                "change_request_reminder",
                name=person.name,
                organization=person.organization_name,
                deadline=deadline,
                link=link,
                reason=_("vous êtes membre d'une entreprise signataire de la charte"),
            )
        return len(people)


# -------------------------------------------------------------------------- personal data


@personal_data.section("change_request_messages")
def _written_by(session: Session, user: User) -> list[dict[str, Any]]:
    """The messages this person wrote in requests for changes (either side)."""
    rows = session.scalars(
        select(ChangeRequestMessage)
        .where(ChangeRequestMessage.author_id == user.id)
        .order_by(ChangeRequestMessage.id)
    )
    return [
        {"written_at": m.created_at, "side": m.side, "message": m.body, "done": m.done}
        for m in rows
    ]
