"""Published versions of the charter: never edited once published, only superseded."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from charter.core.charter_text import CharterText, paragraphs
from charter.db import UTCDateTime, utcnow
from charter.extensions import db


class CharterVersion(db.Model):
    """One version of the charter text, as loaded by ``charter publish-charter FILE``.

    The current version is the latest published one (``superseded_at`` is None); publishing a
    new one stamps ``superseded_at`` on the previous, which starts its signatures' grace period.
    ``text_hash`` is the SHA-256 of the canonical text (``charter.core.charter_text``).
    """

    __tablename__ = "charter_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)
    preamble: Mapped[str] = mapped_column(Text)
    #: [{"number", "title", "text", "evidence"}...] in number order.
    commitments: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    text_hash: Mapped[str] = mapped_column(String(64), unique=True)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def preamble_paragraphs(self) -> list[str]:
        """The preamble split into paragraphs, for display."""
        return paragraphs(self.preamble)

    def as_text(self) -> CharterText:
        """The version as the pure core's model (to rebuild its canonical text and hash)."""
        return CharterText.model_validate(
            {
                "version": self.label,
                "title": self.title,
                "summary": self.summary,
                "preamble": self.preamble,
                "commitments": self.commitments,
            }
        )

    def __repr__(self) -> str:
        return f"<CharterVersion {self.label}>"
