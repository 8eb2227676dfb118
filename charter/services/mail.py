"""Sending e-mail through the outbox: one function to send, one command to deliver.

``send_email`` renders a message (``templates/email/<name>.txt`` and ``.html``) and writes it to
the ``outgoing_mail`` table: inside the caller's :func:`~charter.db.write_transaction` when there
is one (the change and its mail commit together, or neither does), in a transaction of its own
otherwise. Once committed, the message is delivered at once unless it was queued as ``bulk``;
whatever could not be delivered waits for ``flask --app charter charter send-mail`` (a timer or
``--loop``), which retries with a growing delay. A mail-server outage therefore delays mail and
never fails the request that caused it.

Backends: ``smtp`` in production; ``outbox`` in development and tests, which writes each message
to ``instance/outbox/`` (or ``OUTBOX_DIR``) as an ``.eml`` file, delivered at once even in bulk,
so that a ``make run`` user can open verification links without a second command.

Who calls this: services (``send_email``); the ``send-mail`` command and the Region's mail page
(``deliver_due``, ``retry``).
"""

from __future__ import annotations

import secrets
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any

from flask import current_app, render_template
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from charter.db import after_commit, in_write_transaction, utcnow, write_transaction
from charter.extensions import db
from charter.models import MailStatus, OutgoingMail
from charter.services import audit
from charter.services.mail_transport import CredentialsInClear, outbox_dir, smtp_connection
from charter.services.pages import Page, page_of


def send_email(
    to: str, subject: str, template: str, *, bulk: bool = False, **context: Any
) -> EmailMessage:
    """Render ``templates/email/<template>`` for ``to`` and put it in the outbox.

    Every message says why it was sent: the templates end with the shared footer. ``bulk``
    messages (one per signatory when a charter version is published...) wait for the sender
    instead of being delivered within the request. Never raises for a mail-server problem.
    """
    message = render_message(to, subject, template, **context)
    session = db.session()
    if in_write_transaction(session):
        _queue(session, message, template, bulk)
    else:
        with write_transaction(session):
            _queue(session, message, template, bulk)
    return message


def render_message(to: str, subject: str, template: str, **context: Any) -> EmailMessage:
    """The complete message, text and HTML parts, as the recipient will receive it."""
    context.setdefault("site_name", current_app.config["SITE_NAME"])
    message = EmailMessage()
    message["Subject"] = f"{subject} — {current_app.config['SITE_NAME']}"
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="charte-cyber.normandie")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(render_template(f"email/{template}.txt", **context))
    message.add_alternative(render_template(f"email/{template}.html", **context), subtype="html")
    return message


def _queue(session: Session, message: EmailMessage, template: str, bulk: bool) -> None:
    row = OutgoingMail(
        template=template,
        recipient=str(message["To"]),
        subject=str(message["Subject"])[:300],
        message=bytes(message),
        status=MailStatus.PENDING,
        next_attempt_at=utcnow(),
    )
    session.add(row)
    session.flush()
    if not bulk or current_app.config["MAIL_BACKEND"] != "smtp":
        mail_id = row.id
        after_commit(session, lambda: deliver_due(session, ids=(mail_id,)))


# --------------------------------------------------------------------------- delivery


