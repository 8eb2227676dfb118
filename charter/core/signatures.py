"""The life of a charter signature, as pure functions of plain values (no Flask, no database).

Stored statuses (what the Region decided): ``pending`` → ``active`` or ``rejected``; an active
signature may be ``suspended`` (and reinstated), ``revoked``, or ``superseded`` when a newer
signature of the same organisation is validated. Expiry is not stored: it follows from the
date, so a signature is "expired" on any day after its last valid day, which is the earlier of
its expiry date and, when a newer charter version was published, the end of the grace period.

Who calls this: ``charter.services.signatures`` (transitions, numbers, hashes), the directory
and verification pages (public state), the reminders command (schedule).
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from charter.core.i18n import N_

Status = Literal["pending", "active", "rejected", "suspended", "revoked", "superseded"]
PublicState = Literal["valid", "expired", "suspended", "revoked", "unknown"]

#: Status changes a decision may make; anything else is refused by the service.
TRANSITIONS: dict[str, frozenset[str]] = {
    "pending": frozenset({"active", "rejected"}),
    "active": frozenset({"suspended", "revoked", "superseded"}),
    "suspended": frozenset({"active", "revoked"}),
    "rejected": frozenset(),
    "revoked": frozenset(),
    "superseded": frozenset(),
}

#: French labels of the stored statuses (translated by the web layer).
STATUS_LABELS: dict[str, str] = {
    "pending": N_("En attente de validation"),
    "active": N_("Validée"),
    "rejected": N_("Refusée"),
    "suspended": N_("Suspendue"),
    "revoked": N_("Révoquée"),
    "superseded": N_("Remplacée"),
}

#: French labels of what the public verification page says.
PUBLIC_STATE_LABELS: dict[str, str] = {
    "valid": N_("Valide"),
    "expired": N_("Expirée"),
    "suspended": N_("Suspendue"),
    "revoked": N_("Révoquée"),
    "unknown": N_("Inconnue"),
}

CERTIFICATE_PREFIX = "CCN"
_NUMBER = re.compile(r"^CCN-(\d{4})-(\d{5,})$")


def may_change(current: str, new: str) -> bool:
    """Whether a signature in status ``current`` may move to ``new``."""
    return new in TRANSITIONS.get(current, frozenset())


# ------------------------------------------------------------------------------ text hash


def signed_hash(canonical_text: str, organisation_name: str, siret: str) -> str:
    """SHA-256 (hex) of what a signatory signs: the charter text, the company name and SIRET.

    Canonical JSON (sorted keys, no spaces, UTF-8): anyone holding the charter text and the
    signature's name and SIRET can recompute it (docs/signatures.md).
    """
    payload = json.dumps(
        {"charter": canonical_text, "organisation": organisation_name, "siret": siret},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------- certificate numbers


def certificate_number(year: int, serial: int) -> str:
    """``CCN-2026-00042``: the prefix, the year of validation and a serial counted per year."""
    if serial < 1 or not 1000 <= year <= 9999:
        raise ValueError("a certificate number needs a four-digit year and a serial from 1")
    return f"{CERTIFICATE_PREFIX}-{year:04d}-{serial:05d}"


def normalise_certificate_number(text: str) -> str | None:
    """The canonical form of a typed or scanned number, or None if it cannot be one.

    Spaces are dropped and letters upper-cased, so "ccn-2026-00042 " finds CCN-2026-00042.
    """
    candidate = "".join(text.split()).upper()
    return candidate if len(candidate) <= 30 and _NUMBER.match(candidate) else None


# ------------------------------------------------------------------------------------- dates


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clamped to the month's end (29 Feb → 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiry_date(
    validated_on: date, validity_months: int, carried_over_until: date | None = None
) -> date:
    """Last valid day of a signature validated on ``validated_on``.

    ``carried_over_until`` is the last valid day of the signature it renews, when both are of
    the same charter version: renewing early loses no day. The period counts from the later of
    the two dates.
    """
    start = max(validated_on, carried_over_until) if carried_over_until else validated_on
    return add_months(start, validity_months)


def grace_end(superseded_on: date | None, grace_days: int) -> date | None:
    """Last day a signature of a superseded charter version stays valid (None: still current)."""
    return None if superseded_on is None else superseded_on + timedelta(days=grace_days)


def valid_until(expires_on: date | None, grace_until: date | None) -> date | None:
    """The last valid day: the expiry, or the end of the grace period if that comes first."""
    candidates = [d for d in (expires_on, grace_until) if d is not None]
    return min(candidates) if candidates else None


def public_state(status: str, last_valid_day: date | None, today: date) -> PublicState:
    """What the verification page says of a certificate on ``today``.

    A signature never validated has no certificate (``unknown``); a superseded one is no longer
    valid (``expired``: the page names the certificate that replaced it).
    """
    if status == "suspended":
        return "suspended"
    if status == "revoked":
        return "revoked"
    if status == "superseded":
        return "expired"
    if status != "active" or last_valid_day is None:
        return "unknown"
    return "valid" if today <= last_valid_day else "expired"


# ------------------------------------------------------------------------------- reminders


def due_reminder(
    last_valid_day: date, today: date, already_sent: Iterable[int], schedule: Iterable[int]
) -> int | None:
    """The reminder (days before the last valid day) to send today, or None.

    The due one is the smallest step of ``schedule`` not below the days left; it is sent once.
    A step skipped because the command did not run in time is not sent late: on day 25 the
    30-day reminder goes, never the 60-day one; once a step is sent, no larger one follows.
    """
    days_left = (last_valid_day - today).days
    if days_left < 0:
        return None
    steps = sorted(set(schedule))
    due = next((step for step in steps if days_left <= step), None)
    if due is None:
        return None
    sent = set(already_sent)
    if any(step <= due for step in sent):
        return None
    return due


# --------------------------------------------------------------------- what a provider can do


Situation = Literal[
    "none",  # never signed
    "pending",  # waiting for the Region
    "rejected",  # the last signature was refused: sign again
    "valid",  # nothing to do
    "renew",  # valid, but the end is near: renew now
    "new_version",  # valid during the grace period: sign the new version
    "expired",  # sign again
    "suspended",  # contact the Region
    "revoked",  # contact the Region
]


@dataclass(frozen=True)
class Standing:
    """A provider's signatures reduced to what decides the next step.

    ``status`` and ``last_valid_day`` are those of its standing signature (the latest one the
    Region validated, suspended or revoked), ``outdated`` says it is of an older charter
    version; ``pending`` and ``rejected_last`` describe newer signatures.
    """

    status: str | None = None
    last_valid_day: date | None = None
    outdated: bool = False
    pending: bool = False
    rejected_last: bool = False


def situation(standing: Standing, today: date, renewal_window_days: int) -> Situation:
    """The provider's situation on ``today``, from which the dashboard says what to do next."""
    if standing.pending:
        return "pending"
    if standing.rejected_last:
        return "rejected"
    if standing.status == "suspended":
        return "suspended"
    if standing.status == "revoked":
        return "revoked"
    if standing.status != "active":
        return "none"
    state = public_state("active", standing.last_valid_day, today)
    if state == "expired":
        return "expired"
    if standing.outdated:
        return "new_version"
    assert standing.last_valid_day is not None  # an active signature has a last valid day
    if (standing.last_valid_day - today).days <= renewal_window_days:
        return "renew"
    return "valid"


#: Situations in which the provider may sign (again).
MAY_SIGN: frozenset[str] = frozenset({"none", "rejected", "renew", "new_version", "expired"})
