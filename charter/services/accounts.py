"""Accounts: passwords (reset, change), profile, deletion, and finding a person by address.

Registration and e-mail verification are in ``charter.services.registration``.

Who calls this: the ``auth`` and ``account`` blueprints (with data already parsed by their
forms), the CLI, tests. Every function owns its transaction, records audit events and sends
its e-mails after the commit. None of them reveals whether an e-mail address is known.
"""

from __future__ import annotations

import secrets

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from charter.db import utcnow, write_transaction
from charter.models import (
    RecoveryCode,
    User,
)
from charter.services import audit, members, tokens
from charter.services.mail import send_email
from charter.services.passwords import hash_password, verify_password
from charter.services.sessions import revoke_all_sessions


def normalise_email(email: str) -> str:
    """The stored form of an address: trimmed and lower-cased."""
    return email.strip().lower()


def find_user_by_email(session: Session, email: str) -> User | None:
    """The account with this address, whatever its case, or None."""
    return session.scalar(select(User).where(User.email == normalise_email(email)))


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
