"""Recording audit events and verifying the hash chain.

Who calls this: services, inside their :func:`charter.db.write_transaction`, for every event
docs/design.md §8 lists; the ``verify-audit`` command and the Region's audit page for verification.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from charter.db import utcnow
from charter.models import AuditEvent

GENESIS_HASH = "0" * 64

#: Keys that must never reach the log, whatever a caller passes (docs/design.md §8).
FORBIDDEN_DETAIL_KEYS = frozenset(
    {"password", "new_password", "token", "session", "session_id", "totp", "code", "secret"}
)

#: Arbitrary constant naming the PostgreSQL advisory lock that serialises appends to the chain.
_AUDIT_LOCK_KEY = 0x43434E41  # "CCNA"


def record(
    session: Session,
    action: str,
    *,
    actor_id: int | None,
    target_type: str | None = None,
    target_id: object = None,
    details: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append an event to the chain in the caller's (write) transaction and return it.

    Appends are serialised: SQLite's write transaction holds the database lock, and PostgreSQL
    takes a transaction-scoped advisory lock, so two events never claim the same predecessor.
    """
    clean = {k: v for k, v in (details or {}).items() if k not in FORBIDDEN_DETAIL_KEYS}
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _AUDIT_LOCK_KEY})
    previous = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    event = AuditEvent(
        created_at=utcnow(),
        actor_id=actor_id,
        action=action,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        details=clean or None,
        details_digest=digest_details(clean or None),
        prev_hash=previous or GENESIS_HASH,
    )
    event.hash = compute_hash(event)
    session.add(event)
    session.flush()
    return event


def digest_details(details: Mapping[str, Any] | None) -> str:
    """SHA-256 of the details in canonical JSON; what the chain covers of them."""
    payload = json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


_CHAIN_COLUMNS = (
    AuditEvent.id,
    AuditEvent.created_at,
    AuditEvent.actor_id,
    AuditEvent.action,
    AuditEvent.target_type,
    AuditEvent.target_id,
    AuditEvent.details,
    AuditEvent.details_digest,
    AuditEvent.prev_hash,
    AuditEvent.hash,
)


def compute_hash(event: Any) -> str:
    """The event's hash: its predecessor's hash and its own fields, canonically encoded.

    ``event`` is an AuditEvent or a row with the same attributes.
    """
    fields = {
        "prev": event.prev_hash,
        "at": event.created_at.isoformat(timespec="microseconds"),
        "actor": event.actor_id,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "details": event.details_digest,
    }
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    """Result of a verification: how many events were checked and the first broken one."""

    checked: int
    broken_id: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify_chain(session: Session, batch_size: int = 1000) -> ChainReport:
    """Walk the whole log in order and report the first event whose link or hash is wrong.

    Details erased at the end of their retention period (``details`` empty, digest kept) still
    verify; details changed in place do not.
    """
    previous = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        # Keyset batches: bounded memory, no server-side cursor left open on an early return.
        # Plain rows, not entities: nothing accumulates in the caller's identity map.
        batch = session.execute(
            select(*_CHAIN_COLUMNS)
            .where(AuditEvent.id > last_id)
            .order_by(AuditEvent.id)
            .limit(batch_size)
        ).all()
        if not batch:
            return ChainReport(checked)
        for event in batch:
            checked += 1
            if event.prev_hash != previous:
                return ChainReport(
                    checked, event.id, "le lien vers l'événement précédent est rompu"
                )
            if event.details is not None and digest_details(event.details) != event.details_digest:
                return ChainReport(checked, event.id, "les détails ont été modifiés")
            if compute_hash(event) != event.hash:
                return ChainReport(
                    checked, event.id, "l'empreinte de l'événement ne correspond pas"
                )
            previous = event.hash
        last_id = batch[-1].id
