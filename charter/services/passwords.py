"""Password hashing (Argon2id) and the password rule (docs/design.md §8, ANSSI, ASVS 5.0 §6.2).

The rule: at least 12 characters, at most 128, no composition rules, and not a common password
nor built on a word of our context (the product, the charter, the Region, the user's own name,
e-mail or company). No periodic change is ever forced.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app, has_app_context
from flask_babel import gettext as _

MIN_LENGTH = 12
MAX_LENGTH = 128

#: Words that make a password guessable here, whatever else surrounds them.
CONTEXT_WORDS = frozenset(
    {"charte", "charter", "cyber", "normandie", "normandy", "region", "cci", "anssi", "ccn"}
)

#: RFC 9106's second recommended profile (what argon2-cffi uses by default): the production
#: parameters, also ``PASSWORD_HASHING``'s default in charter/config.py.
PRODUCTION_PARAMETERS = {"time_cost": 3, "memory_cost": 65536, "parallelism": 4}


@cache
def _hasher_with(time_cost: int, memory_cost: int, parallelism: int) -> tuple[PasswordHasher, str]:
    """A hasher with these parameters, and the hash of an unguessable password checked when the
    account does not exist (so that a login for an unknown e-mail takes as long as one for a
    known e-mail)."""
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
    return hasher, hasher.hash("dummy password that nobody will ever type !")


def _hasher() -> tuple[PasswordHasher, str]:
    """The hasher of the current application's ``PASSWORD_HASHING`` (production's outside an
    application context)."""
    parameters: dict[str, Any] = PRODUCTION_PARAMETERS
    if has_app_context():
        parameters = current_app.config.get("PASSWORD_HASHING") or PRODUCTION_PARAMETERS
    return _hasher_with(
        int(parameters["time_cost"]), int(parameters["memory_cost"]), int(parameters["parallelism"])
    )


def hash_password(password: str) -> str:
    """Return the Argon2id hash of ``password`` (salted, encoded with its parameters)."""
    return _hasher()[0].hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check ``password`` against ``stored_hash`` in roughly constant time.

    With no stored hash (unknown account), a dummy verification still runs.
    """
    hasher, dummy = _hasher()
    try:
        return hasher.verify(stored_hash or dummy, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether the hash was made with other parameters than today's and should be redone."""
    return _hasher()[0].check_needs_rehash(stored_hash)


@cache
def _common_passwords() -> frozenset[str]:
    packed = resources.files("charter.data").joinpath("common-passwords.txt.gz").read_bytes()
    text = gzip.decompress(packed).decode("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def _fold(text: str) -> str:
    """Lowercase without accents, so that "Région" and "region" are the same word."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


#: Runs of characters people type as "random": digits, alphabet, French and US keyboard rows.
_SEQUENCES = (
    "01234567890123456789",
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
    "azertyuiopqsdfghjklmwxcvbnazertyuiop",
    "qwertyuiopasdfghjklzxcvbnmqwertyuiop",
)


def _is_sequence(compact: str) -> bool:
    """Whether the password is one run of a sequence, forwards or backwards."""
    return any(compact in seq or compact[::-1] in seq for seq in _SEQUENCES)


def password_problems(password: str, personal_words: Iterable[str] = ()) -> list[str]:
    """Return the reasons, in French, why ``password`` is refused; empty when it is accepted.

    ``personal_words`` are the user's name, e-mail and company name: any word of 4 letters or
    more from them may not appear in the password.
    """
    if len(password) < MIN_LENGTH:
        return [_("Le mot de passe doit contenir au moins %(n)d caractères.", n=MIN_LENGTH)]
    if len(password) > MAX_LENGTH:
        return [_("Le mot de passe ne doit pas dépasser %(n)d caractères.", n=MAX_LENGTH)]
    folded = _fold(password)
    compact = re.sub(r"[^a-z0-9]", "", folded)
    # "Azertyuiop123!" is "azertyuiop" dressed up: strip what surrounds the letters too.
    core = re.sub(r"^[^a-z]+|[^a-z]+$", "", folded)
    common = _common_passwords()
    problems = []
    if {folded, compact, core} & common or len(set(folded)) < 5 or _is_sequence(compact):
        problems.append(_("Ce mot de passe est trop courant : choisissez-en un autre."))
    words = set(CONTEXT_WORDS)
    for source in personal_words:
        words.update(w for w in re.split(r"[^a-z0-9]+", _fold(source or "")) if len(w) >= 4)
    found = sorted(w for w in words if w in compact)
    if found:
        problems.append(
            _(
                "Le mot de passe ne doit pas contenir de mot facile à deviner ici "
                "(par exemple « %(word)s »).",
                word=found[0],
            )
        )
    return problems
