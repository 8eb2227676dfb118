"""Tables of the documentation rendered from the questionnaire files, so that they never drift.

``docs/scoring.md`` shows the levels of every questionnaire between two markers; a content gate
renders them again from the files and fails when the page differs. Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable

from charter.core.numbers import number_text
from charter.core.questionnaire.model import Questionnaire

LEVELS_START = "<!-- niveaux : début (rendu depuis les fichiers, ne pas modifier à la main) -->"
LEVELS_END = "<!-- niveaux : fin -->"


def levels_table(questionnaires: Iterable[Questionnaire]) -> str:
    """The levels of each questionnaire, its cap and its pass mark, as Markdown (French).

    Called by the content gate that checks ``docs/scoring.md``.
    """
    lines = [
        "| Questionnaire | Niveau | À partir de |",
        "|---|---|---|",
    ]
    notes = []
    for questionnaire in sorted(questionnaires, key=lambda q: q.id):
        for level in questionnaire.levels:
            lines.append(f"| `{questionnaire.id}` | {level.name} | {number_text(level.min, 2)} |")
        cap = next(lv.name for lv in questionnaire.levels if lv.id == questionnaire.essential_cap)
        notes.append(
            f"- `{questionnaire.id}` (version {questionnaire.version}) : une question essentielle "
            f"manquée (moins de {number_text(questionnaire.essential_pass_score, 2)} sur 3) "
            f"plafonne le "
            f"niveau à « {cap} »."
        )
    return "\n".join([*lines, "", *notes])


def replace_block(page: str, start: str, end: str, block: str) -> str:
    """``page`` with the text between the ``start`` and ``end`` markers replaced by ``block``.

    Raises ValueError when a marker is missing. Called by the content gate (and an author).
    """
    head, found, rest = page.partition(start)
    if not found or end not in rest:
        raise ValueError(f"markers {start!r} and {end!r} not found")
    return f"{head}{start}\n{block}\n{end}{rest.partition(end)[2]}"
