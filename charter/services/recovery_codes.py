"""Second-factor recovery codes: ten single-use codes, stored as SHA-256 (they are random).

Who calls this: the second-factor enrolment and check (``services.authentication``), and the
account page (how many are left, new ones).
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.db import utcnow, write_transaction
from charter.models import RecoveryCode, User
from charter.services import audit
from charter.services.passwords import verify_password

RECOVERY_CODE_COUNT = 10


def regenerate_recovery_codes(
    session: Session, user_id: int, password: str, *, ip: str
) -> list[str] | None:
    """Replace the recovery codes after checking the password; return the new ones or None."""
    with write_transaction(session):
        user = session.get(User, user_id)
        if (
            user is None
            or not user.totp_enabled
            or not verify_password(user.password_hash, password)
        ):
            return None
        codes = replace_recovery_codes(session, user)
        audit.record(
            session,
            "auth.recovery_codes_regenerated",
            actor_id=user.id,
            target_type="user",
            target_id=user.id,
            details={"ip": ip},
        )
    return codes


def remaining_recovery_codes(session: Session, user_id: int) -> int:
    """How many unused recovery codes an account has."""
    return len(
        session.scalars(
            select(RecoveryCode.id).where(
                RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None)
            )
        ).all()
    )


def _hash_code(code: str) -> str:
    normalised = "".join(c for c in code.lower() if c.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


def replace_recovery_codes(session: Session, user: User) -> list[str]:
    session.execute(RecoveryCode.__table__.delete().where(RecoveryCode.user_id == user.id))
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes (0/o, 1/l/i)
    codes = []
    for _i in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(alphabet) for _j in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        session.add(RecoveryCode(user_id=user.id, code_hash=_hash_code(raw)))
    return codes


def use_recovery_code(session: Session, user: User, code: str) -> bool:
    if len(code) > 40:
        return False
    row = session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash_code(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if row is None:
        return False
    row.used_at = utcnow()
    return True
