"""Question type registry: each ``type:`` of a question maps to one ``QuestionType`` object.

Scoring, the action plan and the loader only talk to a question through its type, so a new kind
of question (multiple choice, free text...) is added by writing one subclass and calling
``register``; nothing else in the core changes. The web layer keeps its own mapping from the same
type names to form widgets.

Answer values are strings: an option key, ``"unknown"`` ("Je ne sais pas") or
``"not_applicable"`` ("Non applicable").
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator

from charter.core.questionnaire.model import NOT_APPLICABLE, UNKNOWN, Question, Questionnaire


class QuestionType(ABC):
    """Behaviour shared by every question type; subclasses override the option-specific parts.

    The reserved values are handled here once, so that every type treats "Je ne sais pas" and
    "Non applicable" the same way (the scoring rules of docs/design.md §5 depend on it).
    """

    #: Name used in the ``type:`` field of a question.
    name: str = ""

    def validate_answer(self, question: Question, value: str) -> bool:
        """Tell whether ``value`` is an acceptable answer to ``question``.

        Called by the web layer before saving an answer, and by scoring, which treats an invalid
        stored value as unanswered.
        """
        if value == UNKNOWN:
            return question.allow_unknown
        if value == NOT_APPLICABLE:
            return question.allow_not_applicable
        return self.validate_value(question, value)

    def score(self, question: Question, value: str) -> float | None:
        """Return the score (0 to 3) of a valid answer, or None when it is "not applicable".

        "Je ne sais pas" scores 0: not knowing whether backups exist is a risk. Called by scoring
        and by the action plan.
        """
        if value == NOT_APPLICABLE:
            return None
        if value == UNKNOWN:
            return 0.0
        return self.value_score(question, value)

    def matches(self, question: Question, value: str, keys: tuple[str, ...]) -> bool:
        """Tell whether ``value`` is one of the answers listed by a trigger's ``answers``.

        Called by the action plan. A type whose values are not single keys overrides it.
        """
        return value in keys

    # --- to override ---------------------------------------------------------------------

    @abstractmethod
    def validate_value(self, question: Question, value: str) -> bool:
        """Tell whether a non-reserved ``value`` is valid for ``question``."""

    @abstractmethod
    def value_score(self, question: Question, value: str) -> float | None:
        """Score (0 to 3) of a valid non-reserved value, or None if it means not applicable."""

    @abstractmethod
    def best_score(self, question: Question) -> float:
        """Highest score reachable on ``question``; an answer below it triggers measures.

        Called by the action plan for triggers without explicit ``answers``.
        """

    def definition_problems(self, question: Question) -> Iterator[tuple[str, str]]:
        """Yield ``(relative path, message)`` for what is wrong in the question's definition.

        Called by the loader's cross-checks, so that each type states its own needs (a free
        text question needs no options, a choice needs several).
        """
        return iter(())


class SingleChoice(QuestionType):
    """One option among 2 to 6, each with its own score."""

    name = "single_choice"

    def validate_value(self, question: Question, value: str) -> bool:
        """Tell whether ``value`` is the key of one of the question's options."""
        return question.option(value) is not None

    def value_score(self, question: Question, value: str) -> float | None:
        """Return the score of the chosen option."""
        option = question.option(value)
        if option is None or option.score is None:
            # Guarded by validate_answer and the loader; kept explicit rather than crashing.
            raise ValueError(f"{value!r} is not a scored option of {question.id!r}")
        return option.score

    def best_score(self, question: Question) -> float:
        """Return the highest option score (3 in every valid questionnaire)."""
        return max((o.score for o in question.options if o.score is not None), default=0.0)

    def definition_problems(self, question: Question) -> Iterator[tuple[str, str]]:
        """Require 2 to 6 scored options, one of them at 3 (full marks must be reachable)."""
        if not 2 <= len(question.options) <= 6:
            yield "options", "a single_choice question needs 2 to 6 options"
        for index, option in enumerate(question.options):
            if option.score is None:
                yield f"options[{index}].score", "every option of a scored question needs a score"
        if question.options and all(o.score != 3 for o in question.options):
            yield "options", "at least one option must score 3 (full marks must be reachable)"


_REGISTRY: dict[str, QuestionType] = {}


def register(question_type: QuestionType, *, replace: bool = False) -> QuestionType:
    """Make ``question_type`` available under its ``name`` and return it.

    Called at import time by this module (``single_choice``), by modules adding a type, and by
    tests. Registering a name twice is refused unless ``replace`` is true, so that two types
    can never silently fight over one name.
    """
    if not question_type.name:
        raise ValueError("a question type needs a name")
    if question_type.name in _REGISTRY and not replace:
        raise ValueError(f"question type {question_type.name!r} is already registered")
    _REGISTRY[question_type.name] = question_type
    return question_type


def unregister(name: str) -> None:
    """Remove a type from the registry. Called by tests that register a temporary type."""
    _REGISTRY.pop(name, None)


def get_type(name: str) -> QuestionType:
    """Return the registered type called ``name``; raises KeyError when unknown.

    Called by scoring, the action plan and the loader (which reports unknown names first).
    """
    return _REGISTRY[name]


def type_names() -> tuple[str, ...]:
    """Names of the registered types, sorted. Called by the loader for its error message."""
    return tuple(sorted(_REGISTRY))


register(SingleChoice())


def answer_is_valid(questionnaire: Questionnaire, question_id: str, value: str) -> bool:
    """Whether ``value`` is an allowed answer to a question of ``questionnaire``, scored (by its
    type, with the reserved values it allows) or context (one of its options)."""
    question = next((q for q in questionnaire.questions() if q.id == question_id), None)
    if question is not None:
        if value == UNKNOWN:
            return question.allow_unknown
        if value == NOT_APPLICABLE:
            return question.allow_not_applicable
        return get_type(question.type).validate_answer(question, value)
    context = next((c for c in questionnaire.context if c.id == question_id), None)
    return context is not None and any(o.key == value for o in context.options)
