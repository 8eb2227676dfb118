"""An organisation's progress on its action plan: read it, change one action.

Who calls this: the SME's « Mon plan d'action » page (members of the organisation, checked by
the view), the provider's client page (read-only, with consent), the exports and the follow-up
mails. Changes own their transaction and are audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.core.audience import Audience
from charter.core.plan_tracking import (
    DISMISSED,
    STATE_LABELS,
    ActionProgress,
    TrackedAction,
    track,
)
from charter.db import utcnow, write_transaction
from charter.models import (
    ActionState,
    Assessment,
    AssessmentStatus,
    PlanAction,
    QuestionnaireVersion,
)
from charter.services import audit
from charter.services.assessments import frozen_result
from charter.services.dates import today
from charter.services.members import names_of

MAX_NOTE_LENGTH = 2000
MAX_OWNER_LENGTH = 120


class InvalidAction(ValueError):
    """The change cannot be recorded; ``field`` names the offending input."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


@dataclass(frozen=True)
class ActionChange:
    """What the plan page posts for one action, already parsed."""

    state: str
    reason: str | None = None
    owner: str | None = None
    due_on: date | None = None
    note: str | None = None


def progress_of(session: Session, organization_id: int) -> dict[str, ActionProgress]:
    """The organisation's recorded progress, by measure id."""
    rows = list(
        session.scalars(select(PlanAction).where(PlanAction.organization_id == organization_id))
    )
    names = names_of(session, {row.updated_by_id for row in rows})
    return {row.measure_id: _progress(row, names.get(row.updated_by_id or 0)) for row in rows}


def latest_diagnosis(session: Session, organization_id: int) -> Assessment | None:
    """The organisation's most recent submitted SME diagnosis, whatever the questionnaire."""
    return session.scalars(
        select(Assessment)
        .join(QuestionnaireVersion)
        .where(
            Assessment.organization_id == organization_id,
            Assessment.status == AssessmentStatus.SUBMITTED,
            QuestionnaireVersion.audience == Audience.SME,
        )
        .order_by(Assessment.submitted_at.desc(), Assessment.id.desc())
        .limit(1)
    ).first()


def tracked_plan(
    session: Session, assessment: Assessment, day: date | None = None
) -> list[TrackedAction]:
    """The submitted assessment's plan, each action with the organisation's progress."""
    result = frozen_result(assessment)
    assert assessment.submitted_at is not None
    return track(
        result.priorities,
        result.others,
        progress_of(session, assessment.organization_id),
        submitted_at=assessment.submitted_at,
        today=day or today(),
    )


def _clean(text: str | None, limit: int) -> str | None:
    return (text or "").strip()[:limit] or None


def update_action(
    session: Session, *, actor_id: int, organization_id: int, measure_id: str, change: ActionChange
) -> ActionProgress:
    """Record the state, owner, target date and note of one measure of the organisation's plan.

    The caller checks that the actor belongs to the organisation and that the measure is in one
    of its plans. Raises :class:`InvalidAction` for an unknown state or « écarté » without a
    reason.
    """
    if change.state not in STATE_LABELS:
        raise InvalidAction("state")
    reason = _clean(change.reason, MAX_NOTE_LENGTH) if change.state == DISMISSED else None
    if change.state == DISMISSED and reason is None:
        raise InvalidAction("reason")
    with write_transaction(session):
        row = session.scalar(
            select(PlanAction).where(
                PlanAction.organization_id == organization_id, PlanAction.measure_id == measure_id
            )
        )
        now = utcnow()
        if row is None:
            row = PlanAction(organization_id=organization_id, measure_id=measure_id)
            session.add(row)
        state = ActionState(change.state)
        previous = row.state.value if row.state is not None else None
        # Every save confirms the state: « fait » kept after a new diagnosis is no longer
        # flagged as contradicted by it.
        row.state_changed_at = now
        row.state = state
        row.reason = reason
        row.owner = _clean(change.owner, MAX_OWNER_LENGTH)
        row.due_on = change.due_on
        row.note = _clean(change.note, MAX_NOTE_LENGTH)
        row.updated_at = now
        row.updated_by_id = actor_id
        session.flush()
        audit.record(
            session,
            "plan_action.updated",
            actor_id=actor_id,
            target_type="organization",
            target_id=organization_id,
            details={"measure": measure_id, "state": change.state, "previous": previous},
        )
        return _progress(row, names_of(session, [actor_id]).get(actor_id))


def _progress(row: PlanAction, changed_by: str | None = None) -> ActionProgress:
    return ActionProgress(
        state=row.state.value,
        reason=row.reason,
        owner=row.owner,
        due_on=row.due_on,
        note=row.note,
        state_changed_at=row.state_changed_at,
        changed_by=changed_by,
    )
