"""Helpers of the signing tests: Region officers, the signing form's data, reading the DB."""

from __future__ import annotations

from typing import Any

from charter.db import utcnow
from charter.extensions import db
from charter.models import CharterVersion, Role, Signature
from charter.services.charters import current_version
from tests.factories import Factory, UserRef

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def region_officer(factory: Factory, role: Role = Role.REGION_REVIEWER) -> UserRef:
    """A Region officer with the second factor enrolled (mandatory for them)."""
    return factory.user(role, totp_secret=TOTP_SECRET, totp_enabled_at=utcnow())


def provider(factory: Factory, **organization: Any) -> UserRef:
    """A provider member of a new provider organisation."""
    from charter.models import OrganizationKind

    org = factory.organization(OrganizationKind.PROVIDER, **organization)
    return factory.user(Role.PROVIDER_MEMBER, org)


def step_one(app: Any, **overrides: Any) -> dict[str, Any]:
    """A complete, valid step-1 form for the current charter version."""
    with app.app_context():
        version = current_version(db.session)
        assert version is not None
        data: dict[str, Any] = {f"commitment_{c['number']}": "y" for c in version.commitments}
        data |= {
            "signer_name": "Émilie Lœuillet",
            "signer_role": "Gérante",
            "authority": "y",
            "charter_hash": version.text_hash,
        }
    return data | overrides


def signature_row(app: Any, signature_id: int) -> dict[str, Any]:
    """A signature's columns as a plain dict, with its events' (from, to, reason)."""
    with app.app_context():
        signature = db.session.get(Signature, signature_id)
        assert signature is not None
        row = {c.name: getattr(signature, c.name) for c in Signature.__table__.columns}
        row["events"] = [
            (e.from_status and e.from_status.value, e.to_status.value, e.reason)
            for e in signature.events
        ]
        return row


def signatures_of(app: Any, organization_id: int) -> list[dict[str, Any]]:
    """Every signature of an organisation, oldest first, as plain dicts."""
    with app.app_context():
        ids = db.session.scalars(
            db.select(Signature.id)
            .where(Signature.organization_id == organization_id)
            .order_by(Signature.id)
        ).all()
    return [signature_row(app, i) for i in ids]


def version_label(app: Any) -> str:
    """The current charter version's label."""
    with app.app_context():
        version = db.session.scalar(
            db.select(CharterVersion).where(CharterVersion.superseded_at.is_(None))
        )
        return version.label
