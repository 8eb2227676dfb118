"""Secrets the application must read back, sealed with a key that the database does not hold.

Passwords and recovery codes are hashed: they are only ever compared. A TOTP seed cannot be:
the server needs it to compute the expected code. So it is encrypted at rest (Fernet:
AES-128-CBC and HMAC-SHA256, authenticated) with a key derived from ``SECRET_KEY``, which lives
in the configuration and never in the database: a stolen database, dump or backup does not
give anyone's second factor away (ASVS 5.0, V11.1.3 and V13.3.2; docs/design.md §8).

Rotation follows Flask's own: with the old key in ``SECRET_KEY_FALLBACKS``, what it sealed still
opens, and every seed written afterwards is sealed with the new key.

Who calls this: the :class:`charter.db.SealedString` column type (``User.totp_secret``) and the
migration that sealed the seeds stored before it existed.
"""

from __future__ import annotations

import base64
import functools
import logging

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

log = logging.getLogger(__name__)

#: Binds the derived key to this one use: SECRET_KEY also signs cookies and links.
_PURPOSE = b"charte-cyber-normandie/sealed-column/v1"


def _derive(secret: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_PURPOSE).derive(
        secret.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


@functools.lru_cache(maxsize=8)
def _box(secrets: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([_derive(secret) for secret in secrets])


def _current_box() -> MultiFernet:
    config = current_app.config
    fallbacks = config.get("SECRET_KEY_FALLBACKS") or ()
    return _box((config["SECRET_KEY"], *fallbacks))


def seal(text: str) -> str:
    """``text`` encrypted with the current key, as ASCII (a Fernet token)."""
    return _current_box().encrypt(text.encode()).decode("ascii")


def unseal(token: str) -> str | None:
    """What :func:`seal` sealed, or None when no configured key opens it (logged: the secret
    key changed without its predecessor in SECRET_KEY_FALLBACKS). The caller then treats the
    secret as absent: a TOTP code is refused, recovery codes still work."""
    try:
        return _current_box().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeError):
        log.error(
            "a sealed value cannot be opened with SECRET_KEY or SECRET_KEY_FALLBACKS: "
            "was the secret key changed without keeping the old one as a fallback?"
        )
        return None
