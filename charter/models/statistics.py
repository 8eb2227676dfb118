"""What the Region's anonymised statistics read: each SME's latest diagnosis, reduced.

Derived data, written in the same transaction as the submission it comes from
(``charter.services.statistics.record_submission``): the dashboard then aggregates small
numeric rows instead of opening every frozen result (100,000 diagnoses would take seconds).
It holds scores only, never answers; the organisation's department is read by a join.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from charter.db import UTCDateTime
from charter.extensions import db


class SmeMaturity(db.Model):
    """An SME's latest submitted diagnosis: its questionnaire, date and index."""

    __tablename__ = "sme_maturity"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    questionnaire_slug: Mapped[str] = mapped_column(String(60))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    index: Mapped[float | None] = mapped_column()


class SmeThemeScore(db.Model):
    """The score of one theme in an SME's latest diagnosis (themes not applicable: no row)."""

    __tablename__ = "sme_theme_score"
    __table_args__ = (Index("ix_sme_theme_score_theme", "questionnaire_slug", "theme_id", "score"),)

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    theme_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    questionnaire_slug: Mapped[str] = mapped_column(String(60))
    score: Mapped[float] = mapped_column()