@dataclass
class DeliveryReport:
    """What one run of the sender did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    interrupted: int = 0
    errors: list[str] = field(default_factory=list)


def deliver_due(
    session: Session, *, now: datetime | None = None, limit: int = 100, ids: Sequence[int] = ()
) -> DeliveryReport:
    """Deliver the messages that are due (or only ``ids``, if they are due), over one
    connection to the mail server. Safe to run from several processes at once: each message
    is claimed before it is sent, and a claimed message is never sent by anyone else.

    Who calls this: ``charter send-mail``, and ``send_email`` right after its commit.
    """
    now = now or utcnow()
    report = DeliveryReport()
    if not ids:  # the sender's pass, not the delivery right after a request's commit
        report.interrupted = _give_up_interrupted(session, now)
    claimed = _claim(session, now, limit, ids)
    if not claimed:
        return report
    config = current_app.config
    if config["MAIL_BACKEND"] == "outbox":
        for mail in claimed:
            _write_outbox(mail)
            _mark_sent(session, mail.id)
            report.sent += 1
        return report
    if config["MAIL_BACKEND"] != "smtp":
        raise ValueError(f"unknown MAIL_BACKEND {config['MAIL_BACKEND']!r}")
    remaining = list(claimed)
    try:
        with smtp_connection() as smtp:
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            while remaining:
                mail = remaining[0]
                try:
                    smtp.sendmail(_sender_address(), [mail.recipient], mail.message or b"")
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
                    # This message is refused (unknown mailbox, rejected content): retrying it
                    # is pointless, the others may still go.
                    remaining.pop(0)
                    _record_failure(session, mail, error, now, final=_permanent(error))
                    report.failed += 1
                    report.errors.append(_describe(error))
                    continue
                remaining.pop(0)
                _mark_sent(session, mail.id)
                report.sent += 1
    except (smtplib.SMTPException, OSError, CredentialsInClear) as error:
        # The server is unreachable or dropped the connection: every message not yet accepted
        # goes back to the queue with a longer delay.
        report.errors.append(_describe(error))
        current_app.logger.error("mail server unavailable: %s", _describe(error))
        for mail in remaining:
            if _record_failure(session, mail, error, now, final=False):
                report.failed += 1
            else:
                report.retried += 1
    return report


def _claim(session: Session, now: datetime, limit: int, ids: Sequence[int]) -> list[_Claimed]:
    token = secrets.token_hex(16)
    with write_transaction(session):
        due = (
            select(OutgoingMail.id)
            .where(OutgoingMail.status == MailStatus.PENDING, OutgoingMail.next_attempt_at <= now)
            .order_by(OutgoingMail.next_attempt_at, OutgoingMail.id)
            .limit(limit)
        )
        if ids:
            due = due.where(OutgoingMail.id.in_(ids))
        chosen = list(session.scalars(due))
        if not chosen:
            return []
        # The status test again in the UPDATE: a concurrent sender that claimed a row first
        # makes this one skip it (PostgreSQL re-checks the condition after the row lock).
        session.execute(
            update(OutgoingMail)
            .where(OutgoingMail.id.in_(chosen), OutgoingMail.status == MailStatus.PENDING)
            .values(status=MailStatus.SENDING, claim=token, claimed_at=now)
            .execution_options(synchronize_session=False)
        )
    rows = session.execute(
        select(
            OutgoingMail.id,
            OutgoingMail.template,
            OutgoingMail.recipient,
            OutgoingMail.message,
            OutgoingMail.attempts,
        )
        .where(OutgoingMail.claim == token)
        .order_by(OutgoingMail.id)
    ).all()
    return [_Claimed(*row) for row in rows]


@dataclass(frozen=True)
class _Claimed:
    """A claimed message, read once: plain values that outlive the claiming transaction."""

    id: int
    template: str
    recipient: str
    message: bytes | None
    attempts: int


def _give_up_interrupted(session: Session, now: datetime) -> int:
    """Messages claimed long ago and never marked: the sender stopped while talking to the
    server, which may have accepted them. Sending again could send twice, so they are marked
    failed for an administrator to look at (and resend if the recipient says so)."""
    stale = now - timedelta(minutes=current_app.config["MAIL_CLAIM_MINUTES"])
    with write_transaction(session):
        result = session.execute(
            update(OutgoingMail)
            .where(OutgoingMail.status == MailStatus.SENDING, OutgoingMail.claimed_at < stale)
            .values(status=MailStatus.FAILED, claim=None, last_error="envoi interrompu")
            .execution_options(synchronize_session=False)
        )
    return int(getattr(result, "rowcount", 0) or 0)


def _mark_sent(session: Session, mail_id: int) -> None:
    """Accepted by the server: the body (which may hold a link with a token) is erased."""
    with write_transaction(session):
        session.execute(
            update(OutgoingMail)
            .where(OutgoingMail.id == mail_id)
            .values(status=MailStatus.SENT, sent_at=utcnow(), claim=None, message=None)
            .execution_options(synchronize_session=False)
        )


def _record_failure(
    session: Session, mail: _Claimed, error: BaseException, now: datetime, *, final: bool
) -> bool:
    """Count an attempt; schedule the next one, or give up. Returns whether it gave up."""
    config = current_app.config
    attempts = mail.attempts + 1
    final = final or attempts >= config["MAIL_MAX_ATTEMPTS"]
    delay = min(
        config["MAIL_RETRY_SECONDS"] * 2 ** (attempts - 1), config["MAIL_RETRY_MAX_SECONDS"]
    )
    with write_transaction(session):
        session.execute(
            update(OutgoingMail)
            .where(OutgoingMail.id == mail.id)
            .values(
                status=MailStatus.FAILED if final else MailStatus.PENDING,
                attempts=attempts,
                next_attempt_at=now + timedelta(seconds=delay),
                claim=None,
                last_error=_describe(error)[:120],
            )
            .execution_options(synchronize_session=False)
        )
    current_app.logger.warning(
        "e-mail '%s' #%s not sent (attempt %s): %s", mail.template, mail.id, attempts,
        _describe(error),
    )  # fmt: skip
    return final


def _permanent(error: BaseException) -> bool:
    """A 5xx answer is the server's final word on this message; 4xx means try later."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    code = getattr(error, "smtp_code", None)
    return isinstance(code, int) and 500 <= code < 600


