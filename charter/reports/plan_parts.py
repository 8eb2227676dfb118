"""Words and small flowables about one action of the plan, shared by the PDF and the results page.

A plan frozen before issue 16 (``entry.risk is None``) has no ranking facts, cost, time nor links:
it is shown exactly as it was, so these helpers say nothing for it. Called by
``diagnosis.py``, ``diagnosis_sections.py`` and the web layer (``assessments/results.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.platypus import Flowable

from charter.core.results import PlanEntry
from charter.reports.formatting import cost_label, esc
from charter.reports.i18n import N_, _
from charter.reports.palette import PRIMARY
from charter.reports.palette import hex_colour as hx
from charter.reports.styles import markup

#: How many « cette semaine » actions the summary lists at most.
QUICK_WIN_COUNT = 5

# Marked for the catalogue; translated where they are shown (``_(flag.label)``, in the templates
# and in the PDF).
CHECK_FIRST = N_("À vérifier d'abord")
CHECK_FIRST_HINT = N_(
    "Vous avez répondu « Je ne sais pas » à une question essentielle : vérifiez ce point, avec "
    "votre prestataire si besoin, puis appliquez la mesure s'il le faut."
)
FAILED_ESSENTIAL = N_("Protection essentielle manquante")
QUICK_WIN = N_("Cette semaine")
QUICK_WIN_HINT = N_("Gratuit et rapide : à faire dès cette semaine.")


@dataclass(frozen=True)
class Flag:
    """A short label shown beside an action, with its kind (for styling) and its explanation."""

    kind: str  # "check-first", "essential", "quick-win"
    label: str
    hint: str | None = None


def is_legacy(entry: PlanEntry) -> bool:
    """A plan entry frozen before the ranking facts existed (shown as it was then)."""
    return entry.risk is None


def flags(entry: PlanEntry) -> list[Flag]:
    """What to say beside an action: to check first, a missing essential, a quick win."""
    if is_legacy(entry):
        return []
    found: list[Flag] = []
    if entry.check_first:
        found.append(Flag("check-first", CHECK_FIRST, CHECK_FIRST_HINT))
    elif entry.failed_essential:
        found.append(Flag("essential", FAILED_ESSENTIAL))
    if entry.quick_win:
        found.append(Flag("quick-win", QUICK_WIN, QUICK_WIN_HINT))
    return found


def facts(entry: PlanEntry, effort: str) -> list[tuple[str, str]]:
    """(label, value) pairs of an action, translated: effort, then cost and time when known."""
    pairs = [(_("Effort"), effort)]
    cost = cost_label(entry.cost)
    if cost is not None:
        pairs.append((_("Coût indicatif"), cost))
    if entry.time:
        pairs.append((_("Temps"), entry.time))
    return pairs


def quick_wins(entries: Iterable[PlanEntry], count: int = QUICK_WIN_COUNT) -> list[PlanEntry]:
    """The first ``count`` quick wins of the plan, in plan order."""
    return [entry for entry in entries if entry.quick_win][:count]


def link_markup(title: str, url: str) -> str:
    """A clickable link for a Paragraph: the title, then the address in small print for paper.

    Both are escaped; the address is an https address checked against the allowlist when the
    questionnaire was loaded.
    """
    colour = hx(PRIMARY)
    return (
        f'<link href="{esc(url)}" color="{colour}"><u>{esc(title)}</u></link><br/>'
        f'<font size="7"><link href="{esc(url)}" color="{colour}">{esc(url)}</link></font>'
    )


def links_block(entry: PlanEntry) -> list[Flowable]:
    """« Pour aller plus loin » : the measure's official links, clickable."""
    if not entry.links:
        return []
    return [markup(link_markup(link.title, link.url), "small") for link in entry.links]
