"""Plural rules of the source language: the messages are written in French.

Without a catalogue, gettext picks the singular only for exactly 1 (the English rule), so
« 0 réponses sur 18 » would be printed. French uses the singular for 0 and 1 as well; this
domain falls back to that rule for every message no catalogue translates.
"""

from __future__ import annotations

import gettext
from typing import Any

from flask import g, has_app_context
from flask_babel import Domain, get_locale


class _FrenchSource(gettext.NullTranslations):
    """The untranslated message, with the French plural rule (singular below 2)."""

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return msgid1 if abs(n) < 2 else msgid2

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self.ngettext(msgid1, msgid2, n)


class FrenchSourceDomain(Domain):
    """Flask-Babel's domain whose translations fall back to French plurals, looked up once per
    request and locale: Flask-Babel looks them up for every string (0.1 ms each; a page
    translates hundreds, lazy labels and form fields included)."""

    def get_translations(self) -> Any:
        if not has_app_context():
            return super().get_translations()
        locale = get_locale()  # force_locale (a mail in its reader's language) changes it
        last = g.get("_charter_domain_translations")
        if last is not None and last[0] is locale:
            return last[1]
        translations = super().get_translations()
        if getattr(translations, "_fallback", None) is None:
            translations.add_fallback(_FrenchSource())
        g._charter_domain_translations = (locale, translations)
        return translations
