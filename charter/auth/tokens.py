"""Signed, expiring, single-use links for e-mail verification and password reset.

Nothing is stored: the signature proves the link came from us, the timestamp bounds its age,
and single use comes from what the link carries. A verification link names the address it
verifies and dies once the address is verified; a reset link carries the account's
``security_stamp``, which every password change bumps.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from charter.models import User

VERIFY_SALT = "charter.email-verification"
RESET_SALT = "charter.password-reset"
VERIFY_MAX_AGE = timedelta(hours=48)
RESET_MAX_AGE = timedelta(minutes=30)


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _email_fingerprint(email: str) -> str:
    # The address itself stays out of the link (and so out of proxy logs).
    return hashlib.sha256(email.encode()).hexdigest()[:16]


def verification_token(user: User) -> str:
    """A link token confirming ``user``'s current e-mail address."""
    return _serializer(VERIFY_SALT).dumps([user.id, _email_fingerprint(user.email)])


def read_verification_token(token: str) -> tuple[int, str] | None:
    """The (user id, address fingerprint) of a valid, unexpired token, else None."""
    try:
        user_id, fingerprint = _serializer(VERIFY_SALT).loads(
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
    return _serializer(RESET_SALT).dumps([user.id, user.security_stamp])


def read_reset_token(token: str) -> tuple[int, int] | None:
    """The (user id, security stamp) of a valid, unexpired reset token, else None."""
    try:
        user_id, stamp = _serializer(RESET_SALT).loads(
            token, max_age=int(RESET_MAX_AGE.total_seconds())
        )
    except (BadSignature, ValueError, TypeError):
        return None
    return int(user_id), int(stamp)
