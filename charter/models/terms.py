"""Terms of use: the published versions and each user's acceptances."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from charter.db import UTCDateTime, utcnow
from charter.extensions import db


class TermsVersion(db.Model):
    """A published version of the terms of use (CGU); never edited once published.

    The version in force is the latest one whose ``effective_date`` has come (see
    :func:`charter.services.terms.current_version`); ``text_hash`` is the SHA-256 of exactly
    what users accept (:attr:`charter.core.terms.TermsDocument.text_hash`).
    """

    __tablename__ = "terms_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    #: [{"title": ..., "text": ...}, ...] in order, as in the published file.
    sections: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    text_hash: Mapped[str] = mapped_column(String(64))
    effective_date: Mapped[date] = mapped_column(Date, index=True)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<TermsVersion {self.label} {self.effective_date}>"


class TermsAcceptance(db.Model):
    """One acceptance of one version by one user; a new acceptance is a new row (history)."""

    __tablename__ = "terms_acceptance"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    terms_version_id: Mapped[int] = mapped_column(
        ForeignKey("terms_version.id", ondelete="RESTRICT"), index=True
    )
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Where the acceptance came from (proof); emptied by the retention purge after deletion.
    ip_address: Mapped[str] = mapped_column(String(64), default="")

    terms_version: Mapped[TermsVersion] = relationship()
