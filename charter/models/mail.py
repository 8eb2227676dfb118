"""The outbox: every e-mail the service sends is first a row here (issue 22).

A change and the mail it causes are written in the same transaction, so a mail is never sent
for a change that was rolled back, and never lost for one that was committed. The sender
(``charter send-mail``) claims due rows before it talks to the mail server, so that a message is
never sent twice; a message whose delivery was interrupted is not retried blindly but marked
failed for an administrator to look at.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from charter.db import UTCDateTime, utcnow
from charter.extensions import db
from charter.models.types import enum_column


class MailStatus(enum.StrEnum):
    """Where a message is in its life."""

    PENDING = "pending"  # due at next_attempt_at
    SENDING = "sending"  # claimed by a sender, which is talking to the mail server
    SENT = "sent"  # accepted by the mail server (its body is then erased)
    FAILED = "failed"  # given up: too many refusals, or a delivery interrupted mid-way


class OutgoingMail(db.Model):
    """One message: its rendered bytes until it is sent, and the story of its attempts.

    ``last_error`` holds the error's class and SMTP code only, never the server's text, which
    often quotes the recipient's address.
    """

    __tablename__ = "outgoing_mail"
    __table_args__ = (Index("ix_outgoing_mail_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template: Mapped[str] = mapped_column(String(80))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    message: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[MailStatus] = mapped_column(enum_column(MailStatus), default=MailStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim: Mapped[str | None] = mapped_column(String(32))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(120))
