"""Server-side login sessions (docs/design.md §8: sessions that can be revoked).

The signed cookie holds only ``_user_id`` = a random token; the database keeps its SHA-256 and
whether it is still valid. Revoking the row kills every copy of the cookie at once.

Who calls this: the login service (``start_session``), logout and account pages (``revoke*``,
``rotate_session``), and the Flask-Login loader of ``charter.auth.sessions`` on every request.
Nothing here reads the request: the caller passes the visitor's address and user agent.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from charter.db import utcnow, write_transaction
from charter.models import User, UserSession
from charter.services.tokens import new_link_token, token_hash


def start_session(
    session: Session,
    user: User,
    *,
    second_factor_done: bool,
    ip_address: str,
    user_agent: str,
) -> str:
    """Create a session row for ``user`` in the caller's write transaction; return the token.

    The token goes into the cookie through Flask-Login and is never stored in clear.
    """
    token = new_link_token()
    session.add(
        UserSession(
            user_id=user.id,
            token_hash=token_hash(token),
            second_factor_done=second_factor_done,
            user_agent=user_agent[:300],
            ip_address=ip_address[:64],
        )
    )
    # Read by User.get_id(): Flask-Login puts it in the cookie.
    user.session_token = token
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
    result = session.execute(statement)
    assert isinstance(result, CursorResult)  # what a DML statement always returns
    return result.rowcount or 0


def rotate_session(
    session: Session, session_id: int, user_id: int, *, ip_address: str, user_agent: str
) -> str | None:
    """Replace session ``session_id`` of ``user_id`` by a new one with the same second-factor
    state, in one transaction; return the new token (None if either row is gone).

    A copy of the old cookie stops working: the account pages call this right after a password
    or second-factor change.
    """
    with write_transaction(session) as transaction:
        old = transaction.get(UserSession, session_id)
        user = transaction.get(User, user_id)
        if old is None or user is None or old.user_id != user.id:
            return None
        token = start_session(
            transaction,
            user,
            second_factor_done=old.second_factor_done,
            ip_address=ip_address,
            user_agent=user_agent,
        )
        revoke_session(transaction, old)
    return token


def live_sessions(session: Session, user_id: int) -> list[UserSession]:
    """The sessions of ``user_id`` still alive, most recently used first (the account page)."""
    rows = session.scalars(
        select(UserSession)
        .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .order_by(UserSession.last_seen_at.desc())
    )
    return [row for row in rows if session_is_current(row)]


def session_is_current(user_session: UserSession) -> bool:
    """Whether a session row is alive: not revoked, not idle too long, not too old."""
    now = utcnow()
    config = current_app.config
    if user_session.revoked_at is not None:
        return False
    if now - user_session.created_at > config["SESSION_ABSOLUTE_LIFETIME"]:
        return False
    return now - user_session.last_seen_at <= config["SESSION_IDLE_LIFETIME"]


#: How often ``last_seen_at`` is written, to keep reads from turning into writes.
LAST_SEEN_GRANULARITY = timedelta(minutes=5)
