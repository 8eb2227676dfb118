"""What an organisation does with its action plan, and the follow-up mails it was sent."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from charter.db import UTCDateTime, utcnow
from charter.extensions import db
from charter.models.types import enum_column


class ActionState(enum.StrEnum):
    """Where an action of the plan stands (« à faire », « en cours », « fait », « écarté »)."""

    TODO = "todo"
    DOING = "doing"
    DONE = "done"
    DISMISSED = "dismissed"


class PlanAction(db.Model):
    """An organisation's progress on one measure, whatever diagnosis proposed it.

    Keyed by organisation and measure id (not by diagnosis): the next diagnosis that triggers
    the same measure finds its status, owner, date and note where they were left.
    ``state_changed_at`` (set by every save, which confirms the state) tells whether « fait »
    was said before or after the latest diagnosis.
    """

    __tablename__ = "plan_action"
    __table_args__ = (UniqueConstraint("organization_id", "measure_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    measure_id: Mapped[str] = mapped_column(String(80))
    state: Mapped[ActionState] = mapped_column(enum_column(ActionState), default=ActionState.TODO)
    #: Why the action was set aside (required for « écarté »).
    reason: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(120))
    due_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    state_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )


class FollowUpReminder(db.Model):
    """A follow-up mail claimed for one diagnosis and milestone (6 or 12 months): never twice."""

    __tablename__ = "follow_up_reminder"
    __table_args__ = (UniqueConstraint("assessment_id", "months"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True
    )
    months: Mapped[int] = mapped_column()
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Who asked for it: None for ``charter send-reminders``, else the provider's member.
    sent_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
