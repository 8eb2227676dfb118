"""Providers and their SME clients: invitations, and the link with its consent to share."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from charter.db import UTCDateTime, utcnow
from charter.extensions import db
from charter.models.types import enum_column

if TYPE_CHECKING:
    from charter.models.organization import Organization


class LinkSource(enum.StrEnum):
    """How the SME came to its provider."""

    INVITATION = "invitation"
    DIRECTORY = "directory"


class ClientLink(db.Model):
    """An SME is a client of a provider. ``share_results`` is the SME's consent: while it is
    False (the default), the provider sees the name and nothing of the diagnoses."""

    __tablename__ = "client_link"
    __table_args__ = (
        UniqueConstraint("provider_id", "sme_id"),
        Index("ix_client_link_sme_id", "sme_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    sme_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    source: Mapped[LinkSource] = mapped_column(enum_column(LinkSource))
    share_results: Mapped[bool] = mapped_column(default=False)
    share_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The SME member who made the link (accepted the invitation, or chose the provider): the
    #: provider's contact at its client. Empty for links made before it was recorded.
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    provider: Mapped[Organization] = relationship(foreign_keys=[provider_id])
    sme: Mapped[Organization] = relationship(foreign_keys=[sme_id])


class Invitation(db.Model):
    """An e-mail inviting an SME to join a provider. The link carries a random token; only its
    SHA-256 is stored. Single use: accepting, cancelling or expiring ends it."""

    __tablename__ = "invitation"
    __table_args__ = (Index("ix_invitation_provider_email", "provider_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    send_count: Mapped[int] = mapped_column(default=1)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL")
    )
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    provider: Mapped[Organization] = relationship(foreign_keys=[provider_id])

    def status(self, now: datetime) -> str:
        """ "accepted", "cancelled", "expired", "opened" or "sent"."""
        if self.accepted_at is not None:
            return "accepted"
        if self.cancelled_at is not None:
            return "cancelled"
        if self.expires_at <= now:
            return "expired"
        return "opened" if self.opened_at is not None else "sent"
