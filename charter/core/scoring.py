"""Scoring of an assessment (docs/design.md §5), progress between two, and peer statistics.

All functions are pure: the web layer passes the questionnaire and the answers as plain
mappings and stores the returned ``AssessmentResult``. Computations use exact fractions and
convert to float only at the end, so that an index that is exactly 40 is 40, not
39.99999999, when compared with a level threshold of 40.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from charter.core.action_plan import build_action_plan, split_plan
from charter.core.questionnaire.model import (
    NOT_APPLICABLE,
    UNKNOWN,
    Condition,
    Question,
    Questionnaire,
)
from charter.core.questionnaire.registry import get_type
from charter.core.results import (
    AssessmentResult,
    LevelResult,
    PeerSummary,
    Progress,
    QuestionResult,
    QuestionStatus,
    ThemeProgress,
    ThemeResult,
)


def _exact(value: float) -> Fraction:
    # Through str: 0.1 written in a YAML file means 1/10, not the nearest binary float.
    return Fraction(str(value))


def condition_holds(
    questionnaire: Questionnaire, condition: Condition, context: Mapping[str, str]
) -> bool:
    """Tell whether one ``applies_if`` condition holds for these context answers.

    A context question left unanswered (or answered with a value that is not one of its
    options, such as "unknown") does not exclude anything: when in doubt, the question is asked.
    Called by ``is_applicable``.
    """
    value = context.get(condition.context)
    context_question = questionnaire.context_question(condition.context)
    if context_question is None or context_question.option(value or "") is None:
        return True
    if condition.in_ is not None:
        return value in condition.in_
    return value not in (condition.not_in or ())


def is_applicable(
    questionnaire: Questionnaire, question: Question, context: Mapping[str, str]
) -> bool:
    """Tell whether all of ``question.applies_if`` hold. Called by scoring and the journey."""
    return all(condition_holds(questionnaire, c, context) for c in question.applies_if)


def applicable_questions(
    questionnaire: Questionnaire, context: Mapping[str, str]
) -> tuple[Question, ...]:
    """Scored questions to ask given the context answers, in display order.

    Called by the web journey to build the theme pages and count progress.
    """
    return tuple(q for q in questionnaire.questions() if is_applicable(questionnaire, q, context))


def _evaluate(
    questionnaire: Questionnaire,
    question: Question,
    theme_id: str,
    context: Mapping[str, str],
    raw: object,
) -> tuple[QuestionResult, Fraction | None]:
    """Return how one question counts, and its exact q (None when not applicable)."""
    question_type = get_type(question.type)
    # An invalid stored value (option removed, wrong type) counts as no answer at all.
    answer = raw if isinstance(raw, str) and question_type.validate_answer(question, raw) else None
    status: QuestionStatus
    score: float | None
    if not is_applicable(questionnaire, question, context) or answer == NOT_APPLICABLE:
        status, score = "not_applicable", None
    elif answer is None:
        status, score = "unanswered", 0.0
    elif answer == UNKNOWN:
        status, score = "unknown", 0.0
    else:
        score = question_type.score(question, answer)
        # A type may decide that one of its values means "not applicable" (score None).
        status = "not_applicable" if score is None else "scored"
    q = None if score is None else _exact(score) / 3
    pass_score = _exact(questionnaire.essential_pass_score)
    failed = question.essential and (
        status in ("unknown", "unanswered")
        or (status == "scored" and score is not None and _exact(score) < pass_score)
    )
    result = QuestionResult(
        question.id, theme_id, status, answer, None if q is None else float(q), failed
    )
    return result, q


def _level(
    questionnaire: Questionnaire, index: Fraction | None, capped_by_essential: bool
) -> tuple[LevelResult | None, bool]:
    if index is None:
        return None, False
    reached = max(
        (i for i, lv in enumerate(questionnaire.levels) if _exact(lv.min) <= index), default=0
    )
    cap = next(
        i for i, lv in enumerate(questionnaire.levels) if lv.id == questionnaire.essential_cap
    )
    capped = capped_by_essential and reached > cap
    level = questionnaire.levels[cap if capped else reached]
    return LevelResult(level.id, level.name, level.description), capped


def score_assessment(
    questionnaire: Questionnaire, context: Mapping[str, str], answers: Mapping[str, str]
) -> AssessmentResult:
    """Compute index, level, theme scores and action plan for one assessment.

    ``context`` maps context question ids to option keys; ``answers`` maps scored question
    ids to an option key, "unknown" or "not_applicable". Unanswered applicable questions count
    as "unknown" and are also listed in ``unanswered``. Called by the web layer at submission
    (and for the live preview of a draft).
    """
    themes: list[ThemeResult] = []
    questions: list[QuestionResult] = []
    effective: dict[str, str | None] = {}
    index_sum = index_weight = Fraction(0)
    for theme in questionnaire.themes:
        total = weight_sum = Fraction(0)
        applicable = unknown = 0
        for question in theme.questions:
            result, q = _evaluate(
                questionnaire, question, theme.id, context, answers.get(question.id)
            )
            questions.append(result)
            if q is None:
                effective[question.id] = None
                continue
            # The action plan sees unanswered like "Je ne sais pas", as the scores do.
            effective[question.id] = result.answer if result.status == "scored" else UNKNOWN
            applicable += 1
            if result.status != "scored":
                unknown += 1
            total += _exact(question.weight) * q
            weight_sum += _exact(question.weight)
        score = total / weight_sum * 100 if weight_sum else None
        if score is not None:
            index_sum += _exact(theme.weight) * score
            index_weight += _exact(theme.weight)
        themes.append(
            ThemeResult(
                theme.id,
                theme.title,
                theme.weight,
                None if score is None else float(score),
                applicable,
                unknown,
            )
        )
    index = index_sum / index_weight if index_weight else None
    failed = tuple(r.id for r in questions if r.essential_failed)
    level, capped = _level(questionnaire, index, bool(failed))
    applicable_count = sum(t.applicable_count for t in themes)
    unknown_count = sum(t.unknown_count for t in themes)
    priorities, others = split_plan(build_action_plan(questionnaire, effective))
    return AssessmentResult(
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        index=None if index is None else float(index),
        level=level,
        level_capped=capped,
        themes=tuple(themes),
        questions=tuple(questions),
        applicable_count=applicable_count,
        unknown_count=unknown_count,
        uncertainty=unknown_count / applicable_count if applicable_count else None,
        unanswered=tuple(r.id for r in questions if r.status == "unanswered"),
        failed_essentials=failed,
        priorities=priorities,
        others=others,
    )


def _delta(previous: float | None, current: float | None) -> float | None:
    return None if previous is None or current is None else current - previous


def progress(previous: AssessmentResult, current: AssessmentResult) -> Progress:
    """Per-theme and index change from ``previous`` to ``current``.

    Themes are matched by id (those of the current assessment, in its order); a theme that is
    missing or not applicable on either side has a None delta. Called by the results page and
    the PDF report.
    """
    themes = []
    for theme in current.themes:
        before = previous.theme(theme.id)
        old = before.score if before is not None else None
        themes.append(
            ThemeProgress(theme.id, theme.title, old, theme.score, _delta(old, theme.score))
        )
    return Progress(
        previous.index, current.index, _delta(previous.index, current.index), tuple(themes)
    )


def _quantile(ordered: Sequence[float], fraction: float) -> float:
    # Linear interpolation between closest ranks (spreadsheets' QUARTILE.INC), easy to explain.
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def peer_summary(values: Sequence[float], min_group: int = 5) -> PeerSummary | None:
    """Median and quartiles of peers' indexes, or None when fewer than ``min_group`` values.

    The threshold keeps any single organisation from being singled out; the caller excludes
    the organisation itself from ``values``. Called by the results page and the PDF report.
    """
    if not values or len(values) < min_group:
        return None
    ordered = sorted(values)
    return PeerSummary(
        len(ordered), _quantile(ordered, 0.25), _quantile(ordered, 0.5), _quantile(ordered, 0.75)
    )
