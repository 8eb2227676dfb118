"""Imports of the Region's paper signatories, and the invitations to claim an imported company.

A ``SignatoryImport`` row is first an uploaded file waiting for the officer's confirmation
(the file is kept here, server-side, under a random token whose hash only is stored; never in
the session cookie); once confirmed it is the import's record: its reference, who imported it,
its counts. Imported signatures point at it (``Signature.import_id``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from charter.db import UTCDateTime, utcnow
from charter.extensions import db

if TYPE_CHECKING:
    from charter.models.organization import Organization
    from charter.models.user import User


class SignatoryImport(db.Model):
    """One file of paper signatories: uploaded, previewed, then confirmed (or left to expire)."""

    __tablename__ = "signatory_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 of the random token of the preview's address.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(200))
    #: SHA-256 of the file: the same file imported again is recognised.
    file_hash: Mapped[str] = mapped_column(String(64), index=True)
    #: The file itself while it waits for confirmation; emptied once confirmed.
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: "web" or "cli".
    source: Mapped[str] = mapped_column(String(10), default="web")
    # --- set when confirmed
    reference: Mapped[str | None] = mapped_column(String(40), unique=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_count: Mapped[int] = mapped_column(default=0)
    present_count: Mapped[int] = mapped_column(default=0)
    error_count: Mapped[int] = mapped_column(default=0)

    uploaded_by: Mapped[User] = relationship()


class ClaimInvitation(db.Model):
    """An e-mail inviting the contact of an imported company to create its account and take
    the company in hand. The link carries a random token; only its SHA-256 is stored. Single
    use: accepting ends it, and so does any account created for the company meanwhile."""

    __tablename__ = "claim_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    import_id: Mapped[int] = mapped_column(
        ForeignKey("signatory_import.id", ondelete="RESTRICT"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    organization: Mapped[Organization] = relationship()
