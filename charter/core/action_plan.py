"""Action plan: which measures an assessment triggers, and in which order to do them.

The order is a promise to the company: the first action is the one that reduces its risk most
(docs/design.md §5, docs/scoring.md §6). So it follows how bad the answers are, never a label alone:

1. measures triggered by a **failed essential** question (an answer under the pass mark, or
   « Je ne sais pas » / no answer, then marked « à vérifier d'abord »);
2. then measures triggered by an answer under the pass mark (or « Je ne sais pas ») elsewhere;
3. then those triggered only by answers that pass but are not the best;

and within each group by the **risk** the measure removes, the largest
``question weight x theme weight x (1 - q)`` among the answers that triggered it, then by the
measure's ``priority``, then by its id (so the order never depends on chance). Group 2 exists
so that an answer at 0 never ranks after one that passes (2.5 of 3), whatever the weights.

Triggers: with ``answers`` a trigger fires when the answer is one of them ("unknown"
included); without, on « Je ne sais pas » or any answer below the best score. « Non
applicable » (chosen, or from ``applies_if``) never fires. The first six are the priorities for
the next six months, the others go to an annex.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from charter.core.questionnaire.model import UNKNOWN, Measure, Question, Questionnaire
from charter.core.questionnaire.registry import get_type
from charter.core.results import PlanCost, PlanEntry, PlanLink

PRIORITY_COUNT = 6

#: Rank groups, in plan order.
FAILED_ESSENTIAL, BELOW_PASS, PASSING = 1, 2, 3


def _exact(value: float) -> Fraction:
    # Same exact arithmetic as scoring (through str: 0.1 in a file means 1/10).
    return Fraction(str(value))


@dataclass(frozen=True)
class _Fired:
    """One answer that made a measure fire, and what it weighs."""

    q: Fraction
    risk: Fraction
    unknown: bool
    below_pass: bool
    essential: bool


def _fires(
    question: Question,
    value: str,
    answers: tuple[str, ...] | None,
    theme_weight: Fraction,
    pass_score: Fraction,
) -> _Fired | None:
    """How the answer counts when the trigger fires; None when it does not fire."""
    question_type = get_type(question.type)
    score = question_type.score(question, value)
    if score is None:  # not applicable never triggers a measure
        return None
    if answers is not None:
        fired = question_type.matches(question, value, answers)
    else:
        fired = value == UNKNOWN or score < question_type.best_score(question)
    if not fired:
        return None
    q = _exact(score) / 3
    return _Fired(
        q=q,
        risk=_exact(question.weight) * theme_weight * (1 - q),
        unknown=value == UNKNOWN,
        below_pass=value == UNKNOWN or _exact(score) < pass_score,
        essential=question.essential,
    )


def _entry(measure: Measure, fired: dict[str, _Fired]) -> tuple[tuple[object, ...], PlanEntry]:
    """The plan entry of a measure that fired, and its sort key."""
    answers = list(fired.values())
    failing_essentials = [f for f in answers if f.essential and f.below_pass]
    group = (
        FAILED_ESSENTIAL
        if failing_essentials
        else BELOW_PASS
        if any(f.below_pass for f in answers)
        else PASSING
    )
    risk = max(f.risk for f in answers)
    cost = measure.cost
    entry = PlanEntry(
        measure_id=measure.id,
        title=measure.title,
        effort=measure.effort,
        priority=measure.priority,
        references=measure.references,
        questions=tuple(fired),
        lowest_q=float(min(f.q for f in answers)),
        essential=any(f.essential for f in answers),
        failed_essential=bool(failing_essentials),
        check_first=bool(failing_essentials) and all(f.unknown for f in failing_essentials),
        risk=float(risk),
        cost=PlanCost(cost.min, cost.max, cost.per) if cost is not None else None,
        time=measure.time,
        links=tuple(PlanLink(link.title, link.url) for link in measure.links),
    )
    return (group, -risk, measure.priority, measure.id), entry


def build_action_plan(
    questionnaire: Questionnaire, effective: Mapping[str, str | None]
) -> tuple[PlanEntry, ...]:
    """Return every triggered measure, in the order the user should address them.

    ``effective`` maps each scored question id to the value scoring used: an option key,
    "unknown" (also for an unanswered question) or None when the question is not applicable.
    Called by ``scoring.score_assessment``.
    """
    questions = {q.id: (q, _exact(t.weight)) for t in questionnaire.themes for q in t.questions}
    pass_score = _exact(questionnaire.essential_pass_score)
    ranked: list[tuple[tuple[object, ...], PlanEntry]] = []
    for measure in questionnaire.measures:
        fired: dict[str, _Fired] = {}  # question id -> its answer, in trigger order
        for trigger in measure.triggers:
            found = questions.get(trigger.question)
            value = effective.get(trigger.question)
            if found is None or value is None:
                continue
            question, theme_weight = found
            answer = _fires(question, value, trigger.answers, theme_weight, pass_score)
            if answer is not None:
                fired.setdefault(question.id, answer)  # the same answer, however many triggers
        if fired:
            ranked.append(_entry(measure, fired))
    ranked.sort(key=lambda item: item[0])
    return tuple(entry for _key, entry in ranked)


def rank_group(entry: PlanEntry, pass_q: float) -> int:
    """The group an entry was ranked in (1 failed essential, 2 below the pass mark, 3 passing).

    ``pass_q`` is the questionnaire's pass score divided by 3. Called by tests and the
    documentation example to explain an order.
    """
    if entry.failed_essential:
        return FAILED_ESSENTIAL
    return BELOW_PASS if entry.lowest_q < pass_q - 1e-9 else PASSING


def split_plan(
    entries: tuple[PlanEntry, ...], count: int = PRIORITY_COUNT
) -> tuple[tuple[PlanEntry, ...], tuple[PlanEntry, ...]]:
    """Split an ordered plan into (priorities, annex). Called by ``scoring.score_assessment``."""
    return entries[:count], entries[count:]
