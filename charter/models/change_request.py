"""The Region's requests for changes to a signatory and their threads; the signing draft."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from charter.db import UTCDateTime, utcnow
from charter.extensions import db
from charter.models.types import enum_column

if TYPE_CHECKING:
    from charter.models.organization import Organization
    from charter.models.user import User


class ChangeRequestStatus(enum.StrEnum):
    """Where a request stands: waiting for the company, answered (the Region's turn), closed."""

    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


class ChangeRequest(db.Model):
    """A request for changes sent by a Region officer to a signatory, with its deadline.

    Kept with the organisation (the thread is part of its history); ``reminded_days`` is the
    last reminder step claimed (days before the deadline), so a reminder is never sent twice.
    """

    __tablename__ = "change_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    opened_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    reason: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date] = mapped_column(Date)
    status: Mapped[ChangeRequestStatus] = mapped_column(
        enum_column(ChangeRequestStatus), default=ChangeRequestStatus.OPEN, index=True
    )
    #: When the company said « c'est fait » (last time).
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    reminded_days: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organization: Mapped[Organization] = relationship()
    messages: Mapped[list[ChangeRequestMessage]] = relationship(
        back_populates="request",
        order_by="ChangeRequestMessage.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class ChangeRequestMessage(db.Model):
    """One message of a request's thread, from the Region or from the company."""

    __tablename__ = "change_request_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("change_request.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    #: "region" or "provider": who wrote it, even once the author's account is gone.
    side: Mapped[str] = mapped_column(String(10))
    body: Mapped[str] = mapped_column(Text)
    #: The company said « c'est fait » with this message.
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    request: Mapped[ChangeRequest] = relationship(back_populates="messages")
    author: Mapped[User | None] = relationship(lazy="joined")


class SigningDraft(db.Model):
    """A member's step-1 answers of the signing form, kept between the form and the review
    page so that the review is reached by a redirect (the back button works). One per member,
    replaced by each new step 1, deleted once the signature is recorded. Every commitment and
    the statement of authority were accepted (step 1 checks them): only the rest is kept."""

    __tablename__ = "signing_draft"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    charter_hash: Mapped[str] = mapped_column(String(64))
    signer_name: Mapped[str] = mapped_column(String(120))
    signer_role: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
