"""What the journey's templates show: per-theme progress, questions with their saved answers.

Pure presentation helpers over the core model and the stored answers; no request handling.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from flask_babel import gettext as _

from charter.assessments.glossary import question_terms
from charter.core.questionnaire import NOT_APPLICABLE, UNKNOWN, Question, Questionnaire, Theme
from charter.core.scoring import is_applicable


class SavedAnswer(Protocol):
    """What these helpers read of a saved answer: an :class:`~charter.models.Answer`, or an
    :class:`~charter.services.draft_answers.AnswerState` row."""

    @property
    def value(self) -> str | None: ...
    @property
    def comment(self) -> str | None: ...
    @property
    def revision(self) -> int: ...
    @property
    def carried_over(self) -> bool: ...


@dataclass
class QuestionView:
    """One question on a theme page, with what is saved and what the visitor typed."""

    question: Question
    value: str | None
    comment: str | None
    revision: int
    terms: tuple = ()
    problem: str | None = None
    #: Copied from the previous diagnosis and not looked at again yet.
    carried_over: bool = False

    # What the templates print of the answer: these, never ``value`` or ``comment`` directly,
    # so that the memoised blocks (charter.assessments.blocks) can put marks there instead.
    def checked(self, key: str) -> str:
        """`` checked`` for the option ``key`` if it is the answer."""
        return " checked" if self.value == key else ""

    @property
    def open_attr(self) -> str:
        """`` open`` for the comment box when there is a comment."""
        return " open" if self.comment else ""

    @property
    def comment_text(self) -> str:
        return self.comment or ""


@dataclass
class ThemeProgress:
    theme: Theme
    applicable: int
    answered: int

    @property
    def complete(self) -> bool:
        return self.applicable == self.answered


@dataclass
class Progress:
    """Answered questions per theme, and overall."""

    themes: list[ThemeProgress] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(t.answered for t in self.themes)

    @property
    def applicable(self) -> int:
        return sum(t.applicable for t in self.themes)

    def first_incomplete(self) -> Theme | None:
        return next((t.theme for t in self.themes if not t.complete), None)


def context_values(
    questionnaire: Questionnaire, answers: Mapping[str, SavedAnswer]
) -> dict[str, str]:
    """The context answers given so far (question id to option key)."""
    return {
        c.id: answers[c.id].value
        for c in questionnaire.context
        if c.id in answers and answers[c.id].value
    }


def applicable(
    questionnaire: Questionnaire, theme: Theme, context: Mapping[str, str]
) -> list[Question]:
    """The questions of a theme that apply given the context answers."""
    return [q for q in theme.questions if is_applicable(questionnaire, q, context)]


def progress(questionnaire: Questionnaire, answers: Mapping[str, SavedAnswer]) -> Progress:
    """How far the assessment is, theme by theme."""
    context = context_values(questionnaire, answers)
    result = Progress()
    for theme in questionnaire.themes:
        questions = applicable(questionnaire, theme, context)
        answered = sum(1 for q in questions if q.id in answers and answers[q.id].value)
        result.themes.append(ThemeProgress(theme, len(questions), answered))
    return result


def question_views(
    questions: list[Question],
    answers: Mapping[str, SavedAnswer],
    typed: Mapping[str, tuple[str | None, str | None]] | None = None,
    problems: Mapping[str, str] | None = None,
) -> list[QuestionView]:
    """Questions with their saved (or just typed) answers and glossary terms."""
    views = []
    for question in questions:
        saved = answers.get(question.id)
        value, comment = (saved.value, saved.comment) if saved else (None, None)
        if typed and question.id in typed:
            value, comment = typed[question.id]
        views.append(
            QuestionView(
                question=question,
                value=value,
                comment=comment,
                revision=saved.revision if saved else 0,
                terms=question_terms(question),
                problem=(problems or {}).get(question.id),
                carried_over=bool(saved and saved.carried_over),
            )
        )
    return views


def answer_label(question: Question, value: str | None) -> str:
    """The words of an answer as the visitor chose it."""
    if value is None:
        return _("Sans réponse")
    if value == UNKNOWN:
        return _("Je ne sais pas")
    if value == NOT_APPLICABLE:
        return _("Non applicable")
    option = question.option(value)
    return option.label if option else value


def review_content(
    questionnaire: Questionnaire, answers: Mapping[str, Any], savers: Mapping[int, str]
) -> dict[str, Any]:
    """What the review page lists before sending: ``unanswered`` (theme, questions) and
    ``missing_context``; ``given``, every applicable answer by theme with its label, whether it
    was carried over and who saved it (each with a link to change it, RGAA 11.12); and
    ``context_answers`` (context question, chosen label)."""
    context = context_values(questionnaire, answers)
    unanswered = [
        (
            theme,
            [
                q
                for q in applicable(questionnaire, theme, context)
                if not (q.id in answers and answers[q.id].value)
            ],
        )
        for theme in questionnaire.themes
    ]
    given = [
        (
            theme,
            [
                (
                    q,
                    answer_label(q, answers[q.id].value if q.id in answers else None),
                    bool(q.id in answers and answers[q.id].carried_over),
                    savers.get(answers[q.id].updated_by_id or 0) if q.id in answers else None,
                )
                for q in applicable(questionnaire, theme, context)
            ],
        )
        for theme in questionnaire.themes
    ]
    return {
        "unanswered": [(t, qs) for t, qs in unanswered if qs],
        "missing_context": [c for c in questionnaire.context if c.id not in context],
        "given": [(t, rows) for t, rows in given if rows],
        "context_answers": [
            (c, next((o.label for o in c.options if o.key == context.get(c.id)), None))
            for c in questionnaire.context
        ],
    }
