"""Rules of the Region's requests for changes: when one is overdue, when to remind.

Pure functions, no Flask and no database. A request is overdue when it is not closed, the
company has not said « c'est fait », and its deadline (the last day allowed) has passed.
Reminders go out a few days before the deadline (``CHANGE_REQUEST_REMINDER_DAYS``), each step
once, and not at all once the company has said it is done.

Who calls this: ``charter.services.change_requests`` (pages, list filters, reminders).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from charter.core.i18n import N_

#: French labels of a request's status, as the company and the Region read them.
STATUS_LABELS: dict[str, str] = {
    "open": N_("En attente de votre réponse"),
    "answered": N_("Réponse envoyée à la Région"),
    "closed": N_("Close"),
}

#: The list's filter values (query string ``demande``) and their labels.
LIST_FILTERS: dict[str, str] = {
    "en_cours": N_("Demande en cours"),
    "en_retard": N_("Demande en retard"),
}

DEFAULT_REMINDER_DAYS = (7, 1)


def is_overdue(deadline: date, today: date, *, closed: bool, done: bool) -> bool:
    """Whether the request is late: still open, not said done, past its deadline."""
    return not closed and not done and today > deadline


def due_reminder(
    deadline: date,
    today: date,
    reminded_days: int | None,
    schedule: Iterable[int] = DEFAULT_REMINDER_DAYS,
) -> int | None:
    """The reminder step (days before the deadline) due on ``today``, or None.

    The due step is the smallest scheduled step not below the days left; it is due only if
    no step that close was sent yet (``reminded_days`` is the last one sent). A missed day
    sends the nearest step only, never a burst of old ones; nothing after the deadline.
    """
    left = (deadline - today).days
    if left < 0:
        return None
    steps = sorted(d for d in schedule if d >= left)
    if not steps:
        return None
    step = steps[0]
    if reminded_days is not None and reminded_days <= step:
        return None
    return step
