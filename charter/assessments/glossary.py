"""Glossary terms of questions and measures, looked up once per process.

Questionnaires and the glossary are immutable data, so which terms a question mentions never
changes for a given pair: matching the whole glossary against every text on every page view
(a quarter of a theme page's time) would repeat the same answer. The cache is keyed by the
glossary object and the question or measure (frozen, hashable models).
"""

from __future__ import annotations

from functools import lru_cache

from charter.core.questionnaire import Glossary, GlossaryTerm, Measure, Question
from charter.core.questionnaire.glossary import terms_for_measure, terms_for_question
from charter.definitions import definitions


def question_terms(question: Question) -> tuple[GlossaryTerm, ...]:
    """The glossary terms a question (text, help, options) mentions."""
    return _question_terms(definitions().glossary, question)


def measure_terms(measure: Measure) -> tuple[GlossaryTerm, ...]:
    """The glossary terms a measure mentions."""
    return _measure_terms(definitions().glossary, measure)


@lru_cache(maxsize=4096)
def _question_terms(glossary: Glossary, question: Question) -> tuple[GlossaryTerm, ...]:
    return terms_for_question(glossary, question)


@lru_cache(maxsize=4096)
def _measure_terms(glossary: Glossary, measure: Measure) -> tuple[GlossaryTerm, ...]:
    return terms_for_measure(glossary, measure)
