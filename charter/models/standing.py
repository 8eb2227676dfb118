"""The kept standing of every signatory: its compliance verdict and the facts it comes from.

Derived data (docs/design.md §6): one row per provider, written in the same transaction as every
event that changes one of its facts (``charter.services.kept_standing``), and refreshed daily by
``flask charter refresh-standing`` for the facts that change with time alone (expiry, grace
period, 12-month windows). The Region's compliance list, its exports, the dashboard's counts
and the public directory read these rows instead of re-deriving 5,000 verdicts per view.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from charter.db import UTCDateTime
from charter.extensions import db

_BINARY_NAME = String(200).with_variant(String(200, collation="C"), "postgresql")
_BINARY_SIRET = String(14).with_variant(String(14, collation="C"), "postgresql")


class SignatoryStanding(db.Model):
    """One provider as the compliance list, its exports and the public directory show it."""

    __tablename__ = "signatory_standing"
    __table_args__ = (
        # The list's default order, and its common sort and filter, each with the tie-breaks:
        # a page is read in index order and stops after its rows.
        Index("ix_signatory_standing_name", "folded_name", "siret"),
        Index(
            "ix_signatory_standing_department",
            "department",
            "verdict_rank",
            "folded_name",
            "siret",
        ),
        Index("ix_signatory_standing_verdict", "verdict_rank", "folded_name", "siret"),
        # The public directory: listed rows by name, in a department or not.
        Index("ix_signatory_standing_listed", "listed", "department", "folded_name", "siret"),
        Index("ix_signatory_standing_listed_name", "listed", "folded_name", "siret"),
        # The daily refresh's "anything older than today?".
        Index("ix_signatory_standing_computed_on", "computed_on"),
        # The dashboard's counts by status and verdict: one scan of this small index, not of
        # the rows.
        Index("ix_signatory_standing_counts", "status", "verdict"),
        # The directory's validator and memo stamp: the latest write, read from the index.
        Index("ix_signatory_standing_computed_at", "computed_at"),
    )

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    # -- the organisation, as the list shows it and searches it
    name: Mapped[str] = mapped_column(String(200))
    #: Lower case without accents (``compliance_facts.fold``): search and sort by name,
    #: compared code point by code point as in Python and SQLite (the ``C`` collation on
    #: PostgreSQL, so that its indexes serve the list's order).
    folded_name: Mapped[str] = mapped_column(_BINARY_NAME)
    siret: Mapped[str] = mapped_column(_BINARY_SIRET)
    department: Mapped[str] = mapped_column(String(3))
    #: The JSON list of service codes, as the organisation stores it.
    services_json: Mapped[str] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(String(100))
    website: Mapped[str | None] = mapped_column(String(300))
    #: Name and city folded: the directory's search.
    folded_text: Mapped[str] = mapped_column(String(320))
    # -- the signature that decides
    status: Mapped[str] = mapped_column(String(20))
    #: Position of ``status`` in compliance_facts.ROW_STATUSES (the list's sort by status).
    status_rank: Mapped[int] = mapped_column()
    signature_id: Mapped[int | None] = mapped_column()
    charter_label: Mapped[str | None] = mapped_column(String(20))
    signed_on: Mapped[date | None] = mapped_column(Date)
    validated_on: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    certificate_number: Mapped[str | None] = mapped_column(String(30))
    renewal_pending: Mapped[bool] = mapped_column(default=False)
    # -- the self-assessment and the outreach
    assessed_on: Mapped[date | None] = mapped_column(Date)
    index: Mapped[float | None] = mapped_column()
    failed_essential: Mapped[bool] = mapped_column(default=False)
    accompanied: Mapped[int] = mapped_column(default=0)
    # -- the verdict
    verdict: Mapped[str] = mapped_column(String(20))
    #: Position of ``verdict`` in compliance_facts.VERDICTS (the list's sort by verdict).
    verdict_rank: Mapped[int] = mapped_column()
    #: The unmet rules' codes, space-separated, in the verdict's order.
    reasons: Mapped[str] = mapped_column(Text, default="")
    #: In the public directory today: active, valid, certified, consenting.
    listed: Mapped[bool] = mapped_column(default=False)
    #: The day the verdict holds for, and when it was computed.
    computed_on: Mapped[date] = mapped_column(Date)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime)
