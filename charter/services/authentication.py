"""Logging in: password check with lockout, second factor (TOTP and recovery codes).

Who calls this: the ``auth`` blueprint (login, second step) and the ``account`` blueprint
(enrolment). Password verification runs outside any transaction (it is deliberately slow); the
outcome is then recorded in a short write transaction, so that concurrent attempts from
several workers all count.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

import pyotp
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.orm import Session

from charter.db import utcnow, write_transaction
from charter.models import RecoveryCode, User, UserSession
from charter.services import audit
from charter.services.accounts import find_user_by_email, notify_security_event
from charter.services.passwords import hash_password, needs_rehash, verify_password
from charter.services.recovery_codes import replace_recovery_codes, use_recovery_code
from charter.services.sessions import start_session

TOTP_ISSUER = "Charte Cyber Normandie"


@dataclass(frozen=True)
class LoginOutcome:
    """The result of a password check: the user and session token, or a failure."""

    user: User | None
    token: str | None = None
    locked: bool = False

    @property
    def ok(self) -> bool:
        return self.user is not None


def authenticate(
    session: Session, email: str, password: str, *, ip_address: str, user_agent: str
) -> LoginOutcome:
    """Check a password and open a session; count failures and lock the account when due.

    A locked, inactive or unknown account fails exactly like a wrong password (the caller shows
    one generic message); a lockout e-mails the account's owner, who is the only one to learn it.
    """
    config = current_app.config
    candidate = find_user_by_email(session, email)
    now = utcnow()
    locked = bool(candidate and candidate.locked_until and candidate.locked_until > now)
    # Verify even when locked or unknown: the answer takes the same time either way.
    password_ok = verify_password(candidate.password_hash if candidate else None, password)
    accepted = bool(candidate and candidate.active and password_ok and not locked)
    newly_locked = False
    with write_transaction(session):
        user = session.get(User, candidate.id) if candidate else None
        if not accepted:
            if user is not None and not locked:
                user.failed_logins += 1
                if user.failed_logins >= config["LOGIN_MAX_FAILURES"]:
                    user.locked_until = now + config["LOGIN_LOCKOUT"]
                    user.failed_logins = 0
                    newly_locked = True
                    audit.record(
                        session,
                        "auth.locked",
                        actor_id=None,
                        target_type="user",
                        target_id=user.id,
                        details={"ip": ip_address},
                    )
            audit.record(
                session,
                "auth.login_failed",
                actor_id=None,
                target_type="user" if user else None,
                target_id=user.id if user else None,
                details={"ip": ip_address, "reason": "locked" if locked else "credentials"},
            )
            outcome = LoginOutcome(None, locked=locked or newly_locked)
        else:
            assert user is not None
            user.failed_logins = 0
            user.locked_until = None
            user.last_login_at = now
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            token = start_session(
                session,
                user,
                second_factor_done=False,
                ip_address=ip_address,
                user_agent=user_agent,
            )
            audit.record(
                session,
                "auth.login",
                actor_id=user.id,
                target_type="user",
                target_id=user.id,
                details={"ip": ip_address},
            )
            outcome = LoginOutcome(user, token)
    if newly_locked and user is not None:
        minutes = lockout_minutes()
        notify_security_event(
            user,
            _(
                "Après plusieurs mots de passe erronés, votre compte est bloqué pendant "
                "%(minutes)d minutes. Passé ce délai, vous pourrez vous reconnecter.",
                minutes=minutes,
            ),
        )
    return outcome


def lockout_minutes() -> int:
    """How long a locked account stays locked, in whole minutes (``LOGIN_LOCKOUT``), for the
    messages that tell people."""
    return int(current_app.config["LOGIN_LOCKOUT"].total_seconds() // 60)


# ------------------------------------------------------------------------------- second factor


def totp_for(user: User) -> pyotp.TOTP:
    """The TOTP generator of ``user``'s (pending or confirmed) secret."""
    if not user.totp_secret:
        raise ValueError("no TOTP secret")
    return pyotp.TOTP(user.totp_secret, issuer=TOTP_ISSUER, name=user.email)


def _matching_step(user: User, code: str) -> int | None:
    """The time step a TOTP code belongs to (±1 step of clock drift), if it is valid."""
    code = "".join(c for c in code if c.isdigit())
    if len(code) != 6 or not user.totp_secret:
        return None
    totp = totp_for(user)
    now = utcnow()
    for drift in (0, -1, 1):
        moment = now + timedelta(seconds=30 * drift)
        if secrets.compare_digest(totp.at(moment), code):
            return int(moment.timestamp()) // 30
    return None


def begin_totp_enrolment(session: Session, user_id: int) -> None:
    """Give an account a new, not yet confirmed TOTP secret (shown as a QR code)."""
    with write_transaction(session):
        user = session.get(User, user_id)
        if user is None or user.totp_enabled:
            return
        user.totp_secret = pyotp.random_base32()


