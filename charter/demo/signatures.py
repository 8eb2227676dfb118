"""Demo signatures: one provider active with its certificate, one pending, one expired.

Loaded by :func:`charter.demo.load_demo` after the organisations and accounts, through the
real services (backdated), so that the demo data obeys every rule the application enforces.
Idempotent: a company that already has a signature is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.core.charter_text import load_charter_file
from charter.db import utcnow
from charter.models import CharterVersion, Organization, Signature, User
from charter.services import charters, signatures

CHARTER_V1 = Path(__file__).parents[1] / "data" / "charters" / "charte-v1.yaml"
VALIDATOR = "admin@region-normandie.example"


@dataclass(frozen=True)
class DemoSignature:
    """A signature made ``signed_days_ago`` by the company's demo member, validated
    ``validated_after_days`` later (None: still pending)."""

    siret: str
    signer_email: str
    role: str
    signed_days_ago: int
    validated_after_days: int | None


SIGNATURES = (
    # Bocage Informatique: active, certificate available.
    DemoSignature("52601815500014", "contact@bocage-informatique.example", "Gérante", 95, 3),
    # Seine Numérique Services: awaiting the Region.
    DemoSignature("90830166600016", "contact@seine-numerique.example", "Président", 4, None),
    # Cotentin Réseaux: validated a little over two years ago, now expired.
    DemoSignature("81736452400022", "contact@cotentin-reseaux.example", "Gérante", 800, 5),
)


def load_demo_signatures(session: Session) -> None:
    """Publish charter v1 if no version exists, then create the missing demo signatures."""
    now = utcnow()
    if charters.current_version(session) is None:
        charter = load_charter_file(CHARTER_V1)
        charters.publish(session, charter, notify=False, at=now - timedelta(days=900))
    version = charters.current_version(session)
    assert version is not None
    validator_id = session.scalar(select(User.id).filter_by(email=VALIDATOR))
    for spec in SIGNATURES:
        organization = session.scalar(select(Organization).filter_by(siret=spec.siret))
        signer = session.scalar(select(User).filter_by(email=spec.signer_email))
        if organization is None or signer is None:
            continue
        if session.scalar(select(Signature.id).filter_by(organization_id=organization.id)):
            continue
        signed_at = now - timedelta(days=spec.signed_days_ago)
        validated_at = (
            signed_at + timedelta(days=spec.validated_after_days)
            if spec.validated_after_days is not None
            else None
        )
        demo_signature(
            session,
            version,
            organization.id,
            signer,
            spec.role,
            signed_at,
            validated_at,
            validator_id,
        )


def demo_signature(
    session: Session,
    version: CharterVersion,
    organization_id: int,
    signer: User,
    role: str,
    signed_at: datetime,
    validated_at: datetime | None,
    validator_id: int | None,
) -> int:
    """Sign ``version`` for the organisation through the real service (backdated, no e-mail),
    and validate it at ``validated_at`` unless None; return the signature id.

    Also used by ``charter.demo.region``.
    """
    signature_id = signatures.sign(
        session,
        signatures.SigningRequest(
            organization_id=organization_id,
            signer_id=signer.id,
            charter_version_id=version.id,
            charter_text_hash=version.text_hash,
            signer_name=signer.full_name,
            signer_role=role,
            ip="192.0.2.10",  # documentation range (RFC 5737)
            user_agent="Démonstration",
        ),
        at=signed_at,
        notify=False,
    )
    if validated_at is not None:
        signatures.validate(session, signature_id, validator_id, at=validated_at, notify=False)
    return signature_id
