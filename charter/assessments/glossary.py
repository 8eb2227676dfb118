"""Glossary terms of questions and measures, looked up once per process.

Questionnaires and the glossary are immutable data, so which terms a question mentions never
changes for a given pair: matching the whole glossary against every text on every page view
(a quarter of a theme page's time) would repeat the same answer. The cache is keyed by the
*identity* of the glossary and of the question or measure: the definitions are loaded once per
process and never change, and hashing a frozen pydantic model hashes all it holds, every time
(70 nested hashes per lookup: a fifth of the results page's time went there).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from charter.core.questionnaire import Glossary, GlossaryTerm, Measure, Question
from charter.core.questionnaire.glossary import terms_for_measure, terms_for_question
from charter.definitions import definitions

#: (id of the glossary, id of the item) -> (the glossary, the item, its terms). The objects are
#: kept with their terms so that their ids cannot be reused while the entry exists.
_CACHE: dict[tuple[int, int], tuple[Any, Any, tuple[GlossaryTerm, ...]]] = {}
_LIMIT = 8192


def question_terms(question: Question) -> tuple[GlossaryTerm, ...]:
    """The glossary terms a question (text, help, options) mentions."""
    return _cached(definitions().glossary, question, terms_for_question)


def measure_terms(measure: Measure) -> tuple[GlossaryTerm, ...]:
    """The glossary terms a measure mentions."""
    return _cached(definitions().glossary, measure, terms_for_measure)


def _cached(
    glossary: Glossary,
    item: Any,
    find: Callable[[Glossary, Any], tuple[GlossaryTerm, ...]],
) -> tuple[GlossaryTerm, ...]:
    key = (id(glossary), id(item))
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is glossary and hit[1] is item:
        return hit[2]
    terms = tuple(find(glossary, item))
    if len(_CACHE) >= _LIMIT:  # definitions reloaded many times (tests): start again
        _CACHE.clear()
    _CACHE[key] = (glossary, item, terms)
    return terms
