"""The web side of login sessions: Flask-Login's loader and the cookie of the current visitor.

The session rows and their rules live in ``charter.services.sessions``; this module is what
reads the request (the cookie, the visitor's address and browser) and hands it to them.

Who calls this: Flask-Login on every request (``load_user_from_token``, and
``answer_anonymous`` for a page that needs a login), the login views (``visitor``), and the
account views (``rotate_current_session``). Importing the ``auth`` blueprint installs both
Flask-Login hooks.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, g, jsonify, redirect, request, url_for
from flask import session as cookie
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import bindparam, select, update

from charter.db import utcnow
from charter.errors import wants_json
from charter.extensions import client_address, db, login_manager
from charter.models import User, UserSession
from charter.services.sessions import (
    LAST_SEEN_GRANULARITY,
    rotate_session,
    session_is_current,
)
from charter.services.tokens import token_hash


def visitor() -> dict[str, str]:
    """The visitor's address and user agent, as the session services take them."""
    return {"ip_address": client_address(), "user_agent": request.user_agent.string or ""}


def rotate_current_session() -> None:
    """Give the signed-in visitor a new session token and revoke the old one, keeping its
    second-factor state: a copy of the cookie taken before a password or second-factor change
    stops working. Who calls this: the account views, right after such a change committed."""
    token = rotate_session(db.session, g.user_session.id, current_user.id, **visitor())
    if token is None:
        return
    cookie["_user_id"] = token
    current_user.session_token = token


#: Built once: the loader runs on every request of a logged-in visitor, and building the
#: statement cost as much as running it.
_SESSION_AND_USER = (
    select(UserSession, User)
    .join(User, User.id == UserSession.user_id)
    .where(UserSession.token_hash == bindparam("token_hash"))
)


@login_manager.user_loader
def load_user_from_token(token: str) -> User | None:
    """Flask-Login's loader: the user of a live session row, or None (logged out)."""
    row = db.session.execute(_SESSION_AND_USER, {"token_hash": token_hash(token)}).first()
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


@login_manager.unauthorized_handler
def answer_anonymous() -> Any:
    """Not logged in (or the session expired): scripts get a 401 in JSON, people the login page.

    The autosave script shows the message and keeps the page; nothing already saved is lost.
    """
    if wants_json():
        message = _l(
            "Votre session a expiré : vos réponses déjà enregistrées sont conservées. "
            "Reconnectez-vous pour continuer."
        )
        return jsonify(error="login", message=str(message)), 401
    flash(str(login_manager.login_message), login_manager.login_message_category)
    return redirect(url_for(login_manager.login_view, next=request.full_path.rstrip("?")))
