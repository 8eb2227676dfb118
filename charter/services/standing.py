"""Where a provider stands with the charter, read from its signatures (no changes here).

Who calls this: the provider's dashboard and signing pages, the Region's pending list and
signatory pages, the clients service (who may invite).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from charter.core.charter_text import canonical_text
from charter.core.signatures import MAY_SIGN, Situation, Standing, signed_hash, situation
from charter.models import CharterVersion, Signature, SignatureStatus, User
from charter.services import personal_data
from charter.services.charters import current_version, last_valid_day
from charter.services.dates import today

STANDING_STATUSES = (SignatureStatus.ACTIVE, SignatureStatus.SUSPENDED, SignatureStatus.REVOKED)


@dataclass(frozen=True)
class ProviderStanding:
    """A provider's signatures reduced to what its dashboard shows and what it may do."""

    situation: Situation
    current: CharterVersion | None
    standing: Signature | None
    pending: Signature | None
    rejected: Signature | None
    rejection_reason: str | None
    last_valid_day: date | None
    outdated: bool
    history: list[Signature]

    @property
    def may_sign(self) -> bool:
        return self.current is not None and self.situation in MAY_SIGN


# -------------------------------------------------------------------------------- reading


def standing_of(
    session: Session, organization_id: int, day: date | None = None
) -> ProviderStanding:
    """Where a provider stands on ``day`` (today by default)."""
    history = list(
        session.scalars(
            select(Signature)
            .options(joinedload(Signature.charter_version))
            .where(Signature.organization_id == organization_id)
            .order_by(Signature.signed_at.desc(), Signature.id.desc())
        )
    )
    current = current_version(session)
    pending = next((s for s in history if s.status is SignatureStatus.PENDING), None)
    standing = next((s for s in history if s.status in STANDING_STATUSES), None)
    rejected = history[0] if history and history[0].status is SignatureStatus.REJECTED else None
    last_day = last_valid_day(standing) if standing else None
    outdated = standing is not None and (
        current is None or standing.charter_version_id != current.id
    )
    core = Standing(
        status=standing.status.value if standing else None,
        last_valid_day=last_day,
        outdated=outdated,
        pending=pending is not None,
        rejected_last=rejected is not None,
    )
    window = int(current_app.config["SIGNATURE_RENEWAL_WINDOW_DAYS"])
    return ProviderStanding(
        situation=situation(core, day or today(), window),
        current=current,
        standing=standing,
        pending=pending,
        rejected=rejected,
        rejection_reason=decision_reason(rejected) if rejected else None,
        last_valid_day=last_day,
        outdated=outdated,
        history=history,
    )


def decision_reason(signature: Signature) -> str | None:
    """The reason given with the decision that put the signature in its current status."""
    for event in reversed(signature.events):
        if event.to_status is signature.status:
            return event.reason
    return None


def pending_signatures(session: Session) -> list[Signature]:
    """Signatures awaiting the Region's review, oldest first."""
    return list(
        session.scalars(
            select(Signature)
            .options(joinedload(Signature.organization), joinedload(Signature.charter_version))
            .where(Signature.status == SignatureStatus.PENDING)
            .order_by(Signature.signed_at, Signature.id)
        )
    )


def organization_signature(
    session: Session, signature_id: int, organization_id: int
) -> Signature | None:
    """A signature of this organisation, or None (another tenant's id does not exist)."""
    signature = session.get(Signature, signature_id)
    if signature is None or signature.organization_id != organization_id:
        return None
    return signature


def hash_matches(signature: Signature) -> bool:
    """Recompute what was signed and compare with the stored hash (tamper check)."""
    text = canonical_text(signature.charter_version.as_text())
    return signed_hash(text, signature.organization_name, signature.siret) == signature.text_hash


# -------------------------------------------------------------------------- personal data


@personal_data.section("signatures")
def _signed_by(session: Session, user: User) -> list[dict[str, Any]]:
    """The signatures this person made, with what was recorded about them."""
    rows = session.scalars(
        select(Signature).where(Signature.signer_id == user.id).order_by(Signature.signed_at)
    )
    return [
        {
            "organization": s.organization_name,
            "siret": s.siret,
            "charter_version": s.charter_version.label,
            "signer_name": s.signer_name,
            "signer_role": s.signer_role,
            "signed_at": s.signed_at,
            "ip_address": s.ip_address,
            "user_agent": s.user_agent,
            "status": s.status.value,
            "certificate_number": s.certificate_number,
        }
        for s in rows
    ]
