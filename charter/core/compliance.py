"""Compliance verdict of a signatory (docs/design.md §6), as a pure function of plain facts.

Three rules:
- signature: an active signature of the current charter version (or of the previous one while
  its grace period runs) that has not expired;
- self-assessment: the provider questionnaire submitted within the last 12 months, with an
  index of at least 60 and no essential question failed;
- outreach: at least one client diagnosis accompanied in the last 12 months.

"conforme" when all hold, "a_regulariser" when the signature holds but another rule does not,
"non_conforme" when the signature does not hold. Every unmet rule gives a ``Reason`` whose
French label is shown in the Region's list, the detail page and the exports.

Dates are inclusive: ``expires_on`` and ``grace_until`` are the last valid days, and a
self-assessment exactly ``self_assessment_max_age_days`` old is still valid.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from charter.core.i18n import N_

SignatureStatus = Literal["pending", "active", "suspended", "revoked", "rejected", "expired"]
VerdictCode = Literal["conforme", "a_regulariser", "non_conforme"]

#: Reason code -> French label (translated by the web layer with gettext).
REASONS: dict[str, str] = {
    "signature_missing": N_("Aucune signature de la charte"),
    "signature_pending": N_("Signature en attente de validation par la Région"),
    "signature_suspended": N_("Signature suspendue"),
    "signature_revoked": N_("Signature révoquée"),
    "signature_rejected": N_("Signature refusée"),
    "signature_expired": N_("Signature expirée : elle doit être renouvelée"),
    "signature_outdated": N_(
        "Signature d'une version antérieure de la charte : à signer de nouveau"
    ),
    "self_assessment_missing": N_("Aucune autoévaluation transmise"),
    "self_assessment_outdated": N_("Autoévaluation de plus de 12 mois : à refaire"),
    "self_assessment_low_index": N_("Indice de l'autoévaluation inférieur au seuil requis"),
    "self_assessment_essential_failed": N_(
        "Autoévaluation : au moins une question essentielle n'est pas satisfaite"
    ),
    "outreach_missing": N_("Aucun diagnostic client accompagné au cours des 12 derniers mois"),
}

#: French labels of the verdicts (translated by the web layer).
VERDICT_LABELS: dict[str, str] = {
    "conforme": N_("Conforme"),
    "a_regulariser": N_("À régulariser"),
    "non_conforme": N_("Non conforme"),
}

SIGNATURE_CODES = frozenset(code for code in REASONS if code.startswith("signature_"))


@dataclass(frozen=True)
class ComplianceThresholds:
    """Configurable thresholds; defaults are those of docs/design.md §6."""

    self_assessment_max_age_days: int = 365
    min_index: float = 60.0
    min_accompanied: int = 1
    accompanied_window_days: int = 365


@dataclass(frozen=True)
class SignatoryFacts:
    """What the database knows about a signatory, gathered by the web layer.

    ``grace_until`` is set when a newer charter was published and a signature of the previous
    version stays valid until that day. ``accompanied_count`` counts client diagnoses
    accompanied since ``accompanied_window_start(today, thresholds)``.
    """

    signature_status: SignatureStatus | None = None
    signature_charter_version: str | None = None
    current_charter_version: str | None = None
    signature_expires_on: date | None = None
    grace_until: date | None = None
    self_assessment_submitted_on: date | None = None
    self_assessment_index: float | None = None
    self_assessment_failed_essential: bool = False
    accompanied_count: int = 0


@dataclass(frozen=True)
class Reason:
    """One unmet rule: a stable ``code`` (for filters and exports) and its French label."""

    code: str
    label: str


@dataclass(frozen=True)
class Verdict:
    """Result of ``evaluate``: the verdict code and the unmet rules, signature reasons first."""

    code: VerdictCode
    reasons: tuple[Reason, ...]


def accompanied_window_start(today: date, thresholds: ComplianceThresholds) -> date:
    """First day counted for accompanied diagnoses (those on or after it count).

    Called by the web layer's query that fills ``SignatoryFacts.accompanied_count``.
    """
    return today - timedelta(days=thresholds.accompanied_window_days)


def _signature_codes(facts: SignatoryFacts, today: date) -> list[str]:
    if facts.signature_status is None:
        return ["signature_missing"]
    if facts.signature_status != "active":
        return [f"signature_{facts.signature_status}"]
    codes = []
    if facts.signature_expires_on is None or today > facts.signature_expires_on:
        codes.append("signature_expired")
    same_version = facts.signature_charter_version == facts.current_charter_version
    in_grace = facts.grace_until is not None and today <= facts.grace_until
    if not (same_version or in_grace):
        codes.append("signature_outdated")
    return codes


def _self_assessment_codes(
    facts: SignatoryFacts, today: date, thresholds: ComplianceThresholds
) -> list[str]:
    submitted = facts.self_assessment_submitted_on
    if submitted is None:
        return ["self_assessment_missing"]
    if (today - submitted).days > thresholds.self_assessment_max_age_days:
        # Index and essentials of a stale assessment are moot: the fix is a new one.
        return ["self_assessment_outdated"]
    codes = []
    if facts.self_assessment_index is None or facts.self_assessment_index < thresholds.min_index:
        codes.append("self_assessment_low_index")
    if facts.self_assessment_failed_essential:
        codes.append("self_assessment_essential_failed")
    return codes


def evaluate(
    facts: SignatoryFacts, today: date, thresholds: ComplianceThresholds | None = None
) -> Verdict:
    """Return the compliance verdict of one signatory on ``today`` with its reasons.

    Called by the Region's compliance list, the detail page and the CSV/XLSX exports.
    """
    thresholds = thresholds or ComplianceThresholds()
    codes = _signature_codes(facts, today)
    codes += _self_assessment_codes(facts, today, thresholds)
    if facts.accompanied_count < thresholds.min_accompanied:
        codes.append("outreach_missing")
    return _verdict(tuple(codes))


def verdict_of(codes: tuple[str, ...]) -> Verdict:
    """The verdict whose unmet rules are ``codes`` (as ``evaluate`` orders them).

    Called by the web layer when it reads a kept standing (codes stored, verdict rebuilt).
    """
    return _verdict(tuple(codes))


@functools.lru_cache(maxsize=256)
def _verdict(codes: tuple[str, ...]) -> Verdict:
    # A handful of reason combinations recur across thousands of signatories: one shared,
    # immutable Verdict per combination keeps the Region's list fast.
    code: VerdictCode
    if any(c in SIGNATURE_CODES for c in codes):
        code = "non_conforme"
    else:
        code = "a_regulariser" if codes else "conforme"
    return Verdict(code, tuple(Reason(c, REASONS[c]) for c in codes))
