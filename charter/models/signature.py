"""Signatures of the charter, their lifecycle events, certificate counters and reminders.

A signature's signed facts (who, for which company, which text, when, from where) are written
once and never changed or deleted: the ORM refuses it (:func:`_refuse_changes`). What happens
later (validation, rejection, suspension, replacement...) is a status transition recorded as a
``SignatureEvent`` row, with its actor, reason and time, and in the audit log.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint, event, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from charter.db import UTCDateTime, utcnow
from charter.extensions import db
from charter.models.types import enum_column

if TYPE_CHECKING:
    from charter.models.charter_text import CharterVersion
    from charter.models.organization import Organization
    from charter.models.signatory_import import SignatoryImport
    from charter.models.user import User


class SignatureStatus(enum.StrEnum):
    """What the Region decided; expiry is computed from the dates, never stored."""

    PENDING = "pending"
    ACTIVE = "active"
    REJECTED = "rejected"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"


class Signature(db.Model):
    """One signature of one charter version by one provider, and its validation."""

    __tablename__ = "signature"

    id: Mapped[int] = mapped_column(primary_key=True)
    # --- the signed facts: written once (see SIGNED_FIELDS)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    charter_version_id: Mapped[int] = mapped_column(
        ForeignKey("charter_version.id", ondelete="RESTRICT"), index=True
    )
    #: None for a signature on paper imported by the Region (``import_id``): no account signed.
    signer_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    signer_name: Mapped[str] = mapped_column(String(120))
    signer_role: Mapped[str] = mapped_column(String(120))
    #: The statement of authority the signer ticked, word for word.
    authority_statement: Mapped[str] = mapped_column(Text)
    #: The company's name and SIRET as signed (the hash covers them; the profile may change).
    organization_name: Mapped[str] = mapped_column(String(200))
    siret: Mapped[str] = mapped_column(String(14))
    #: SHA-256 of the canonical charter text + organization_name + siret (core.signatures).
    text_hash: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ip_address: Mapped[str] = mapped_column(String(64))
    user_agent: Mapped[str] = mapped_column(String(300))
    #: Signed outside the service, on paper, and imported by the Region: the import's record
    #: (its reference, who imported it). None for a signature made on the service.
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("signatory_import.id", ondelete="RESTRICT"), index=True
    )
    # --- the lifecycle
    status: Mapped[SignatureStatus] = mapped_column(
        enum_column(SignatureStatus), default=SignatureStatus.PENDING, index=True
    )
    # --- the validation: written once, when the Region validates (see VALIDATION_FIELDS)
    certificate_number: Mapped[str | None] = mapped_column(String(30), unique=True)
    validated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    validated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    #: Last valid day (Paris calendar), before any grace period of a newer charter version.
    expires_on: Mapped[date | None] = mapped_column(Date, index=True)

    organization: Mapped[Organization] = relationship()
    charter_version: Mapped[CharterVersion] = relationship()
    signer: Mapped[User | None] = relationship(foreign_keys=[signer_id])
    signatory_import: Mapped[SignatoryImport | None] = relationship()
    validated_by: Mapped[User | None] = relationship(foreign_keys=[validated_by_id])
    events: Mapped[list[SignatureEvent]] = relationship(
        back_populates="signature", order_by="SignatureEvent.id"
    )

    def __repr__(self) -> str:
        return f"<Signature {self.id} {self.status.value} org={self.organization_id}>"


#: Fields that never change once the row exists.
SIGNED_FIELDS = (
    "organization_id",
    "charter_version_id",
    "signer_id",
    "signer_name",
    "signer_role",
    "authority_statement",
    "organization_name",
    "siret",
    "text_hash",
    "signed_at",
    "ip_address",
    "user_agent",
    "import_id",
)
#: Fields set once, at validation, and never changed afterwards.
VALIDATION_FIELDS = ("certificate_number", "validated_at", "validated_by_id", "expires_on")


class SignatureEvent(db.Model):
    """A status transition of a signature: from, to, who, why, when. Append-only."""

    __tablename__ = "signature_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    signature_id: Mapped[int] = mapped_column(
        ForeignKey("signature.id", ondelete="RESTRICT"), index=True
    )
    from_status: Mapped[SignatureStatus | None] = mapped_column(enum_column(SignatureStatus))
    to_status: Mapped[SignatureStatus] = mapped_column(enum_column(SignatureStatus))
    #: The user who decided, or None for the system (an automatic replacement).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    signature: Mapped[Signature] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class CertificateCounter(db.Model):
    """The last certificate serial given in a year; incremented inside the validating
    transaction, so that numbers are distinct and without gaps under concurrency."""

    __tablename__ = "certificate_counter"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_serial: Mapped[int] = mapped_column(default=0)


class SignatureReminder(db.Model):
    """An expiry reminder sent (N days before the last valid day): sent once, never twice."""

    __tablename__ = "signature_reminder"
    __table_args__ = (UniqueConstraint("signature_id", "days_before"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    signature_id: Mapped[int] = mapped_column(
        ForeignKey("signature.id", ondelete="RESTRICT"), index=True
    )
    days_before: Mapped[int] = mapped_column()
    #: The last valid day the reminder announced.
    last_valid_day: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SignedFactChanged(RuntimeError):
    """Raised when code tries to change or delete what a signature or its events record."""


@event.listens_for(Signature, "before_update")
def _refuse_changes(_mapper: Any, _connection: Any, target: Signature) -> None:
    state = inspect(target)
    for name in SIGNED_FIELDS:
        if state.attrs[name].history.has_changes():
            raise SignedFactChanged(f"signature {target.id}: '{name}' is a signed fact")
    for name in VALIDATION_FIELDS:
        history = state.attrs[name].history
        if history.has_changes() and any(old is not None for old in history.deleted):
            raise SignedFactChanged(f"signature {target.id}: '{name}' is already set")


@event.listens_for(Signature, "before_delete")
@event.listens_for(SignatureEvent, "before_delete")
@event.listens_for(SignatureEvent, "before_update")
def _refuse_deletion(_mapper: Any, _connection: Any, target: Any) -> None:
    raise SignedFactChanged(f"{type(target).__name__} {target.id} cannot be changed or deleted")