def _describe(error: BaseException) -> str:
    """The error's class and code: the server's text often quotes the recipient's address."""
    code = getattr(error, "smtp_code", None) or getattr(error, "errno", None)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code = ",".join(str(c) for c, _text in error.recipients.values())
    return f"{type(error).__name__} {code or ''}".strip()


def _sender_address() -> str:
    return parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]


def retry(session: Session, mail_id: int, actor_id: int) -> bool:
    """Put a failed message back in the queue, due now. Region administrators only (the view
    checks); recorded in the audit log. Returns False if it is not (or no longer) failed or
    its body is gone."""
    with write_transaction(session):
        mail = session.get(OutgoingMail, mail_id)
        if mail is None or mail.status != MailStatus.FAILED or mail.message is None:
            return False
        mail.status = MailStatus.PENDING
        mail.next_attempt_at = utcnow()
        mail.attempts = 0
        audit.record(
            session,
            "mail.retried",
            actor_id=actor_id,
            target_type="outgoing_mail",
            target_id=mail.id,
            details={"template": mail.template},
        )
    return True


def failed_mail(session: Session, page: int, per_page: int = 50) -> Page[OutgoingMail]:
    """Messages given up on, newest first, for the Region administrators' page."""
    return page_of(
        session,
        select(OutgoingMail)
        .where(OutgoingMail.status == MailStatus.FAILED)
        .order_by(OutgoingMail.created_at.desc(), OutgoingMail.id.desc()),
        page,
        per_page,
    )


def queue_figures(session: Session) -> dict[str, int]:
    """How many messages are in each state (the Region's mail page, the readiness check)."""
    rows = session.execute(
        select(OutgoingMail.status, func.count()).group_by(OutgoingMail.status)
    ).all()
    figures = {status.value: 0 for status in MailStatus}
    figures.update({MailStatus(status).value: count for status, count in rows})
    return figures


def _write_outbox(mail: _Claimed) -> None:
    folder = outbox_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    path = folder / f"{stamp}-{mail.id:06d}-{mail.template}.eml"
    path.write_bytes(mail.message or b"")
    current_app.logger.info("e-mail '%s' written to %s", mail.template, path)
