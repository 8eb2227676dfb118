"""The provider's checklist: the verdict split by rule, with the day each rule stops counting."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from charter.core.compliance import ComplianceThresholds, SignatoryFacts, evaluate
from charter.core.compliance_checklist import ChecklistFacts, checklist, outreach_until

TODAY = date(2026, 12, 7)
LIMITS = ComplianceThresholds()


def facts(**changes) -> SignatoryFacts:
    base = {
        "signature_status": "active",
        "signature_charter_version": "1.0",
        "current_charter_version": "1.0",
        "signature_expires_on": TODAY + timedelta(days=700),
        "self_assessment_submitted_on": TODAY - timedelta(days=10),
        "self_assessment_index": 72.0,
        "accompanied_count": 2,
    }
    return SignatoryFacts(**{**base, **changes})


def listed(signatory: SignatoryFacts, accompanied_on=()) -> ChecklistFacts:
    return ChecklistFacts(
        valid_until=signatory.signature_expires_on,
        assessed_on=signatory.self_assessment_submitted_on,
        index=signatory.self_assessment_index,
        failed_essential=signatory.self_assessment_failed_essential,
        accompanied=signatory.accompanied_count,
        accompanied_on=accompanied_on,
    )


def test_a_compliant_provider_sees_three_ticks_and_their_end_dates():
    signatory = facts()
    shown = checklist(
        evaluate(signatory, TODAY),
        listed(signatory, [TODAY - timedelta(days=30), TODAY - timedelta(days=3)]),
    )
    assert shown.verdict.code == "conforme"
    assert all(item.met for item in shown.items)
    assert shown.item("signature").until == TODAY + timedelta(days=700)
    assert shown.item("self_assessment").until == TODAY - timedelta(days=10) + timedelta(days=365)
    assert shown.item("outreach").until == TODAY - timedelta(days=3) + timedelta(days=365)


def test_validated_today_without_self_assessment_says_what_to_do():
    signatory = facts(
        self_assessment_submitted_on=None, self_assessment_index=None, accompanied_count=0
    )
    shown = checklist(evaluate(signatory, TODAY), listed(signatory))
    assert shown.verdict.code == "a_regulariser"
    assert shown.item("signature").met
    missing = shown.item("self_assessment")
    assert not missing.met and missing.until is None
    assert [r.code for r in missing.reasons] == ["self_assessment_missing"]
    assert [r.code for r in shown.item("outreach").reasons] == ["outreach_missing"]


def test_low_index_and_failed_essentials_are_the_self_assessment_reasons():
    signatory = facts(self_assessment_index=55.0, self_assessment_failed_essential=True)
    item = checklist(evaluate(signatory, TODAY), listed(signatory)).item("self_assessment")
    assert [r.code for r in item.reasons] == [
        "self_assessment_low_index",
        "self_assessment_essential_failed",
    ]


def test_a_pending_signature_is_the_signature_item():
    signatory = facts(signature_status="pending")
    shown = checklist(evaluate(signatory, TODAY), listed(signatory))
    assert shown.verdict.code == "non_conforme"
    assert [r.code for r in shown.item("signature").reasons] == ["signature_pending"]
    assert shown.item("self_assessment").met


def test_outreach_ends_when_the_minimum_th_latest_diagnosis_leaves_the_window():
    limits = ComplianceThresholds(min_accompanied=2)
    days = [date(2026, 1, 1), date(2026, 6, 1), date(2026, 3, 1)]
    assert outreach_until(days, limits) == date(2026, 3, 1) + timedelta(days=365)
    assert outreach_until(days[:1], limits) is None


@given(
    st.lists(st.dates(date(2025, 1, 1), date(2026, 12, 7)), max_size=6),
    st.integers(min_value=1, max_value=4),
)
def test_outreach_until_is_the_last_day_the_count_meets_the_minimum(days, minimum):
    limits = ComplianceThresholds(min_accompanied=minimum)
    end = outreach_until(days, limits)

    def counted(on: date) -> int:  # every diagnosis is in the past: it counts until d + window
        return sum(1 for d in days if on <= d + timedelta(days=limits.accompanied_window_days))

    if end is None:
        assert len(days) < minimum
    else:
        assert counted(end) >= minimum
        assert counted(end + timedelta(days=1)) < minimum
