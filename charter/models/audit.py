"""The audit log: append-only events chained by hashes, so that tampering shows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from charter.db import UTCDateTime, utcnow
from charter.extensions import db


class AuditEvent(db.Model):
    """One thing that happened, who did it, to what.

    ``hash`` covers the previous event's hash and this event's fields, with ``details`` entering
    only through ``details_digest``: personal details (addresses, e-mails) can then be erased at
    the end of their retention period without breaking the chain.
    """

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: The user id, or None for the system or an anonymous visitor; not a foreign key, because
    #: the log outlives accounts.
    actor_id: Mapped[int | None] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    details_digest: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: Which key sealed ``hash`` (a digest of the key, never the key); None for events written
    #: before the chain had a key (plain SHA-256). See charter/services/audit.py.
    key_id: Mapped[str | None] = mapped_column(String(16))
