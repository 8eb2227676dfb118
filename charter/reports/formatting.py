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

from charter.core.i18n import N_
from charter.core.numbers import number_text
from charter.core.results import PlanCost

NBSP = "\u00a0"

_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

_SHORT_MONTHS = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)

_EFFORTS = {"low": "faible", "medium": "moyen", "high": "important"}

_REFERENCE = re.compile(r"^(hygiene|cpme|regles)-(\d+)$")
_REFERENCE_LABELS = {
    "hygiene": "Guide d'hygiène ANSSI, mesure {n}",
    "cpme": "Guide des bonnes pratiques de l'informatique ANSSI-CPME, règle {n}",
    "regles": "Règles d'or de sécurité ANSSI, règle {n}",
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
    return "non applicable" if value is None else number_text(value)


def local_date(moment: datetime | date) -> date:
    """The calendar day of ``moment`` in Paris (aware datetimes), or the date itself."""
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            raise ValueError("datetimes given to the reports must be timezone-aware")
        return (moment.astimezone(_PARIS) if _PARIS else moment).date()
    return moment


def fr_date(moment: datetime | date) -> str:
    """Write a day in French: "1er mars 2026", "12 mars 2026". Called by every renderer."""
    day = local_date(moment)
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {_MONTHS[day.month - 1]} {day.year}"


def fr_month(moment: date) -> str:
    """A short month label for series: "janv. 2026", "mai 2026". Called by the dashboard."""
    return f"{_SHORT_MONTHS[moment.month - 1]} {moment.year}"


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
    """French word for a measure's effort ("faible", "moyen", "important")."""
    return _EFFORTS.get(effort, effort)


def euros(amount: int) -> str:
    """An amount in euros with French digit groups: 1500 -> "1 500 €" (no-break spaces)."""
    return f"{number_text(amount, 0)}{NBSP}€"


def cost_label(
    cost: PlanCost | None, short: bool = False, translate: Callable[[str], str] = str
) -> str | None:
    """What a measure costs, in words: "Gratuit", "Jusqu'à 60 € HT par an", "100 à 500 € HT".

    ``short`` leaves out what the amount covers (for the cover's summary table); ``translate``
    is gettext on the web (the PDF prints French). None when the measure has no cost (a plan
    frozen before costs existed). Called by the PDF report and the results page, so that both
    say the same.
    """
    if cost is None:
        return None
    if cost.free:
        return translate(N_("Gratuit"))
    if cost.min == 0:
        label = translate(N_("Jusqu'à %(max)s HT")) % {"max": euros(cost.max)}
    elif cost.min == cost.max:
        label = translate(N_("%(amount)s HT")) % {"amount": euros(cost.max)}
    else:
        label = translate(N_("%(min)s à %(max)s HT")) % {
            "min": number_text(cost.min, 0),
            "max": euros(cost.max),
        }
    return f"{label} {cost.per}" if cost.per and not short else label


def reference_label(reference: str) -> str:
    """An ANSSI reference in full: "hygiene-37" -> "Guide d'hygiène ANSSI, mesure 37"."""
    match = _REFERENCE.match(reference)
    if match is None:
        return reference
    return _REFERENCE_LABELS[match.group(1)].format(n=match.group(2))


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
