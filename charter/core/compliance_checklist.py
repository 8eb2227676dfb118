"""The provider's own view of its compliance verdict: one checklist item per rule.

The verdict itself is ``charter.core.compliance`` (kept in ``signatory_standing``); this module
splits its reasons by rule and adds, for each rule, the figures the provider needs (index against
the threshold, diagnoses against the minimum) and the day it stops counting (the signature's
last valid day, the self-assessment's expiry, the day the accompanied diagnoses fall below the
minimum). Pure: no Flask, no database.

Who calls this: the provider's dashboard (``charter.services.provider_compliance``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from charter.core.compliance import SIGNATURE_CODES, ComplianceThresholds, Reason, Verdict

ItemKey = Literal["signature", "self_assessment", "outreach"]
ITEM_KEYS: tuple[ItemKey, ...] = ("signature", "self_assessment", "outreach")


@dataclass(frozen=True)
class ChecklistFacts:
    """The kept figures of one signatory, as the Region's list holds them.

    ``accompanied_on`` are the days of the accompanied diagnoses counted now (any order).
    """

    valid_until: date | None = None
    assessed_on: date | None = None
    index: float | None = None
    failed_essential: bool = False
    accompanied: int = 0
    accompanied_on: Sequence[date] = ()


@dataclass(frozen=True)
class ChecklistItem:
    """One rule: whether it holds, the unmet reasons, and the last day it still counts."""

    key: ItemKey
    met: bool
    reasons: tuple[Reason, ...]
    #: The last day the rule still holds on today's facts (None: it does not hold, or no end).
    until: date | None


@dataclass(frozen=True)
class Checklist:
    """The verdict and its three items, in the order the dashboard shows them."""

    verdict: Verdict
    items: tuple[ChecklistItem, ...]
    min_index: float
    min_accompanied: int

    def item(self, key: ItemKey) -> ChecklistItem:
        return next(i for i in self.items if i.key == key)


def _rule_of(code: str) -> ItemKey:
    if code in SIGNATURE_CODES:
        return "signature"
    if code.startswith("self_assessment_"):
        return "self_assessment"
    return "outreach"


def outreach_until(days: Sequence[date], thresholds: ComplianceThresholds) -> date | None:
    """The last day on which at least ``min_accompanied`` of these diagnoses still count
    (each counts for ``accompanied_window_days`` after its day); None when too few."""
    if thresholds.min_accompanied <= 0:
        return None
    ordered = sorted(days, reverse=True)
    if len(ordered) < thresholds.min_accompanied:
        return None
    return ordered[thresholds.min_accompanied - 1] + timedelta(
        days=thresholds.accompanied_window_days
    )


def checklist(
    verdict: Verdict, facts: ChecklistFacts, thresholds: ComplianceThresholds | None = None
) -> Checklist:
    """Split ``verdict`` into the three rules of docs/design.md §6, with their end dates."""
    thresholds = thresholds or ComplianceThresholds()
    by_rule: dict[ItemKey, list[Reason]] = {key: [] for key in ITEM_KEYS}
    for reason in verdict.reasons:
        by_rule[_rule_of(reason.code)].append(reason)
    until: dict[ItemKey, date | None] = {
        "signature": facts.valid_until,
        "self_assessment": (
            facts.assessed_on + timedelta(days=thresholds.self_assessment_max_age_days)
            if facts.assessed_on
            else None
        ),
        "outreach": outreach_until(facts.accompanied_on, thresholds),
    }
    items = tuple(
        ChecklistItem(
            key=key,
            met=not by_rule[key],
            reasons=tuple(by_rule[key]),
            until=until[key] if not by_rule[key] else None,
        )
        for key in ITEM_KEYS
    )
    return Checklist(verdict, items, thresholds.min_index, thresholds.min_accompanied)
