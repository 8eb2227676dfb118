"""Following an action plan through: states, what is late, what the answers contradict.

Pure functions over plain values (no Flask, no database). A measure's progress belongs to the
organisation, not to one diagnosis (``charter.models.PlanAction``): the next diagnosis that
triggers the same measure shows it where it was left.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from charter.core.i18n import N_
from charter.core.results import PlanEntry

TODO, DOING, DONE, DISMISSED = "todo", "doing", "done", "dismissed"
#: Each state's French label, in the order the plan page offers them.
STATE_LABELS: dict[str, str] = {
    TODO: N_("À faire"),
    DOING: N_("En cours"),
    DONE: N_("Fait"),
    DISMISSED: N_("Écarté"),
}
OPEN_STATES = frozenset({TODO, DOING})


@dataclass(frozen=True)
class ActionProgress:
    """What the organisation recorded about one measure."""

    state: str = TODO
    reason: str | None = None
    owner: str | None = None
    due_on: date | None = None
    note: str | None = None
    state_changed_at: datetime | None = None
    #: Who last saved it (a name; several colleagues may follow the same plan).
    changed_by: str | None = None


NOT_STARTED = ActionProgress()


@dataclass(frozen=True)
class TrackedAction:
    """One action of a diagnosis's plan with its progress, as the plan page and exports show it."""

    rank: int
    entry: PlanEntry
    priority: bool  # one of the six to do within six months
    progress: ActionProgress
    late: bool
    #: « Fait » was said before the diagnosis, whose answers still trigger the measure.
    contradicted: bool


def is_late(progress: ActionProgress, today: date) -> bool:
    """An open action whose target date has passed."""
    return progress.state in OPEN_STATES and progress.due_on is not None and progress.due_on < today


def is_contradicted(progress: ActionProgress, submitted_at: datetime) -> bool:
    """Marked done before a diagnosis that triggered the measure again."""
    return (
        progress.state == DONE
        and progress.state_changed_at is not None
        and progress.state_changed_at < submitted_at
    )


def track(
    priorities: Iterable[PlanEntry],
    others: Iterable[PlanEntry],
    progress: Mapping[str, ActionProgress],
    *,
    submitted_at: datetime,
    today: date,
) -> list[TrackedAction]:
    """The plan of one diagnosis, in its order, each action with its recorded progress."""
    tracked = []
    entries = [(e, True) for e in priorities] + [(e, False) for e in others]
    for rank, (entry, priority) in enumerate(entries, start=1):
        found = progress.get(entry.measure_id, NOT_STARTED)
        tracked.append(
            TrackedAction(
                rank=rank,
                entry=entry,
                priority=priority,
                progress=found,
                late=is_late(found, today),
                contradicted=is_contradicted(found, submitted_at),
            )
        )
    return tracked


def counts(actions: Iterable[TrackedAction]) -> dict[str, int]:
    """How many actions are in each state (every state present, zero included)."""
    found = dict.fromkeys(STATE_LABELS, 0)
    for action in actions:
        found[action.progress.state] = found.get(action.progress.state, 0) + 1
    return found


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (31 August + 6 -> 28 February)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    last = (following - date.resolution).day
    return date(year, month, min(day.day, last))


def due_follow_up(
    diagnosed_on: date, today: date, milestones: Iterable[int], window_days: int
) -> int | None:
    """The follow-up milestone (in months) due ``today`` for a diagnosis of ``diagnosed_on``.

    The latest milestone reached, if reached less than ``window_days`` ago: a diagnosis far
    older than its last milestone (say, before the feature existed) gets no mail out of the
    blue. None when nothing is due. Which milestones were already sent is the caller's
    business (one claim per diagnosis and milestone).
    """
    reached = [m for m in milestones if add_months(diagnosed_on, m) <= today]
    if not reached:
        return None
    latest = max(reached)
    return latest if (today - add_months(diagnosed_on, latest)).days < window_days else None
