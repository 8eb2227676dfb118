"""Signed, expiring, single-use links for e-mail verification and password reset.

Nothing is stored: the signature proves the link came from us, the timestamp bounds its age,
and single use comes from what the link carries. A verification link names the address it
verifies and dies once the address is verified; a reset link carries the account's
``security_stamp``, which every password change bumps.

Links are signed with ``SECRET_KEY`` and still accepted under every key of
``SECRET_KEY_FALLBACKS``: a link sent a minute before a key rotation keeps working. When a link
fails, :func:`link_problem` says why (too old, already used, or a signature no configured key
recognises), so that the page tells the visitor the truth.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.models import User

VERIFY_SALT = "charter.email-verification"
RESET_SALT = "charter.password-reset"
VERIFY_MAX_AGE = timedelta(hours=48)
RESET_MAX_AGE = timedelta(minutes=30)


#: Why a link was refused, for the page that says so.
EXPIRED, USED, INVALID = "expired", "used", "invalid"


def signing_keys() -> list[str]:
    """The keys links are checked against, the current one last (itsdangerous signs with the
    last and accepts any): Flask's own order for the session cookie."""
    config = current_app.config
    return [*(config.get("SECRET_KEY_FALLBACKS") or ()), config["SECRET_KEY"]]


def serializer(salt: str) -> URLSafeTimedSerializer:
    """The signer of one kind of link (``salt`` keeps kinds apart)."""
    return URLSafeTimedSerializer(signing_keys(), salt=salt)


def link_problem(token: str, salt: str, max_age: timedelta) -> str:
    """Why a link of kind ``salt`` was refused: ``EXPIRED`` (signature right, too old),
    ``INVALID`` (no configured key made this signature: the link is damaged, or was signed
    with a key no longer in service), or ``USED`` (signature valid: the link has done its
    work, or the account changed since)."""
    try:
        serializer(salt).loads(token, max_age=int(max_age.total_seconds()))
    except SignatureExpired:
        return EXPIRED
    except BadSignature:
        return INVALID
    return USED


def reset_problem(token: str) -> str:
    """Why a password-reset link was refused (see :func:`link_problem`)."""
    return link_problem(token, RESET_SALT, RESET_MAX_AGE)


def verification_problem(token: str) -> str:
    """Why an address-confirmation link was refused (see :func:`link_problem`)."""
    return link_problem(token, VERIFY_SALT, VERIFY_MAX_AGE)


def _email_fingerprint(email: str) -> str:
    # The address itself stays out of the link (and so out of proxy logs).
    return hashlib.sha256(email.encode()).hexdigest()[:16]


def verification_token(user: User) -> str:
    """A link token confirming ``user``'s current e-mail address."""
    return serializer(VERIFY_SALT).dumps([user.id, _email_fingerprint(user.email)])


def read_verification_token(token: str) -> tuple[int, str] | None:
    """The (user id, address fingerprint) of a valid, unexpired token, else None."""
    try:
        user_id, fingerprint = serializer(VERIFY_SALT).loads(
            token, max_age=int(VERIFY_MAX_AGE.total_seconds())
        )
    except (BadSignature, ValueError, TypeError):
        return None
    return int(user_id), str(fingerprint)


def verification_matches(user: User, fingerprint: str) -> bool:
    """Whether a verification token still applies to ``user`` (same address, not yet done)."""
    return user.email_verified_at is None and _email_fingerprint(user.email) == fingerprint


def reset_token(user: User) -> str:
    """A link token allowing one password reset for ``user``."""
    return serializer(RESET_SALT).dumps([user.id, user.security_stamp])


def read_reset_token(token: str) -> tuple[int, int] | None:
    """The (user id, security stamp) of a valid, unexpired reset token, else None."""
    try:
        user_id, stamp = serializer(RESET_SALT).loads(
            token, max_age=int(RESET_MAX_AGE.total_seconds())
        )
    except (BadSignature, ValueError, TypeError):
        return None
    return int(user_id), int(stamp)


# --------------------------------------------------------- random tokens stored as their hash
# Invitations, claims, colleague invitations, import previews, quick diagnoses and sessions
# carry a random token; the database keeps only its SHA-256, so a copy of the database opens
# nothing.

#: Longer than any token we hand out: such a value never reaches a query.
MAX_LINK_TOKEN = 100


def new_link_token() -> str:
    """A random token for a link or a session (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database keeps of a random token."""
    return hashlib.sha256(token.encode()).hexdigest()


def find_by_token(session: Session, column: Any, token: str | None) -> Any | None:
    """The row whose ``column`` (a token-hash column of an entity) holds ``token``'s hash;
    None for an empty, overlong or unknown token, whatever its state (the caller checks it)."""
    if not token or not isinstance(token, str) or len(token) > MAX_LINK_TOKEN:
        return None
    return session.scalar(select(column.class_).where(column == token_hash(token)))
