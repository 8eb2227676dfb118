"""Translation of the reports' texts (PDFs, charts, exports), without Flask in the reports.

Every user-visible text of a report is written in French and that French is the gettext msgid:
``_("Signée le")`` where it is used, ``N_("...")`` where it is defined at import time (module
constants, translated with ``_()`` where they are printed). ``make messages`` extracts both.

``_`` and ``ngettext`` use the translations the application hands over when it starts
(``charter.templating``: the request's Flask-Babel translations, which keep the French plural
rule for messages no catalogue translates). Without them (outside an application context: the
benchmark, unit tests) they return the French text, with the French plural rule (singular
below 2). Either way the French output is the same, byte for byte.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable

from charter.core.i18n import N_

__all__ = ["N_", "_", "install", "ngettext"]

Lookup = Callable[[], gettext.NullTranslations | None]


def _none() -> gettext.NullTranslations | None:
    return None


_translations: Lookup = _none


def install(lookup: Lookup) -> None:
    """Make the reports translate with what ``lookup()`` returns: the current translations,
    or None outside an application context. Called once by the application factory."""
    global _translations
    _translations = lookup


def _(message: str, **variables: object) -> str:
    """``message`` translated, then formatted with ``variables`` (``%(name)s``) when given.

    Called by every report module at render time, never at import time.
    """
    translations = _translations()
    text = message if translations is None else translations.gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, count: int, **variables: object) -> str:
    """The singular or plural form for ``count``, translated, then formatted with ``count``
    (``%(count)s``) and ``variables``."""
    translations = _translations()
    if translations is None:
        text = singular if abs(count) < 2 else plural  # French: singular below 2
    else:
        text = translations.ngettext(singular, plural, count)
    return text % {"count": count, **variables}
