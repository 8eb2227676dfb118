"""A provider's company profile and directory consent, and who to tell about its signature.

Who calls this: the ``provider`` blueprint (profile and consent forms) and the signature
services (``recipients``). Every change owns its transaction and is audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from charter.db import utcnow, write_transaction
from charter.models import Organization, Signature, SignatureStatus, User
from charter.services import audit


class SiretLocked(Exception):
    """The SIRET of a company that has signed changes only through the Region."""


@dataclass(frozen=True)
class Recipient:
    """Someone to e-mail about their company's signature (plain values, safe after commit)."""

    email: str
    name: str
    organization_id: int
    organization_name: str


@dataclass(frozen=True)
class ProfileData:
    """What the company profile form collects, already validated."""

    name: str
    siret: str
    department: str
    city: str | None
    services: tuple[str, ...]
    website: str | None


def recipients(session: Session, organization_ids: Iterable[int]) -> list[Recipient]:
    """Active members with a verified address of the given organisations."""
    ids = set(organization_ids)
    if not ids:
        return []
    rows = session.execute(
        select(User.email, User.full_name, Organization.id, Organization.name)
        .join(Organization, Organization.id == User.organization_id)
        .where(Organization.id.in_(ids), User.active.is_(True), User.email_verified_at.is_not(None))
        .order_by(Organization.id, User.id)
    ).all()
    return [Recipient(*row) for row in rows]


def siret_locked(session: Session, organization_id: int) -> bool:
    """Whether the company has a signature on record (other than refused ones)."""
    return bool(
        session.scalar(
            select(
                exists().where(
                    Signature.organization_id == organization_id,
                    Signature.status != SignatureStatus.REJECTED,
                )
            )
        )
    )


def set_directory_consent(
    session: Session, organization_id: int, actor_id: int, consent: bool
) -> None:
    """Record whether the company agrees to appear in the public directory while it is valid."""
    with write_transaction(session):
        organization = session.get(Organization, organization_id)
        if organization is None or organization.directory_consent == consent:
            return
        organization.directory_consent = consent
        audit.record(
            session,
            "organization.directory_consent",
            actor_id=actor_id,
            target_type="organization",
            target_id=organization_id,
            details={"consent": consent},
        )


def update_profile(
    session: Session, organization_id: int, actor_id: int, data: ProfileData
) -> list[str]:
    """Change the company profile; return the names of the fields that changed.

    Raises :class:`SiretLocked` when the SIRET would change after signing, and
    :class:`SiretAlreadyRegistered` when another company holds the new one.
    """
    # Imported here: accounts imports the auth package, whose routes import services.
    from charter.services.registration import SiretAlreadyRegistered

    with write_transaction(session):
        organization = session.get(Organization, organization_id)
        if organization is None:
            raise LookupError(organization_id)
        if data.siret != organization.siret:
            if siret_locked(session, organization_id):
                raise SiretLocked(organization.siret)
            taken = session.scalar(select(Organization.id).filter_by(siret=data.siret))
            if taken is not None:
                raise SiretAlreadyRegistered(data.siret)
        values = {
            "name": data.name.strip(),
            "siret": data.siret,
            "department": data.department,
            "city": data.city or None,
            "services": list(data.services),
            "website": data.website or None,
        }
        changed = [k for k, v in values.items() if getattr(organization, k) != v]
        if not changed:
            return []
        for name in changed:
            setattr(organization, name, values[name])
        organization.profile_updated_at = utcnow()
        audit.record(
            session,
            "organization.profile_updated",
            actor_id=actor_id,
            target_type="organization",
            target_id=organization_id,
            details={"fields": changed},
        )
    return changed
