"""Action plan: which measures an assessment triggers, and in which order to do them.

Rules (DESIGN.md §5, docs/questionnaire-format.md):
- a trigger with ``answers`` fires when the answer is one of them ("unknown" included);
- a trigger without ``answers`` fires on "Je ne sais pas" or any answer below the best score;
- "Non applicable" (chosen, or from ``applies_if``) never fires;
- order: measures triggered by an essential question first, then ``priority``, then the lowest
  q among the firing answers, then the measure id (so the order never depends on chance);
- the first six are the priorities for the next six months, the others go to an annex.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from charter.core.questionnaire.model import UNKNOWN, Question, Questionnaire
from charter.core.questionnaire.registry import get_type
from charter.core.results import PlanEntry

PRIORITY_COUNT = 6


def _q(score: float) -> float:
    # Same exact arithmetic as scoring (Fraction), so equal answers give equal q for the sort.
    return float(Fraction(str(score)) / 3)


def _fires(question: Question, value: str, answers: tuple[str, ...] | None) -> float | None:
    """Return q of the answer when the trigger fires, None otherwise."""
    question_type = get_type(question.type)
    score = question_type.score(question, value)
    if score is None:  # not applicable never triggers a measure
        return None
    if answers is not None:
        fired = question_type.matches(question, value, answers)
    else:
        fired = value == UNKNOWN or score < question_type.best_score(question)
    return _q(score) if fired else None


def build_action_plan(
    questionnaire: Questionnaire, effective: Mapping[str, str | None]
) -> tuple[PlanEntry, ...]:
    """Return every triggered measure, in the order the user should address them.

    ``effective`` maps each scored question id to the value scoring used: an option key,
    "unknown" (also for an unanswered question) or None when the question is not applicable.
    Called by ``scoring.score_assessment``.
    """
    questions = {q.id: q for q in questionnaire.questions()}
    entries: list[PlanEntry] = []
    for measure in questionnaire.measures:
        fired: dict[str, float] = {}  # question id -> lowest q, in trigger order
        essential = False
        for trigger in measure.triggers:
            question = questions.get(trigger.question)
            value = effective.get(trigger.question)
            if question is None or value is None:
                continue
            q = _fires(question, value, trigger.answers)
            if q is not None:
                fired[question.id] = min(q, fired.get(question.id, q))
                essential = essential or question.essential
        if fired:
            entries.append(
                PlanEntry(
                    measure_id=measure.id,
                    title=measure.title,
                    effort=measure.effort,
                    priority=measure.priority,
                    references=measure.references,
                    questions=tuple(fired),
                    lowest_q=min(fired.values()),
                    essential=essential,
                )
            )
    entries.sort(key=lambda e: (not e.essential, e.priority, e.lowest_q, e.measure_id))
    return tuple(entries)


def split_plan(
    entries: tuple[PlanEntry, ...], count: int = PRIORITY_COUNT
) -> tuple[tuple[PlanEntry, ...], tuple[PlanEntry, ...]]:
    """Split an ordered plan into (priorities, annex). Called by ``scoring.score_assessment``."""
    return entries[:count], entries[count:]
