"""Region accounts managed by Region administrators: invite, change role, deactivate.

An invitation creates the account with an unusable password and e-mails a signed link
(``REGION_INVITATION_DAYS``) to choose one; the link carries the account's security stamp,
which choosing the password bumps, so it works once. At the first login the account gates
make the second factor mandatory (charter/auth/gates.py). The last active administrator can
neither lose the role nor be deactivated. Everything is audited.

Who calls this: the Region's user pages (``charter.region.users``) and the activation page
(``charter.auth.activation``).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from charter.db import utcnow, write_transaction
from charter.models import Role, User
from charter.services import audit, tokens
from charter.services.accounts import find_user_by_email, normalise_email
from charter.services.mail import send_email
from charter.services.passwords import hash_password
from charter.services.sessions import revoke_all_sessions

INVITATION_SALT = "charter.region-invitation"
REGION_ROLE_VALUES = (Role.REGION_REVIEWER, Role.REGION_ADMIN)


class EmailTaken(Exception):
    """An account already uses this address."""


class LastAdministrator(Exception):
    """The change would leave the Region without an active administrator."""


def _serializer() -> URLSafeTimedSerializer:
    # Signed like the other e-mailed links: still valid under SECRET_KEY_FALLBACKS.
    return tokens.serializer(INVITATION_SALT)


def invitation_problem(token: str) -> str:
    """Why an activation link was refused (``charter.services.tokens.link_problem``)."""
    return tokens.link_problem(token, INVITATION_SALT, _max_age())


def _max_age() -> timedelta:
    return timedelta(days=int(current_app.config["REGION_INVITATION_DAYS"]))


def region_users(session: Session) -> list[User]:
    """Every Region account (deleted ones excepted), administrators first, then by name."""
    return list(
        session.scalars(
            select(User)
            .where(User.role.in_(REGION_ROLE_VALUES), User.deleted_at.is_(None))
            .order_by(User.role.desc(), User.full_name)
        )
    )


def region_user(session: Session, user_id: int) -> User | None:
    """A Region account by id, or None (other accounts do not exist for these pages)."""
    user = session.get(User, user_id)
    return user if user is not None and user.is_region and user.deleted_at is None else None


def invite(session: Session, actor_id: int, email: str, full_name: str, role: Role) -> int:
    """Create a Region account and e-mail its activation link; return the new id."""
    if role not in REGION_ROLE_VALUES:
        raise ValueError(role)
    address = normalise_email(email)
    with write_transaction(session):
        if find_user_by_email(session, address) is not None:
            raise EmailTaken(address)
        user = User(
            email=address,
            full_name=full_name.strip(),
            role=role,
            password_hash=hash_password(secrets.token_urlsafe(32)),  # unusable until chosen
        )
        session.add(user)
        session.flush()
        audit.record(
            session,
            "region_user.invited",
            actor_id=actor_id,
            target_type="user",
            target_id=user.id,
            details={"role": role.value},
        )
        token = _serializer().dumps([user.id, user.security_stamp])
        user_id, name = user.id, user.full_name
    send_email(
        address,
        _("Votre compte Région sur la charte cybersécurité"),
        "region_invitation",
        name=name,
        role=role.value,
        link=url_for("auth.activate_account", token=token, _external=True),
        days=_max_age().days,
        reason=_("un administrateur de la Région vous a invité(e) à rejoindre le service"),
    )
    return user_id


def invited_user(session: Session, token: str) -> User | None:
    """The account an activation link is still valid for, or None."""
    try:
        user_id, stamp = _serializer().loads(token, max_age=int(_max_age().total_seconds()))
    except (BadSignature, ValueError, TypeError):
        return None
    user = region_user(session, int(user_id))
    if user is None or not user.active or user.security_stamp != int(stamp):
        return None
    return user


def activate(session: Session, token: str, password: str, *, ip: str) -> User | None:
    """Set the password chosen through an activation link; the address is then verified."""
    with write_transaction(session):
        user = invited_user(session, token)
        if user is None:
            return None
        user.password_hash = hash_password(password)
        user.security_stamp += 1  # the link dies
        user.email_verified_at = user.email_verified_at or utcnow()
        audit.record(
            session,
            "region_user.activated",
            actor_id=user.id,
            target_type="user",
            target_id=user.id,
            details={"ip": ip},
        )
    return user


def _active_admins(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.role == Role.REGION_ADMIN, User.active.is_(True))
        )
        or 0
    )


def change_role(session: Session, actor_id: int, user_id: int, role: Role) -> bool:
    """Give a Region account another Region role; False if it already has it."""
    if role not in REGION_ROLE_VALUES:
        raise ValueError(role)
    with write_transaction(session):
        user = region_user(session, user_id)
        if user is None:
            raise LookupError(user_id)
        if user.role is role:
            return False
        if user.role is Role.REGION_ADMIN and user.active and _active_admins(session) <= 1:
            raise LastAdministrator(user_id)
        previous = user.role
        user.role = role
        audit.record(
            session,
            "region_user.role_changed",
            actor_id=actor_id,
            target_type="user",
            target_id=user.id,
            details={"from": previous.value, "to": role.value},
        )
    return True


def set_active(session: Session, actor_id: int, user_id: int, active: bool) -> None:
    """Deactivate (every session ends at once) or reactivate a Region account."""
    with write_transaction(session):
        user = region_user(session, user_id)
        if user is None:
            raise LookupError(user_id)
        if user.active == active:
            return
        if not active and user.role is Role.REGION_ADMIN and _active_admins(session) <= 1:
            raise LastAdministrator(user_id)
        user.active = active
        if not active:
            revoke_all_sessions(session, user.id)
        audit.record(
            session,
            "region_user.reactivated" if active else "region_user.deactivated",
            actor_id=actor_id,
            target_type="user",
            target_id=user.id,
        )
