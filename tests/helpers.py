"""Helpers shared by tests: logging in, reading the outbox, following links."""

from __future__ import annotations

import email
import email.policy
import re
from email.message import Message
from pathlib import Path
from typing import Any

import pyotp
from sqlalchemy import text

from charter.db import write_transaction
from charter.extensions import db
from charter.models import User
from charter.services.sessions import start_session
from tests.factories import UserRef


def login(
    client: Any, user: UserRef, password: str | None = None, next_url: str | None = None
) -> Any:
    """Log in through the login form, as a person would; returns the response."""
    url = "/connexion" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": user.email, "password": password or user.password})


def sign_in(app: Any, client: Any, user: UserRef, *, second_factor_done: bool = True) -> str:
    """Open a session for ``user`` without the form (fast path for access-table tests).

    Writes the session token into the client's cookie exactly as a real login does.
    """
    with app.app_context(), write_transaction(db.session) as session:
        token = start_session(
            session,
            session.get(User, user.id),
            second_factor_done=second_factor_done,
            ip_address="127.0.0.1",
            user_agent="tests",
        )
    with client.session_transaction() as cookie:
        cookie["_user_id"] = token
        cookie["_fresh"] = True
    return token


def totp_now(app: Any, user_id: int, offset_steps: int = 0) -> str:
    """The current TOTP code of a user (for enrolment and login tests)."""
    import time

    with app.app_context():
        secret = db.session.get(User, user_id).totp_secret
    return pyotp.TOTP(secret).at(time.time() + 30 * offset_steps)


def outbox_messages(app: Any) -> list[Message]:
    """Every e-mail written to the test outbox, oldest first."""
    folder = Path(app.config["OUTBOX_DIR"])
    if not folder.exists():
        return []
    return [
        email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
        for p in sorted(folder.glob("*.eml"))
    ]


def message_text(message: Message) -> str:
    """The text/plain part of a message, decoded."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_content()
    raise AssertionError("no text part")


def message_html(message: Message) -> str:
    """The text/html part of a message, decoded."""
    for part in message.walk():
        if part.get_content_type() == "text/html":
            return part.get_content()
    raise AssertionError("no HTML part")


def link_in(message: Message, path_fragment: str) -> str:
    """The path of the first link in ``message`` that contains ``path_fragment``."""
    for url in re.findall(r"https?://\S+", message_text(message)):
        if path_fragment in url:
            return re.sub(r"^https?://[^/]+", "", url)
    raise AssertionError(f"no link with {path_fragment!r} in {message['Subject']!r}")


def last_message_to(app: Any, address: str) -> Message:
    """The most recent e-mail sent to ``address``."""
    for message in reversed(outbox_messages(app)):
        if message["To"] == address:
            return message
    raise AssertionError(f"no e-mail to {address}")


def without_tokens(page: str, typed: str = "") -> str:
    """A page minus what legitimately differs between two answers: what the visitor typed and
    the CSRF token (signed with a timestamp, so it changes every second)."""
    page = page.replace(typed, "") if typed else page
    return re.sub(r"<(?:meta|input)[^>]*csrf[-_]token[^>]*>", "", page)


def stored_totp_secret(app: Any, user_id: int) -> str:
    """A user's TOTP secret column as the database holds it (sealed)."""
    with app.app_context():
        return db.session.execute(
            text("SELECT totp_secret FROM user_account WHERE id = :id"), {"id": user_id}
        ).scalar_one()


def read_totp_secret(app: Any, user_id: int) -> str | None:
    """A user's TOTP secret as the application reads it (opened)."""
    with app.app_context():
        return db.session.get(User, user_id).totp_secret


def redirect_target(response: Any) -> str:
    """Where ``response`` sends the visitor: its ``Location`` after asserting a 302 (what the
    application's redirects answer). ``assert redirect_target(r) == "/compte"``."""
    assert response.status_code == 302, (response.status_code, response.get_data(as_text=True))
    return str(response.headers["Location"])
