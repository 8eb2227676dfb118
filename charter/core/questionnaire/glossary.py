"""Find which glossary words appear in a text, to show their definitions ("Mots expliqués").

Matching is case-insensitive on whole words: "MFA" matches "activer la MFA." but not "MFAX";
a multi-word term matches whatever spaces or line breaks separate its words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from charter.core.questionnaire.model import (
    ContextQuestion,
    Glossary,
    GlossaryTerm,
    Measure,
    Question,
)


@lru_cache(maxsize=1024)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first so that "authentification à deux facteurs" wins over a shorter alias.
    alternatives = sorted(
        (r"\s+".join(re.escape(part) for part in word.split()) for word in words),
        key=len,
        reverse=True,
    )
    # (?<!\w) / (?!\w) instead of \b: they also work for words starting or ending with a
    # non-letter (e.g. "Wi-Fi", "2FA") and respect accented letters.
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def mentions(term: GlossaryTerm, text: str) -> bool:
    """Tell whether ``term`` or one of its aliases appears as a whole word in ``text``.

    Called by ``find_terms``; usable by the web layer to highlight a single term.
    """
    return _pattern((term.term, *term.aliases)).search(text) is not None


def spans(term: GlossaryTerm, text: str) -> list[tuple[int, int]]:
    """Where ``term`` or one of its aliases appears in ``text``, as (start, end) pairs.

    Called by the content gates (``tests/content``) to tell whether a technical word is
    explained where it stands: "clé USB" explains the "USB" inside it.
    """
    return [match.span() for match in _pattern((term.term, *term.aliases)).finditer(text)]


def find_terms(glossary: Glossary, *texts: str | None) -> tuple[GlossaryTerm, ...]:
    """Return the glossary terms mentioned in any of ``texts``, in glossary order.

    Called by the web layer and the PDF report next to a question or a measure.
    """
    present = [text for text in texts if text]
    return tuple(t for t in glossary.terms if any(mentions(t, text) for text in present))


def terms_for_question(
    glossary: Glossary, question: Question | ContextQuestion
) -> tuple[GlossaryTerm, ...]:
    """Terms mentioned in a question's text, help or option labels. Called by the journey."""
    return find_terms(glossary, question.text, question.help, *(o.label for o in question.options))


def terms_for_measure(glossary: Glossary, measure: Measure) -> tuple[GlossaryTerm, ...]:
    """Terms mentioned in a measure's title, why or how. Called by the report and the plan."""
    return find_terms(glossary, measure.title, measure.why, measure.how)
