"""The figures the advice repeats, kept in one place so that every text says the same thing.

A questionnaire text writes ``{{frequence-sauvegarde}}`` where it needs a figure; the loader
replaces it by the value below before validation, so the stored snapshot holds the words as
read and an old version never changes. Changing a value here changes the files' hashes: the
next load asks for a new version number, as for any other change of text. The charter's files
and the reports use the same values (a test compares them).

Pure data: no Flask, no database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

FIGURES: Mapping[str, str] = MappingProxyType(
    {
        # How often data that changes is backed up, automatically (ANSSI hygiene guide 37).
        "frequence-sauvegarde": "chaque jour ouvré",
        # How often a restore is tried, from one file to a whole computer or application.
        "frequence-test-restauration": "deux fois par an",
        # How soon a signatory tells a client about an incident that concerns it (charter).
        "delai-information-client": "24 heures",
        # GDPR art. 33: notify a personal-data breach to the CNIL within 72 hours.
        "delai-notification-cnil": "72 heures",
        # Code des assurances art. L12-10-1 (LOPMI): complaint within 72 hours for cyber cover.
        "delai-plainte": "72 heures",
        # How long security logs are kept.
        "conservation-journaux": "six mois",
        # CNIL deliberation 2022-100: a password used alone needs about 80 bits of entropy.
        "mot-de-passe-seul": (
            "12 caractères mêlant majuscules, minuscules, chiffres et caractères spéciaux"
        ),
        "phrase-de-passe": "7 mots tirés au hasard",
        # Microsoft's end of support for Windows 10 (outside paid extended updates).
        "fin-windows-10": "octobre 2025",
    }
)

PLACEHOLDER = re.compile(r"\{\{\s*([a-z0-9-]+)\s*\}\}")


def substitute(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` with every ``{{name}}`` replaced by its figure, and the unknown names found.

    Called by the questionnaire loader on every text of a file.
    """
    unknown: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in FIGURES:
            unknown.append(name)
            return match.group(0)
        return FIGURES[name]

    return PLACEHOLDER.sub(replace, text), tuple(unknown)
