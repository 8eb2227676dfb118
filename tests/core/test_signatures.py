"""Pure rules of the signature lifecycle: dates, public state, reminders, numbers, next step."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from charter.core.signatures import (
    MAY_SIGN,
    Standing,
    add_months,
    certificate_number,
    due_reminder,
    expiry_date,
    grace_end,
    may_change,
    normalise_certificate_number,
    public_state,
    signed_hash,
    situation,
    valid_until,
)

TODAY = date(2026, 6, 15)
SCHEDULE = (60, 30, 7)


def test_add_months_clamps_to_the_end_of_the_month() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 2, 29), 24) == date(2030, 2, 28)
    assert add_months(date(2026, 11, 15), 24) == date(2028, 11, 15)
    assert add_months(date(2026, 12, 1), 1) == date(2027, 1, 1)


def test_expiry_counts_from_validation_or_from_the_renewed_signature_end() -> None:
    assert expiry_date(date(2026, 3, 1), 24) == date(2028, 3, 1)
    # renewed 40 days early: the new period starts when the old one ends
    assert expiry_date(date(2026, 3, 1), 24, date(2026, 4, 10)) == date(2028, 4, 10)
    # renewed after expiry: from validation
    assert expiry_date(date(2026, 3, 1), 24, date(2026, 1, 10)) == date(2028, 3, 1)


def test_valid_until_is_the_earlier_of_expiry_and_grace() -> None:
    assert grace_end(None, 180) is None
    assert grace_end(date(2026, 1, 1), 180) == date(2026, 6, 30)
    assert valid_until(date(2027, 1, 1), None) == date(2027, 1, 1)
    assert valid_until(date(2027, 1, 1), date(2026, 6, 30)) == date(2026, 6, 30)
    assert valid_until(None, None) is None


@pytest.mark.parametrize(
    ("status", "last_day", "expected"),
    [
        ("active", TODAY, "valid"),
        ("active", date(2026, 6, 14), "expired"),
        ("suspended", date(2030, 1, 1), "suspended"),
        ("revoked", date(2030, 1, 1), "revoked"),
        ("superseded", date(2030, 1, 1), "expired"),
        ("pending", None, "unknown"),
        ("rejected", None, "unknown"),
    ],
)
def test_public_state(status: str, last_day: date | None, expected: str) -> None:
    assert public_state(status, last_day, TODAY) == expected


def test_transitions() -> None:
    assert may_change("pending", "active") and may_change("pending", "rejected")
    assert may_change("active", "superseded") and may_change("suspended", "active")
    assert not may_change("rejected", "active")
    assert not may_change("revoked", "active")
    assert not may_change("active", "pending")


@pytest.mark.parametrize(
    ("days_left", "sent", "expected"),
    [
        (90, set(), None),
        (60, set(), 60),
        (45, set(), 60),
        (45, {60}, None),
        (30, {60}, 30),
        (25, set(), 30),  # the 60-day reminder was missed: only the most urgent goes
        (20, {30}, None),
        (7, {60, 30}, 7),
        (0, {60, 30}, 7),
        (0, {60, 30, 7}, None),
        (-1, set(), None),
    ],
)
def test_due_reminder(days_left: int, sent: set[int], expected: int | None) -> None:
    last_day = date.fromordinal(TODAY.toordinal() + days_left)
    assert due_reminder(last_day, TODAY, sent, SCHEDULE) == expected


@given(st.integers(min_value=-5, max_value=120))
def test_running_the_reminders_daily_sends_each_step_at_most_once(start: int) -> None:
    last_day = date.fromordinal(TODAY.toordinal() + start)
    sent: list[int] = []
    for offset in range(130):
        day = date.fromordinal(TODAY.toordinal() + offset)
        for _run in range(2):  # cron may run twice a day
            due = due_reminder(last_day, day, sent, SCHEDULE)
            if due is not None:
                sent.append(due)
    assert len(sent) == len(set(sent))
    assert sent == sorted(sent, reverse=True)
    if start >= 60:
        assert sent == [60, 30, 7]


def test_certificate_numbers() -> None:
    assert certificate_number(2026, 42) == "CCN-2026-00042"
    assert certificate_number(2026, 123456) == "CCN-2026-123456"
    with pytest.raises(ValueError, match="serial"):
        certificate_number(2026, 0)
    assert normalise_certificate_number(" ccn-2026-00042 ") == "CCN-2026-00042"
    assert normalise_certificate_number("CCN-2026-42") is None
    assert normalise_certificate_number("../../etc") is None
    assert normalise_certificate_number("CCN-2026-" + "1" * 40) is None


def test_signed_hash_covers_text_name_and_siret() -> None:
    base = signed_hash("Texte\n", "Société Æ", "73282932000074")
    assert len(base) == 64
    assert signed_hash("Texte\n", "Société Æ", "73282932000074") == base
    assert signed_hash("Texte!\n", "Société Æ", "73282932000074") != base
    assert signed_hash("Texte\n", "Société", "73282932000074") != base
    assert signed_hash("Texte\n", "Société Æ", "73282932000082") != base


@pytest.mark.parametrize(
    ("standing", "expected"),
    [
        (Standing(), "none"),
        (Standing(pending=True), "pending"),
        (Standing(status="active", last_valid_day=date(2027, 6, 15), pending=True), "pending"),
        (Standing(rejected_last=True), "rejected"),
        (Standing(status="active", last_valid_day=date(2027, 6, 15)), "valid"),
        (Standing(status="active", last_valid_day=date(2026, 9, 13)), "renew"),
        (Standing(status="active", last_valid_day=date(2026, 9, 14)), "valid"),
        (Standing(status="active", last_valid_day=date(2026, 6, 14)), "expired"),
        (
            Standing(status="active", last_valid_day=date(2026, 12, 1), outdated=True),
            "new_version",
        ),
        (Standing(status="suspended", last_valid_day=date(2027, 1, 1)), "suspended"),
        (Standing(status="revoked", last_valid_day=date(2027, 1, 1)), "revoked"),
    ],
)
def test_situation(standing: Standing, expected: str) -> None:
    assert situation(standing, TODAY, renewal_window_days=90) == expected


def test_who_may_sign() -> None:
    assert {"none", "rejected", "renew", "new_version", "expired"} == MAY_SIGN
