"""Questionnaires as data: models, loading and validation, question types, glossary.

The web layer imports from here rather than from the submodules.
"""

from charter.core.questionnaire.loader import (
    Problem,
    QuestionnaireError,
    check_directory,
    load_coverage_exclusions,
    load_glossary,
    load_questionnaire,
    load_questionnaires,
    parse_questionnaire,
)
from charter.core.questionnaire.model import (
    NOT_APPLICABLE,
    UNKNOWN,
    Condition,
    ContextQuestion,
    CoverageExclusion,
    CoverageExclusions,
    Glossary,
    GlossaryTerm,
    Level,
    Measure,
    Option,
    Question,
    Questionnaire,
    Theme,
    Trigger,
)
from charter.core.questionnaire.registry import QuestionType, get_type, register
from charter.core.questionnaire.snapshot import canonical_snapshot, definition_hash

__all__ = [
    "NOT_APPLICABLE",
    "UNKNOWN",
    "Condition",
    "ContextQuestion",
    "CoverageExclusion",
    "CoverageExclusions",
    "Glossary",
    "GlossaryTerm",
    "Level",
    "Measure",
    "Option",
    "Problem",
    "Question",
    "QuestionType",
    "Questionnaire",
    "QuestionnaireError",
    "Theme",
    "Trigger",
    "canonical_snapshot",
    "check_directory",
    "definition_hash",
    "get_type",
    "load_coverage_exclusions",
    "load_glossary",
    "load_questionnaire",
    "load_questionnaires",
    "parse_questionnaire",
    "register",
]
