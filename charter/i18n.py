"""Plural rules of the source language: the messages are written in French.

Without a catalogue, gettext picks the singular only for exactly 1 (the English rule), so
« 0 réponses sur 18 » would be printed. French uses the singular for 0 and 1 as well; this
domain falls back to that rule for every message no catalogue translates.
"""

from __future__ import annotations

import gettext

from flask_babel import Domain


class _FrenchSource(gettext.NullTranslations):
    """The untranslated message, with the French plural rule (singular below 2)."""

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return msgid1 if abs(n) < 2 else msgid2

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self.ngettext(msgid1, msgid2, n)


class FrenchSourceDomain(Domain):
    """Flask-Babel's domain whose translations fall back to French plurals."""

    def get_translations(self):  # type: ignore[no-untyped-def]
        translations = super().get_translations()
        fallback = getattr(translations, "_fallback", None)
        if fallback is None:
            translations.add_fallback(_FrenchSource())
        return translations
