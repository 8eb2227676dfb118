"""Questionnaire versions as loaded, and the assessments answered on them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from charter.db import UTCDateTime, utcnow
from charter.extensions import db
from charter.models.types import enum_column

if TYPE_CHECKING:
    from charter.models.organization import Organization


class QuestionnaireVersion(db.Model):
    """An immutable snapshot of one version of a questionnaire file.

    Assessments point here, never at the file: their scores and reports stay the same years
    later, whatever happens to ``questionnaires/``.
    """

    __tablename__ = "questionnaire_version"
    __table_args__ = (UniqueConstraint("slug", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), index=True)
    version: Mapped[int] = mapped_column()
    audience: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    #: Deferred: parsed once per process by ``questionnaire_of``, never reloaded per request.
    definition: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    sha256: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AssessmentStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Assessment(db.Model):
    """One diagnosis (or self-assessment) of an organisation on one questionnaire version.

    While a draft, answers change; at submission the result is computed once and frozen in
    ``result`` (with ``index`` and ``level_id`` copied out for listings and statistics).
    """

    __tablename__ = "assessment"
    __table_args__ = (Index("ix_assessment_org_status", "organization_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: None for a quick diagnosis filled without an account (charter.services.anonymous), until
    #: the visitor keeps it in an organisation.
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    #: SHA-256 of the random token an anonymous visitor's session holds; None once kept.
    anonymous_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    questionnaire_version_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_version.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[AssessmentStatus] = mapped_column(
        enum_column(AssessmentStatus), default=AssessmentStatus.DRAFT
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: Peer figures frozen at submission (charter.services.peers), None under five peers.
    peers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    index: Mapped[float | None] = mapped_column()
    level_id: Mapped[str | None] = mapped_column(String(40))
    #: The diagnosis whose answers this one started from (a re-assessment), if any.
    based_on_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment.id", ondelete="SET NULL")
    )
    #: Bumped by every change, so that a stale tab learns the diagnosis moved on (or was sent).
    lock_version: Mapped[int] = mapped_column(default=1)

    organization: Mapped[Organization | None] = relationship()
    based_on: Mapped[Assessment | None] = relationship(remote_side=[id])
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )

    @property
    def is_draft(self) -> bool:
        return self.status is AssessmentStatus.DRAFT

    @property
    def is_anonymous(self) -> bool:
        """Filled without an account and not kept in an organisation (yet)."""
        return self.organization_id is None


class Answer(db.Model):
    """The answer to one question (scored or context) of an assessment.

    ``revision`` starts at 1 and grows with each change: a save that names an older revision
    is refused, so two tabs never silently overwrite each other.
    """

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("assessment_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[str] = mapped_column(String(80))
    value: Mapped[str | None] = mapped_column(String(80))
    comment: Mapped[str | None] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(default=1)
    #: Copied from the previous diagnosis and not yet looked at again (a re-assessment).
    carried_over: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    assessment: Mapped[Assessment] = relationship(back_populates="answers")
