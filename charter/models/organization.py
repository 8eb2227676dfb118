"""Organisations: the IT service providers that sign the charter and the SMEs they serve."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from charter.core.audience import Audience
from charter.db import UTCDateTime, utcnow
from charter.extensions import db
from charter.models.types import enum_column

if TYPE_CHECKING:
    from charter.models.user import User


#: What an organisation is in the programme: the audience it belongs to (one enum for both).
OrganizationKind = Audience


class Organization(db.Model):
    """A company registered on the service, identified by its SIRET (one establishment)."""

    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OrganizationKind] = mapped_column(enum_column(OrganizationKind), index=True)
    name: Mapped[str] = mapped_column(String(200))
    siret: Mapped[str] = mapped_column(String(14), unique=True)
    department: Mapped[str] = mapped_column(String(3), index=True)
    #: SMEs: codes from charter.referential.SECTORS and SIZE_BANDS.
    sector: Mapped[str | None] = mapped_column(String(40))
    size_band: Mapped[str | None] = mapped_column(String(20))
    #: Providers: codes from charter.referential.PROVIDER_SERVICES.
    services: Mapped[list[str]] = mapped_column(JSON, default=list)
    website: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(100))
    #: Providers: whether an active signatory appears in the public directory.
    directory_consent: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Last change of the company profile by a member (charter commitment 10 asks for it).
    profile_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    members: Mapped[list[User]] = relationship(back_populates="organization")

    @property
    def is_provider(self) -> bool:
        return self.kind is OrganizationKind.PROVIDER

    def __repr__(self) -> str:
        return f"<Organization {self.id} {self.kind.value} {self.siret}>"
