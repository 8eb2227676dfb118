"""Each organisation's latest submitted assessment, reduced to a few numbers.

Derived data, written in the same transaction as the submission it comes from
(``charter.services.statistics.record_submission``): the Region's compliance list reads the
providers' rows (date, index, failed essentials) and the dashboard aggregates the SMEs' rows
(index, theme scores), instead of opening every frozen result: at 100,000 diagnoses that would
parse close to a gigabyte of JSON per page. Scores only, never answers; the organisation's
department is read by a join.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from charter.db import UTCDateTime
from charter.extensions import db
from charter.models.assessment import Assessment
from charter.models.signature import Signature


class LatestAssessment(db.Model):
    """An organisation's latest submitted assessment: questionnaire, date, index, essentials."""

    __tablename__ = "latest_assessment"
    __table_args__ = (Index("ix_latest_assessment_audience", "audience", "department", "index"),)

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    #: "sme" or "provider", as the questionnaire's audience.
    audience: Mapped[str] = mapped_column(String(20))
    #: Where the organisation was established when it answered: the statistics by department
    #: count a diagnosis where it was made (and read no organisation row).
    department: Mapped[str] = mapped_column(String(3))
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    questionnaire_slug: Mapped[str] = mapped_column(String(60))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    index: Mapped[float | None] = mapped_column()
    #: How many essential questions failed (the compliance verdict needs none).
    failed_essentials: Mapped[int] = mapped_column(default=0)


class LatestThemeScore(db.Model):
    """The score of one theme in an SME's latest diagnosis (themes not applicable: no row)."""

    __tablename__ = "latest_theme_score"
    __table_args__ = (
        Index("ix_latest_theme_score_theme", "questionnaire_slug", "theme_id", "score"),
    )

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    theme_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    questionnaire_slug: Mapped[str] = mapped_column(String(60))
    score: Mapped[float] = mapped_column()


class MaturityTotal(db.Model):
    """Running totals of the SMEs' latest diagnoses, what the dashboard's means and spreads
    need: count, sum and sum of squares of the index per department (``scope`` "department",
    ``key`` the department code, ``item`` empty), and of each theme's score (``scope`` "theme",
    ``key`` the questionnaire slug, ``item`` the theme id).

    Kept by ``charter.services.maturity`` at each submission (the previous latest diagnosis of
    the SME taken out, the new one added), recomputed from ``latest_assessment`` and
    ``latest_theme_score`` after bulk changes; ``flask charter refresh-statistics --check``
    compares both.
    """

    __tablename__ = "maturity_total"

    scope: Mapped[str] = mapped_column(String(20), primary_key=True)
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    item: Mapped[str] = mapped_column(String(80), primary_key=True)
    n: Mapped[int] = mapped_column(default=0)
    total: Mapped[float] = mapped_column(default=0.0)
    squares: Mapped[float] = mapped_column(default=0.0)


class MonthlyCount(db.Model):
    """How many signatures were signed (``kind`` "signatures"), and how many SME diagnoses
    submitted (``kind`` "diagnoses"), in each calendar month (Paris time, ``month`` its first
    day) by organisations of each department (where the organisation is now).

    Kept by ``charter.services.monthly_counts`` in the transaction of every event that changes
    them (a signature made or deleted, a diagnosis submitted or deleted, an organisation that
    moves), recomputed after bulk changes; ``flask charter refresh-statistics --check``
    compares them with a count of the facts. The dashboard's twelve months read a few dozen
    rows instead of counting 100,000 diagnoses.
    """

    __tablename__ = "monthly_count"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    department: Mapped[str] = mapped_column(String(3), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    n: Mapped[int] = mapped_column(default=0)


#: The accompanied-diagnosis count (charter.services.outreach) joins every sharing client to
#: its diagnoses in a window: with every column it reads in the index, SQLite never opens the
#: assessment rows (each holds kilobytes of frozen JSON). 103 ms -> 34 ms at 100,000 diagnoses.
#: The dashboard's diagnoses per month: twelve range counts that never leave this index. The
#: date leads: with the status first, SQLite (without statistics) drove the accompanied count
#: from this index instead of the one below, 30 ms -> 180 ms.
Index(
    "ix_assessment_submitted_status",
    Assessment.submitted_at,
    Assessment.status,
    Assessment.questionnaire_version_id,
)
Index(
    "ix_assessment_org_submitted",
    Assessment.organization_id,
    Assessment.status,
    Assessment.submitted_at,
    Assessment.questionnaire_version_id,
)
#: Signatures per month on the dashboard.
Index("ix_signature_signed_at", Signature.signed_at)
