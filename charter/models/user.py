"""People who log in, their roles, and their server-side sessions."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from charter.db import SealedString, UTCDateTime, utcnow
from charter.extensions import db
from charter.models.types import enum_column

if TYPE_CHECKING:
    from charter.models.organization import Organization


class Role(enum.StrEnum):
    """What a person may do; one role per account."""

    PROVIDER_MEMBER = "provider_member"
    SME_MEMBER = "sme_member"
    REGION_REVIEWER = "region_reviewer"
    REGION_ADMIN = "region_admin"

    @property
    def is_region(self) -> bool:
        return self in (Role.REGION_REVIEWER, Role.REGION_ADMIN)


class OrganizationRole(enum.StrEnum):
    """A person's place in their organisation: « responsable » (owner) or « membre »."""

    OWNER = "owner"
    MEMBER = "member"


class User(UserMixin, db.Model):
    """An account. Provider and SME members belong to an organisation; Region officers do not."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_column(Role), index=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    #: Owner or member of ``organization``; None without an organisation (Region officers,
    #: people who left). Every organisation keeps at least one active owner.
    organization_role: Mapped[OrganizationRole | None] = mapped_column(
        enum_column(OrganizationRole)
    )
    #: False once an administrator deactivates the account or its owner deletes it.
    active: Mapped[bool] = mapped_column(default=True)
    #: When its owner deleted it (personal data erased then; remaining traces by the purge).
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Failed logins since the last success, and the lockout they caused (docs/design.md §8).
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Second factor: base32 TOTP secret (sealed at rest: charter/sealing.py), when it was
    #: confirmed, last time step accepted.
    totp_secret: Mapped[str | None] = mapped_column(SealedString)
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column()
    #: Bumped by password changes; single-use links carry it so that they die with the password.
    security_stamp: Mapped[int] = mapped_column(default=0)
    #: Whether the six- and twelve-month follow-up mails of a diagnosis are wanted.
    follow_up_emails: Mapped[bool] = mapped_column(default=True, server_default=sa_true())

    organization: Mapped[Organization | None] = relationship(back_populates="members")

    def get_id(self) -> str:
        """Flask-Login's identifier: the session token, never the database id.

        Set by the login service or the session loader; an account with no session token
        cannot be logged in by mistake.
        """
        token = getattr(self, "session_token", None)
        if not token:
            raise RuntimeError("User.get_id() called without a session token")
        return str(token)

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def is_region(self) -> bool:
        return self.role.is_region

    @property
    def is_owner(self) -> bool:
        """Whether this person is an owner (« responsable ») of their organisation."""
        return self.organization_id is not None and self.organization_role is OrganizationRole.OWNER

    @property
    def totp_enabled(self) -> bool:
        return self.totp_enabled_at is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"


class UserSession(db.Model):
    """A logged-in browser. The cookie carries only a random token; its hash is stored here.

    Revoking the row (logout, password change, "log out my other sessions") makes every copy of
    the cookie useless, which Flask's signed cookie alone cannot do.
    """

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Whether the second factor was checked for this session (Region pages require it).
    second_factor_done: Mapped[bool] = mapped_column(default=False)
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    ip_address: Mapped[str] = mapped_column(String(64), default="")
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class RecoveryCode(db.Model):
    """A single-use second-factor recovery code, stored as a SHA-256 (codes are random)."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
