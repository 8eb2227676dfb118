"""Recording audit events and verifying their chain, sealed with a key the database lacks.

Each event's ``hash`` is an HMAC-SHA256, over its predecessor's hash and its own fields, with a
key derived from ``CHARTER_AUDIT_KEY`` (or, without it, from ``SECRET_KEY``): whoever can write
to the database but does not hold the key cannot rewrite an event, nor the chain after it,
without :func:`verify_chain` noticing. Dropping the *last* events leaves a shorter valid chain:
that is what the anchor (``charter audit-anchor``, the head hash and count written outside the
database every day) reveals. ``key_id`` names the key of each event (a digest, not the key):
after a rotation, the old key in ``AUDIT_KEY_FALLBACKS`` (or ``SECRET_KEY_FALLBACKS``) keeps
the old events verifiable. Migration 0010 sealed the events written before keys existed; an
event without a key is now a broken link.

Who calls this: services, inside their :func:`charter.db.write_transaction`, for every event
docs/design.md §8 lists; the ``verify-audit`` command and the Region's audit page for verification.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from charter.db import utcnow
from charter.models import AuditEvent

GENESIS_HASH = "0" * 64

#: Keys that must never reach the log, whatever a caller passes (docs/design.md §8).
FORBIDDEN_DETAIL_KEYS = frozenset(
    {"password", "new_password", "token", "session", "session_id", "totp", "code", "secret"}
)

#: Binds the derived key to this one use: SECRET_KEY also signs cookies and seals secrets.
_PURPOSE = b"charte-cyber-normandie/audit-chain/v1"

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
    key_id, key = current_key()
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
        key_id=key_id,
    )
    event.hash = compute_hash(event, key)
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
    AuditEvent.key_id,
)


@functools.lru_cache(maxsize=16)
def _derive(secret: str) -> tuple[str, bytes]:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_PURPOSE).derive(
        secret.encode()
    )
    return hashlib.sha256(b"key-id:" + key).hexdigest()[:16], key


def chain_keys() -> dict[str, bytes]:
    """Every configured chain key by id, the current one first: ``AUDIT_KEY`` (else
    ``SECRET_KEY``), then ``AUDIT_KEY_FALLBACKS``, ``SECRET_KEY`` and its fallbacks."""
    config = current_app.config
    secrets = [
        config.get("AUDIT_KEY") or config["SECRET_KEY"],
        *(config.get("AUDIT_KEY_FALLBACKS") or ()),
        config["SECRET_KEY"],
        *(config.get("SECRET_KEY_FALLBACKS") or ()),
    ]
    return dict(_derive(secret) for secret in secrets if secret)


def current_key() -> tuple[str, bytes]:
    """(id, key) new events are sealed with."""
    return next(iter(chain_keys().items()))


def compute_hash(event: Any, key: bytes | None = None) -> str:
    """The event's hash: its predecessor's hash and its own fields, canonically encoded, as an
    HMAC with its key (``key``, else the configured key named by ``event.key_id``); a plain
    SHA-256 for an event written before keys (``key_id`` empty).

    ``event`` is an AuditEvent or a row with the same attributes. Raises KeyError when no
    configured key has the event's ``key_id``.
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
    key_id = getattr(event, "key_id", None)
    if key is None and key_id is not None:
        key = chain_keys()[key_id]
    if key is None:
        return hashlib.sha256(payload.encode()).hexdigest()
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    """Result of a verification: how many events were checked and the first broken one."""

    checked: int
    broken_id: int | None = None
    problem: str | None = None
    #: The hash of the last event checked (the genesis value for an empty log).
    head: str = GENESIS_HASH

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify_chain(session: Session, batch_size: int = 1000) -> ChainReport:
    """Walk the whole log in order and report the first event whose link or hash is wrong.

    Details erased at the end of their retention period (``details`` empty, digest kept) still
    verify; details changed in place do not. An event sealed with a key that is no longer
    configured is reported as such (put the old key back in a fallback setting).
    """
    keys = chain_keys()
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
            return ChainReport(checked, head=previous)

        for event in batch:
            checked += 1
            problem = _problem(event, previous, keys)
            if problem is not None:
                return ChainReport(checked, event.id, problem, head=previous)
            previous = event.hash
        last_id = batch[-1].id


def _problem(event: Any, previous: str, keys: Mapping[str, bytes]) -> str | None:
    """What is wrong with one event of the chain, in French, or None."""
    if event.prev_hash != previous:
        return "le lien vers l'événement précédent est rompu"
    if event.details is not None and digest_details(event.details) != event.details_digest:
        return "les détails ont été modifiés"
    if event.key_id is None:
        return "événement sans clé (empreinte recalculable par quiconque écrit dans la base)"
    if event.key_id not in keys:
        return (
            "scellé avec une clé inconnue : remettez l'ancienne clé dans "
            "CHARTER_AUDIT_KEY_FALLBACKS (ou CHARTER_SECRET_KEY_FALLBACKS)"
        )
    if not hmac.compare_digest(compute_hash(event, keys[event.key_id]), event.hash):
        return "l'empreinte de l'événement ne correspond pas"
    return None


@dataclass(frozen=True)
class Anchor:
    """What is published outside the database: the chain's head, its length, and when."""

    head: str
    count: int
    last_id: int
    at: str

    def line(self) -> str:
        """One line for a file or a mail: ISO time, count, last id, head hash."""
        return f"{self.at} evenements={self.count} dernier={self.last_id} tete={self.head}"


def anchor(session: Session) -> Anchor:
    """The current head of the chain (the last event's hash), the number of events and the
    last id, for ``charter audit-anchor``."""
    count = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    last = session.execute(
        select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).first()
    return Anchor(
        head=last.hash if last else GENESIS_HASH,
        count=count,
        last_id=last.id if last else 0,
        at=utcnow().isoformat(timespec="seconds"),
    )
