"""Registration: a company and its first account, any account of an organisation, and the
verification of its e-mail address.

``create_account`` is the one place where an organisation's account is made (registration,
the diagnosis kept after the fact, an imported company's claim, a colleague's invitation, the
demo), so that the owner rule, the terms accepted and the audit hold on every path.

Who calls this: the ``auth`` blueprint (with data already parsed by its forms), the claim,
members and quick-diagnosis services, the demo, tests. Every function owns its transaction or
runs in the caller's, as its docstring says. None reveals whether an address is known.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.db import utcnow, write_transaction
from charter.models import (
    Organization,
    OrganizationKind,
    OrganizationRole,
    Role,
    User,
)
from charter.services import audit, members, terms, tokens
from charter.services.accounts import find_user_by_email, normalise_email
from charter.services.mail import send_email
from charter.services.passwords import hash_password


class SiretAlreadyRegistered(Exception):
    """The organisation is already registered; its members can invite colleagues."""


@dataclass(frozen=True)
class RegistrationData:
    """What the registration forms collect, already validated."""

    kind: OrganizationKind
    organization_name: str
    siret: str
    department: str
    full_name: str
    email: str
    password: str
    city: str | None = None
    sector: str | None = None
    size_band: str | None = None
    services: tuple[str, ...] = field(default_factory=tuple)
    website: str | None = None
    #: Whether the terms checkbox was ticked: the version in force is then recorded as accepted.
    accepts_terms: bool = False
    #: The address was proved by the link that led to the form (an invitation sent to it): no
    #: confirmation e-mail, the account is verified at once.
    email_verified: bool = False


def register(session: Session, data: RegistrationData, *, ip: str) -> User | None:
    """Create the organisation and its first member, then e-mail a verification link (unless
    the address is already proved, ``data.email_verified``).

    When the address already has an account nothing is created; its owner gets an e-mail
    instead, and the caller shows the same page (no enumeration). Returns the new user, or None.
    Raises :class:`SiretAlreadyRegistered` when the SIRET is taken.
    """
    email = normalise_email(data.email)
    # Hashed whether or not the address is taken: both answers then cost the same (Argon2 is
    # most of the time of a registration), so the delay tells nothing of who has an account.
    # Before the transaction, so that no write lock is held while hashing.
    password_hash = hash_password(data.password)
    with write_transaction(session):
        existing = find_user_by_email(session, email)
        if existing is not None:
            audit.record(
                session,
                "account.registration_existing_email",
                actor_id=None,
                target_type="user",
                target_id=existing.id,
                details={"ip": ip},
            )
            user = None
        else:
            if session.scalar(select(Organization.id).filter_by(siret=data.siret)) is not None:
                raise SiretAlreadyRegistered(data.siret)
            organization = Organization(
                kind=data.kind,
                name=data.organization_name.strip(),
                siret=data.siret,
                department=data.department,
                city=data.city,
                sector=data.sector,
                size_band=data.size_band,
                services=list(data.services),
                website=data.website,
            )
            session.add(organization)
            session.flush()
            user = create_account(
                session,
                organization,
                email=email,
                full_name=data.full_name,
                password_hash=password_hash,
                accepts_terms=data.accepts_terms,
                ip=ip,
                registered=True,
                verified=data.email_verified,
                details={"email_proof": "invitation"} if data.email_verified else None,
            )
    if user is None:
        send_email(
            email,
            _("Vous avez déjà un compte"),
            "account_exists",
            reason=_("une inscription a été demandée avec votre adresse"),
            login_link=url_for("auth.login", _external=True),
            reset_link=url_for("auth.forgot_password", _external=True),
        )
        return None
    if not data.email_verified:
        send_verification(user)
    return user


def role_for(kind: OrganizationKind) -> Role:
    """The account role of the people of an organisation of this kind."""
    return Role.PROVIDER_MEMBER if kind is OrganizationKind.PROVIDER else Role.SME_MEMBER


def create_account(
    session: Session,
    organization: Organization,
    *,
    email: str,
    full_name: str,
    password_hash: str,
    role: OrganizationRole = OrganizationRole.MEMBER,
    verified: bool = False,
    accepts_terms: bool = False,
    ip: str | None = None,
    registered: bool = False,
    details: dict[str, object] | None = None,
) -> User:
    """Create an account in ``organization``, inside the caller's transaction.

    Every path that creates an organisation's account goes through here (registration, the
    diagnosis without an account, an imported signatory claiming its record, a colleague's
    invitation, the demo), so the rules hold everywhere:

    - the first person of an organisation without an active owner becomes its owner
      (« responsable »), whatever ``role`` was asked; others get ``role``;
    - a person who registers (``ip`` given) is recorded as ``account.registered`` with
      ``details``, and with ``registered`` the organisation as ``organization.registered``;
    - the terms in force are recorded as accepted when ``accepts_terms``.

    ``verified``: the address was proved by the link that brought the person (claim,
    invitation); otherwise a confirmation mail follows.
    """
    if not members.has_active_owner(session, organization.id):
        role = OrganizationRole.OWNER
    user = User(
        email=normalise_email(email),
        full_name=full_name.strip(),
        role=role_for(organization.kind),
        organization_id=organization.id,
        organization_role=role,
        password_hash=password_hash,
        email_verified_at=utcnow() if verified else None,
    )
    session.add(user)
    session.flush()
    if registered:
        audit.record(
            session,
            "organization.registered",
            actor_id=user.id,
            target_type="organization",
            target_id=organization.id,
            details={"kind": organization.kind.value, "siret": organization.siret},
        )
    if ip is not None:
        audit.record(
            session,
            "account.registered",
            actor_id=user.id,
            target_type="user",
            target_id=user.id,
            details={"ip": ip, **(details or {})},
        )
    version = terms.current_version(session) if accepts_terms else None
    if version is not None:
        terms.record_acceptance(session, user.id, version, ip=ip or "")
    return user


def send_verification(user: User) -> None:
    """E-mail ``user`` a fresh verification link."""
    link = url_for("auth.verify_email", token=tokens.verification_token(user), _external=True)
    send_email(
        user.email,
        _("Confirmez votre adresse e-mail"),
        "verify_email",
        name=user.full_name,
        link=link,
        hours=int(tokens.VERIFY_MAX_AGE.total_seconds() // 3600),
        reason=_("vous avez créé un compte"),
    )


def verify_email(session: Session, token: str, *, ip: str) -> User | None:
    """Mark the address of a valid verification link as verified; None if the link is dead."""
    payload = tokens.read_verification_token(token)
    if payload is None:
        return None
    user_id, fingerprint = payload
    with write_transaction(session):
        user = session.get(User, user_id)
        if user is None or not user.active or not tokens.verification_matches(user, fingerprint):
            return None
        user.email_verified_at = utcnow()
        audit.record(
            session,
            "account.email_verified",
            actor_id=user.id,
            target_type="user",
            target_id=user.id,
            details={"ip": ip},
        )
    return user
