"""French formatting shared by the reports, the charts and (if it wishes) the web layer.

Numbers use a decimal comma and a no-break space before "%"; dates are written out in French
("1er mars 2026"); ANSSI references are spelt in full. ``esc`` is the one way to put text that
comes from users or content files into a reportlab ``Paragraph`` (whose mini-language would
otherwise read ``<img src="/etc/passwd"/>`` in an organisation name as an instruction).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from charter.core.numbers import number_text
from charter.core.results import PlanCost
from charter.reports.i18n import N_, _

NBSP = "\u00a0"

#: A day of each month, as its msgid: the translation may reorder day, month and year.
_DATES = (
    N_("%(day)s janvier %(year)s"),
    N_("%(day)s février %(year)s"),
    N_("%(day)s mars %(year)s"),
    N_("%(day)s avril %(year)s"),
    N_("%(day)s mai %(year)s"),
    N_("%(day)s juin %(year)s"),
    N_("%(day)s juillet %(year)s"),
    N_("%(day)s août %(year)s"),
    N_("%(day)s septembre %(year)s"),
    N_("%(day)s octobre %(year)s"),
    N_("%(day)s novembre %(year)s"),
    N_("%(day)s décembre %(year)s"),
)

#: A month of a series ("janv. 2026").
_MONTHS = (
    N_("janv. %(year)s"),
    N_("févr. %(year)s"),
    N_("mars %(year)s"),
    N_("avr. %(year)s"),
    N_("mai %(year)s"),
    N_("juin %(year)s"),
    N_("juil. %(year)s"),
    N_("août %(year)s"),
    N_("sept. %(year)s"),
    N_("oct. %(year)s"),
    N_("nov. %(year)s"),
    N_("déc. %(year)s"),
)

_EFFORTS = {"low": N_("faible"), "medium": N_("moyen"), "high": N_("important")}

_REFERENCE = re.compile(r"^(hygiene|cpme|regles)-(\d+)$")
_REFERENCE_LABELS = {
    "hygiene": N_("Guide d'hygiène ANSSI, mesure %(number)s"),
    "cpme": N_("Guide des bonnes pratiques de l'informatique ANSSI-CPME, règle %(number)s"),
    "regles": N_("Règles d'or de sécurité ANSSI, règle %(number)s"),
}

try:
    _PARIS: ZoneInfo | None = ZoneInfo("Europe/Paris")
except ZoneInfoNotFoundError:  # pragma: no cover - a machine without the tz database
    _PARIS = None


def esc(text: object) -> str:
    """Escape ``&``, ``<``, ``>`` and quotes so reportlab prints ``text`` literally.

    Called for every user or content string placed in a Paragraph, a table cell made of a
    Paragraph, or a markup attribute.
    """
    return escape(str(text), {'"': "&quot;", "'": "&#39;"})


_BEFORE_PUNCTUATION = re.compile(r" +([:;?!»%])")
_AFTER_GUILLEMET = re.compile(r"« +")


def french_spacing(text: str) -> str:
    """Use no-break spaces where French typography wants them: « Bon », "Effort :", "12 %".

    So that a line never starts with "»", ":" or "?". Called by the paragraph helpers.
    """
    return _AFTER_GUILLEMET.sub("«" + NBSP, _BEFORE_PUNCTUATION.sub(NBSP + r"\1", text))


def fr_score(value: float | None) -> str:
    """A score out of 100 for tables: "52,5", or "non applicable" when ``value`` is None."""
    return _("non applicable") if value is None else number_text(value)


def local_date(moment: datetime | date) -> date:
    """The calendar day of ``moment`` in Paris (aware datetimes), or the date itself."""
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            raise ValueError("datetimes given to the reports must be timezone-aware")
        return (moment.astimezone(_PARIS) if _PARIS else moment).date()
    return moment


def fr_date(moment: datetime | date) -> str:
    """Write a day out: "1er mars 2026", "12 mars 2026" (translated: the language's own order).
    Called by every renderer."""
    day = local_date(moment)
    number = _("1er") if day.day == 1 else str(day.day)
    return _(_DATES[day.month - 1], day=number, year=day.year)


def fr_month(moment: date) -> str:
    """A short month label for series: "janv. 2026", "mai 2026". Called by the dashboard."""
    return _(_MONTHS[moment.month - 1], year=moment.year)


def format_siret(siret: str) -> str:
    """Group a 14-digit SIRET as "123 456 789 00012" (SIREN, then NIC).

    Spaces in the input are ignored; anything that is not 14 digits raises ValueError. Called by
    the certificate and usable by the web layer.
    """
    digits = re.sub(r"\s", "", siret)
    if not re.fullmatch(r"\d{14}", digits):
        raise ValueError("a SIRET has 14 digits")
    return f"{digits[0:3]} {digits[3:6]} {digits[6:9]} {digits[9:]}"


def effort_label(effort: str) -> str:
    """French word for a measure's effort ("faible", "moyen", "important"), translated."""
    label = _EFFORTS.get(effort)
    return effort if label is None else _(label)


def euros(amount: int) -> str:
    """An amount in euros with French digit groups: 1500 -> "1 500 €" (no-break spaces)."""
    return f"{number_text(amount, 0)}{NBSP}€"


def cost_label(cost: PlanCost | None, short: bool = False) -> str | None:
    """What a measure costs, in words: "Gratuit", "Jusqu'à 60 € HT par an", "100 à 500 € HT".

    ``short`` leaves out what the amount covers (for the cover's summary table). None when the
    measure has no cost (a plan frozen before costs existed). Called by the PDF report, the
    exports and the results page, so that all say the same.
    """
    if cost is None:
        return None
    if cost.free:
        return _("Gratuit")
    if cost.min == 0:
        label = _("Jusqu'à %(max)s HT", max=euros(cost.max))
    elif cost.min == cost.max:
        label = _("%(amount)s HT", amount=euros(cost.max))
    else:
        label = _("%(min)s à %(max)s HT", min=number_text(cost.min, 0), max=euros(cost.max))
    return f"{label} {cost.per}" if cost.per and not short else label


def reference_label(reference: str) -> str:
    """An ANSSI reference in full: "hygiene-37" -> "Guide d'hygiène ANSSI, mesure 37"."""
    match = _REFERENCE.match(reference)
    if match is None:
        return reference
    return _(_REFERENCE_LABELS[match.group(1)], number=match.group(2))


def wrap_words(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Split ``text`` into lines no wider than ``width`` according to ``measure(str) -> float``.

    A single word longer than the width is cut where it overflows, so nothing spills out of a
    chart. Called by the chart builders for axis and bar labels.
    """
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while measure(current) > width and len(current) > 1:
            cut = len(current) - 1
            while cut > 1 and measure(current[:cut] + "-") > width:
                cut -= 1
            lines.append(current[:cut] + "-")
            current = current[cut:]
    if current:
        lines.append(current)
    return lines or [""]
