"""When a request for changes is overdue, and which reminder is due."""

from __future__ import annotations

from datetime import date, timedelta

from charter.core.change_requests import due_reminder, is_overdue

DEADLINE = date(2027, 1, 15)


def test_overdue_only_after_the_deadline_while_open_and_not_done():
    assert not is_overdue(DEADLINE, DEADLINE, closed=False, done=False)
    assert is_overdue(DEADLINE, DEADLINE + timedelta(days=1), closed=False, done=False)
    assert not is_overdue(DEADLINE, DEADLINE + timedelta(days=1), closed=True, done=False)
    assert not is_overdue(DEADLINE, DEADLINE + timedelta(days=1), closed=False, done=True)


def test_reminders_seven_days_then_one_day_before_each_once():
    assert due_reminder(DEADLINE, DEADLINE - timedelta(days=8), None) is None
    assert due_reminder(DEADLINE, DEADLINE - timedelta(days=7), None) == 7
    assert due_reminder(DEADLINE, DEADLINE - timedelta(days=5), 7) is None
    assert due_reminder(DEADLINE, DEADLINE - timedelta(days=1), 7) == 1
    assert due_reminder(DEADLINE, DEADLINE, 1) is None
    assert due_reminder(DEADLINE, DEADLINE + timedelta(days=1), None) is None


def test_a_missed_day_sends_only_the_nearest_step():
    assert due_reminder(DEADLINE, DEADLINE, None) == 1
    assert due_reminder(DEADLINE, DEADLINE - timedelta(days=3), None) == 7
