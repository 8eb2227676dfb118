"""Server-side login sessions (docs/design.md §8: sessions that can be revoked).

The signed cookie holds only ``_user_id`` = a random token; the database keeps its SHA-256 and
whether it is still valid. Revoking the row kills every copy of the cookie at once.

Who calls this: the login service (``start_session``), logout and account pages (``revoke*``),
and Flask-Login on every request (``load_user_from_token``).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, g, request
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from charter.db import utcnow
from charter.extensions import db, login_manager
from charter.models import User, UserSession

#: How often ``last_seen_at`` is written, to keep reads from turning into writes.
LAST_SEEN_GRANULARITY = timedelta(minutes=5)


def hash_token(token: str) -> str:
    """The stored form of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, user: User, *, second_factor_done: bool) -> str:
    """Create a session row for ``user`` in the caller's write transaction; return the token.

    The token goes into the cookie through Flask-Login and is never stored in clear.
    """
    token = secrets.token_urlsafe(32)
    session.add(
        UserSession(
            user_id=user.id,
            token_hash=hash_token(token),
            second_factor_done=second_factor_done,
            user_agent=(request.user_agent.string or "")[:300],
            ip_address=(request.remote_addr or "")[:64],
        )
    )
    user.session_token = token  # type: ignore[attr-defined]  read by User.get_id()
    return token


def revoke_session(session: Session, user_session: UserSession) -> None:
    """Mark one session revoked (logout)."""
    user_session.revoked_at = utcnow()
    session.flush()


def revoke_all_sessions(session: Session, user_id: int, *, except_id: int | None = None) -> int:
    """Revoke every live session of a user but ``except_id``; return how many were revoked."""
    statement = (
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    if except_id is not None:
        statement = statement.where(UserSession.id != except_id)
    return session.execute(statement).rowcount or 0


def rotate_current_session() -> None:
    """Give the signed-in visitor a new session token and revoke the old one, keeping its
    second-factor state: a copy of the cookie taken before a password or second-factor change
    stops working. Who calls this: the account views, right after such a change committed."""
    from flask import session as cookie
    from flask_login import current_user

    from charter.db import write_transaction

    with write_transaction(db.session) as transaction:
        old = transaction.get(UserSession, g.user_session.id)
        user = transaction.get(User, current_user.id)
        if old is None or user is None:
            return
        token = start_session(transaction, user, second_factor_done=old.second_factor_done)
        revoke_session(transaction, old)
    cookie["_user_id"] = token
    current_user.session_token = token


def session_is_current(user_session: UserSession) -> bool:
    """Whether a session row is alive: not revoked, not idle too long, not too old."""
    now = utcnow()
    config = current_app.config
    if user_session.revoked_at is not None:
        return False
    if now - user_session.created_at > config["SESSION_ABSOLUTE_LIFETIME"]:
        return False
    return now - user_session.last_seen_at <= config["SESSION_IDLE_LIFETIME"]


@login_manager.user_loader
def load_user_from_token(token: str) -> User | None:
    """Flask-Login's loader: the user of a live session row, or None (logged out)."""
    row = db.session.execute(
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == hash_token(token))
    ).first()
    if row is None:
        return None
    user_session, user = row
    if not user.active or not session_is_current(user_session):
        return None
    user.session_token = token  # type: ignore[attr-defined]
    g.user_session = user_session
    if utcnow() - user_session.last_seen_at > LAST_SEEN_GRANULARITY:
        _touch(user_session.id)
    return user


def _touch(session_id: int) -> None:
    """Record activity in a short transaction of its own (best effort, never fails a page)."""
    try:
        with db.engine.begin() as connection:
            connection.execute(
                update(UserSession)
                .where(UserSession.id == session_id)
                .values(last_seen_at=utcnow())
            )
    except Exception:  # a busy database must not turn a page view into an error
        current_app.logger.info("could not record session activity; will retry later")
