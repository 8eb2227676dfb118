"""Accounts: registration, e-mail verification, passwords, profile and deletion.

Who calls this: the ``auth`` and ``account`` blueprints (with data already parsed by their
forms), the CLI, tests. Every function owns its transaction, records audit events and sends
its e-mails after the commit. None of them reveals whether an e-mail address is known.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from charter.db import utcnow, write_transaction
from charter.models import (
    Organization,
    OrganizationKind,
    OrganizationRole,
    RecoveryCode,
    Role,
    User,
)
from charter.services import audit, members, terms, tokens
from charter.services.mail import send_email
from charter.services.passwords import hash_password, verify_password
from charter.services.sessions import revoke_all_sessions


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


def normalise_email(email: str) -> str:
    """The stored form of an address: trimmed and lower-cased."""
    return email.strip().lower()


def find_user_by_email(session: Session, email: str) -> User | None:
    """The account with this address, whatever its case, or None."""
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def register(session: Session, data: RegistrationData, *, ip: str) -> User | None:
    """Create the organisation and its first member, then e-mail a verification link.

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


def request_password_reset(session: Session, email: str, *, ip: str) -> None:
    """E-mail a reset link to the account's owner, or say to the address that none exists.

    The caller shows the same page in both cases.
    """
    email = normalise_email(email)
    user = find_user_by_email(session, email)
    with write_transaction(session):
        audit.record(
            session,
            "account.password_reset_requested",
            actor_id=None,
            target_type="user",
            target_id=user.id if user else None,
            details={"ip": ip, "known": user is not None},
        )
    if user is None or not user.active:
        send_email(
            email,
            _("Réinitialisation du mot de passe"),
            "password_reset_unknown",
            reason=_("une réinitialisation de mot de passe a été demandée pour cette adresse"),
            register_link=url_for("auth.register_sme", _external=True),
        )
        return
    link = url_for("auth.reset_password", token=tokens.reset_token(user), _external=True)
    send_email(
        user.email,
        _("Réinitialisation du mot de passe"),
        "password_reset",
        name=user.full_name,
        link=link,
        minutes=int(tokens.RESET_MAX_AGE.total_seconds() // 60),
        reason=_("une réinitialisation de mot de passe a été demandée pour votre compte"),
    )


def user_for_reset_token(session: Session, token: str) -> User | None:
    """The account a reset link is still valid for, or None."""
    payload = tokens.read_reset_token(token)
    if payload is None:
        return None
    user = session.get(User, payload[0])
    if user is None or not user.active or user.security_stamp != payload[1]:
        return None
    return user


def reset_password(session: Session, token: str, new_password: str, *, ip: str) -> User | None:
    """Set a new password through a reset link; every session of the account ends.

    A reset also proves control of the address, so it verifies it and lifts a lockout.
    """
    with write_transaction(session):
        user = user_for_reset_token(session, token)
        if user is None:
            return None
        _set_password(user, new_password)
        user.failed_logins = 0
        user.locked_until = None
        if user.email_verified_at is None:
            user.email_verified_at = utcnow()
        revoke_all_sessions(session, user.id)
        audit.record(
            session,
            "account.password_reset",
            actor_id=user.id,
            target_type="user",
            target_id=user.id,
            details={"ip": ip},
        )
    notify_security_event(user, _("Le mot de passe de votre compte vient d'être réinitialisé."))
    return user


def change_password(
    session: Session, user_id: int, current: str, new: str, *, keep_session_id: int | None, ip: str
) -> bool:
    """Change a password after checking the current one; other sessions end. False if wrong."""
    with write_transaction(session):
        user = session.get(User, user_id)
        if user is None or not verify_password(user.password_hash, current):
            audit.record(
                session,
                "account.password_change_refused",
                actor_id=user_id,
                target_type="user",
                target_id=user_id,
                details={"ip": ip},
            )
            return False
        _set_password(user, new)
        revoke_all_sessions(session, user.id, except_id=keep_session_id)
        audit.record(
            session,
            "account.password_changed",
            actor_id=user.id,
            target_type="user",
            target_id=user.id,
            details={"ip": ip},
        )
    notify_security_event(user, _("Le mot de passe de votre compte vient d'être changé."))
    return True


def _set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.security_stamp += 1  # outstanding reset links die


def update_profile(session: Session, user_id: int, full_name: str) -> None:
    """Change the name shown for an account."""
    with write_transaction(session):
        user = session.get(User, user_id)
        if user is not None and user.full_name != full_name.strip():
            user.full_name = full_name.strip()
            audit.record(
                session,
                "account.profile_updated",
                actor_id=user.id,
                target_type="user",
                target_id=user.id,
            )


def set_follow_up_emails(session: Session, user_id: int, wanted: bool) -> None:
    """Opt in or out of the follow-up mails of diagnoses (the account page; its owner only)."""
    with write_transaction(session):
        user = session.get(User, user_id)
        if user is not None and user.follow_up_emails != wanted:
            user.follow_up_emails = wanted
            audit.record(
                session,
                "account.follow_ups_changed",
                actor_id=user.id,
                target_type="user",
                target_id=user.id,
                details={"wanted": wanted},
            )


def is_last_member(session: Session, user: User) -> bool:
    """Whether ``user`` is the only active member of their organisation."""
    if user.organization_id is None:
        return False
    count = session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.organization_id == user.organization_id, User.active.is_(True))
    )
    return count == 1


def delete_account(session: Session, user_id: int, password: str, *, ip: str) -> bool:
    """Erase an account's personal data after checking its password; False if wrong.

    The row stays (the audit log and signatures refer to it) but keeps nothing personal: name
    and address are replaced, the password and second factor removed, sessions ended. The last
    owner of an organisation with other people must hand over first: raises
    :class:`charter.services.members.MemberProblem` ("last_owner").
    """
    with write_transaction(session):
        user = session.get(User, user_id)
        if user is None or not verify_password(user.password_hash, password):
            return False
        problem = members.departure_problem(session, user, deleting=True)
        if problem is not None:
            raise members.MemberProblem(problem)
        user.active = False
        user.deleted_at = utcnow()
        user.email = f"supprime-{user.id}@compte-supprime.invalid"
        user.full_name = _("Compte supprimé")
        user.password_hash = hash_password(secrets.token_urlsafe(32))
        user.totp_secret = None
        user.totp_enabled_at = None
        session.execute(RecoveryCode.__table__.delete().where(RecoveryCode.user_id == user.id))
        revoke_all_sessions(session, user.id)
        audit.record(
            session,
            "account.deleted",
            actor_id=user.id,
            target_type="user",
            target_id=user.id,
            details={"ip": ip},
        )
    return True


def notify_security_event(user: User, event: str) -> None:
    """Tell an account's owner that something sensitive happened to it.

    The alert goes through the outbox: a mail-server outage delays it and never undoes or
    hides the change it reports (the recovery codes shown once, a new password).
    """
    send_email(
        user.email,
        _("Alerte de sécurité sur votre compte"),
        "security_notice",
        name=user.full_name,
        event=event,
        reset_link=url_for("auth.forgot_password", _external=True),
        reason=_("un changement de sécurité a eu lieu sur votre compte"),
    )