def confirm_totp_enrolment(
    session: Session, user_id: int, code: str, user_session_id: int | None, *, ip: str
) -> list[str] | None:
    """Confirm enrolment with a first code; return the recovery codes to show once, or None."""
    with write_transaction(session):
        user = session.get(User, user_id)
        if user is None or user.totp_enabled or not user.totp_secret:
            return None
        step = _matching_step(user, code)
        if step is None:
            return None
        user.totp_enabled_at = utcnow()
        user.totp_last_step = step
        codes = replace_recovery_codes(session, user)
        if user_session_id is not None:
            session.execute(
                update(UserSession)
                .where(UserSession.id == user_session_id)
                .values(second_factor_done=True)
            )
        audit.record(
            session,
            "auth.2fa_enabled",
            actor_id=user.id,
            target_type="user",
            target_id=user.id,
            details={"ip": ip},
        )
    notify_security_event(
        user, _("La double authentification vient d'être activée sur votre compte.")
    )
    return codes


def check_second_factor(
    session: Session, user_id: int, user_session_id: int, code: str, *, ip: str
) -> bool:
    """Accept a TOTP code (never the same time step twice) or an unused recovery code.

    Failures count towards the same lockout as passwords; a lockout ends the session.
    """
    with write_transaction(session):
        user = session.get(User, user_id)
        if user is None:
            return False
        step = _matching_step(user, code)
        method = None
        if step is not None and (user.totp_last_step is None or step > user.totp_last_step):
            user.totp_last_step = step
            method = "totp"
        elif use_recovery_code(session, user, code):
            method = "recovery_code"
        if method is None:
            locked = _count_failure(session, user, user_session_id)
            audit.record(
                session,
                "auth.2fa_failed",
                actor_id=user.id,
                target_type="user",
                target_id=user.id,
                details={"ip": ip, "locked": locked},
            )
            return False
        user.failed_logins = 0
        session.execute(
            update(UserSession)
            .where(UserSession.id == user_session_id)
            .values(second_factor_done=True)
        )
        audit.record(
            session,
            "auth.2fa_passed",
            actor_id=user.id,
            target_type="user",
            target_id=user.id,
            details={"ip": ip, "method": method},
        )
    return True


def _count_failure(session: Session, user: User, user_session_id: int) -> bool:
    """Count a wrong code or password given in a session toward the lockout.

    At the limit the account is locked and that session ended; returns whether it happened.
    """
    config = current_app.config
    user.failed_logins += 1
    if user.failed_logins < config["LOGIN_MAX_FAILURES"]:
        return False
    user.locked_until = utcnow() + config["LOGIN_LOCKOUT"]
    user.failed_logins = 0
    session.execute(
        update(UserSession).where(UserSession.id == user_session_id).values(revoked_at=utcnow())
    )
    return True


def disable_totp(session: Session, user_id: int, password: str, *, ip: str) -> bool:
    """Remove the second factor after checking the password (never for Region accounts)."""
    with write_transaction(session):
        user = session.get(User, user_id)
        if user is None or user.is_region or not verify_password(user.password_hash, password):
            return False
        user.totp_secret = None
        user.totp_enabled_at = None
        user.totp_last_step = None
        session.execute(RecoveryCode.__table__.delete().where(RecoveryCode.user_id == user.id))
        audit.record(
            session,
            "auth.2fa_disabled",
            actor_id=user.id,
            target_type="user",
            target_id=user.id,
            details={"ip": ip},
        )
    notify_security_event(
        user, _("La double authentification vient d'être désactivée sur votre compte.")
    )
    return True


# ----------------------------------------------------------------------------- re-authentication


@dataclass(frozen=True)
class ReauthOutcome:
    """Result of a re-authentication: passed, or failed (and whether the account is now locked,
    which also ended the session)."""

    ok: bool
    locked: bool = False


def reauthenticate(
    session: Session,
    user_id: int,
    user_session_id: int,
    password: str,
    code: str | None,
    *,
    purpose: str,
    ip: str,
) -> ReauthOutcome:
    """Check the password, and the second factor when enrolled, just before a sensitive action.

    Failures count towards the same lockout as logins; the failure that locks the account also
    revokes this session, and its owner is told by e-mail. ``purpose`` names the action in the
    audit log ("signature"...).
    """
    config = current_app.config
    candidate = session.get(User, user_id)
    if candidate is None:
        return ReauthOutcome(False)
    password_ok = verify_password(candidate.password_hash, password)  # slow: outside the lock
    newly_locked = False
    with write_transaction(session):
        user = session.get(User, user_id)
        assert user is not None
        locked = bool(user.locked_until and user.locked_until > utcnow())
        ok = password_ok and user.active and not locked
        if ok and user.totp_enabled:
            step = _matching_step(user, code or "")
            if step is not None and (user.totp_last_step is None or step > user.totp_last_step):
                user.totp_last_step = step
            elif not use_recovery_code(session, user, code or ""):
                ok = False
        if ok:
            user.failed_logins = 0
        elif not locked:
            newly_locked = _count_failure(session, user, user_session_id)
        audit.record(
            session,
            "auth.reauth_passed" if ok else "auth.reauth_failed",
            actor_id=user.id,
            target_type="user",
            target_id=user.id,
            details={"ip": ip, "purpose": purpose, **({} if ok else {"locked": newly_locked})},
        )
    if newly_locked:
        minutes = int(config["LOGIN_LOCKOUT"].total_seconds() // 60)
        notify_security_event(
            user,
            _(
                "Après plusieurs mots de passe ou codes erronés, votre compte est bloqué pendant "
                "%(minutes)d minutes. Passé ce délai, vous pourrez vous reconnecter.",
                minutes=minutes,
            ),
        )
    return ReauthOutcome(ok, locked=locked or newly_locked)
