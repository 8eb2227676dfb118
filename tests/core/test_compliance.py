"""Compliance verdict (docs/design.md §6): every branch and every date or index boundary."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from charter.core.compliance import (
    REASONS,
    ComplianceThresholds,
    SignatoryFacts,
    accompanied_window_start,
    evaluate,
)

TODAY = date(2025, 6, 15)
GOOD = SignatoryFacts(
    signature_status="active",
    signature_charter_version="2",
    current_charter_version="2",
    signature_expires_on=date(2026, 1, 1),
    self_assessment_submitted_on=date(2025, 3, 1),
    self_assessment_index=75.0,
    accompanied_count=2,
)


def codes(
    facts: SignatoryFacts, today: date = TODAY, thresholds: ComplianceThresholds | None = None
) -> tuple[str, tuple[str, ...]]:
    verdict = evaluate(facts, today, thresholds or ComplianceThresholds())
    return verdict.code, tuple(r.code for r in verdict.reasons)


def test_everything_holds() -> None:
    assert codes(GOOD) == ("conforme", ())
    assert evaluate(GOOD, TODAY).reasons == ()  # default thresholds


def test_default_thresholds() -> None:
    assert ComplianceThresholds() == ComplianceThresholds(365, 60.0, 1, 365)


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("pending", "signature_pending"),
        ("suspended", "signature_suspended"),
        ("revoked", "signature_revoked"),
        ("rejected", "signature_rejected"),
        ("expired", "signature_expired"),
    ],
)
def test_signature_not_active(status: str, code: str) -> None:
    assert codes(replace(GOOD, signature_status=status)) == ("non_conforme", (code,))  # type: ignore[arg-type]


def test_no_signature_at_all() -> None:
    facts = SignatoryFacts(current_charter_version="2")
    assert codes(facts) == (
        "non_conforme",
        ("signature_missing", "self_assessment_missing", "outreach_missing"),
    )


@pytest.mark.parametrize(
    ("expires", "valid"),
    [
        (TODAY, True),
        (TODAY + timedelta(days=1), True),
        (TODAY - timedelta(days=1), False),
    ],
)
def test_expiry_day_is_the_last_valid_day(expires: date, valid: bool) -> None:
    result = codes(replace(GOOD, signature_expires_on=expires))
    assert result == (("conforme", ()) if valid else ("non_conforme", ("signature_expired",)))


def test_missing_expiry_date_is_not_valid() -> None:
    assert codes(replace(GOOD, signature_expires_on=None)) == (
        "non_conforme",
        ("signature_expired",),
    )


@pytest.mark.parametrize(
    ("grace", "valid"),
    [
        (None, False),
        (TODAY, True),
        (TODAY + timedelta(days=30), True),
        (TODAY - timedelta(days=1), False),
    ],
)
def test_older_charter_version_valid_only_during_grace(grace: date | None, valid: bool) -> None:
    facts = replace(GOOD, signature_charter_version="1", grace_until=grace)
    assert codes(facts) == (
        ("conforme", ()) if valid else ("non_conforme", ("signature_outdated",))
    )


def test_expired_and_outdated_both_reported() -> None:
    facts = replace(
        GOOD, signature_charter_version="1", signature_expires_on=TODAY - timedelta(days=1)
    )
    assert codes(facts) == ("non_conforme", ("signature_expired", "signature_outdated"))


@pytest.mark.parametrize(("age", "valid"), [(0, True), (364, True), (365, True), (366, False)])
def test_self_assessment_age_boundary(age: int, valid: bool) -> None:
    facts = replace(GOOD, self_assessment_submitted_on=TODAY - timedelta(days=age))
    assert codes(facts) == (
        ("conforme", ()) if valid else ("a_regulariser", ("self_assessment_outdated",))
    )


def test_outdated_self_assessment_hides_its_index_and_essentials() -> None:
    facts = replace(
        GOOD,
        self_assessment_submitted_on=TODAY - timedelta(days=400),
        self_assessment_index=10,
        self_assessment_failed_essential=True,
    )
    assert codes(facts) == ("a_regulariser", ("self_assessment_outdated",))


def test_missing_self_assessment() -> None:
    facts = replace(GOOD, self_assessment_submitted_on=None, self_assessment_index=None)
    assert codes(facts) == ("a_regulariser", ("self_assessment_missing",))


@pytest.mark.parametrize(
    ("index", "valid"), [(60.0, True), (59.99, False), (100, True), (None, False)]
)
def test_index_threshold_is_inclusive(index: float | None, valid: bool) -> None:
    result = codes(replace(GOOD, self_assessment_index=index))
    assert result == (
        ("conforme", ()) if valid else ("a_regulariser", ("self_assessment_low_index",))
    )


def test_failed_essential() -> None:
    facts = replace(GOOD, self_assessment_failed_essential=True, self_assessment_index=50)
    assert codes(facts) == (
        "a_regulariser",
        ("self_assessment_low_index", "self_assessment_essential_failed"),
    )


@pytest.mark.parametrize(("count", "valid"), [(0, False), (1, True), (5, True)])
def test_outreach(count: int, valid: bool) -> None:
    result = codes(replace(GOOD, accompanied_count=count))
    assert result == (("conforme", ()) if valid else ("a_regulariser", ("outreach_missing",)))


def test_signature_failure_wins_and_keeps_other_reasons() -> None:
    facts = replace(GOOD, signature_status="suspended", accompanied_count=0)
    assert codes(facts) == ("non_conforme", ("signature_suspended", "outreach_missing"))


def test_configured_thresholds() -> None:
    strict = ComplianceThresholds(self_assessment_max_age_days=30, min_index=80, min_accompanied=3)
    assert codes(GOOD, thresholds=strict) == (
        "a_regulariser",
        ("self_assessment_outdated", "outreach_missing"),
    )
    facts = replace(GOOD, self_assessment_submitted_on=TODAY, accompanied_count=3)
    assert codes(facts, thresholds=strict) == ("a_regulariser", ("self_assessment_low_index",))


def test_reasons_carry_french_labels() -> None:
    verdict = evaluate(SignatoryFacts(), TODAY)
    assert verdict.reasons[0].label == "Aucune signature de la charte"
    assert all(reason.label == REASONS[reason.code] for reason in verdict.reasons)
    assert len(set(REASONS.values())) == len(REASONS)


def test_window_start() -> None:
    assert accompanied_window_start(TODAY, ComplianceThresholds()) == date(2024, 6, 15)
