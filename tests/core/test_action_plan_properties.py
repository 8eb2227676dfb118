"""Properties of the action plan's order that must hold for any questionnaire and any answers.

The order is a promise (docs/design.md §5): the first action is the one that reduces the risk most.
Two properties state it: an answer at 0 never ranks after a passing one (outside the failed
essentials, which come first anyway), and making an answer worse never moves the actions it
triggers down among the others.
"""

from __future__ import annotations

from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from charter.core.action_plan import FAILED_ESSENTIAL, rank_group
from charter.core.questionnaire import UNKNOWN, Questionnaire
from charter.core.results import PlanEntry
from charter.core.scoring import score_assessment
from tests.examples import examples

from .builders import build, measure, question, theme

HALVES = [x / 2 for x in range(7)]  # 0 .. 3


@st.composite
def questionnaires(draw: st.DrawFn) -> Questionnaire:
    themes = []
    ids: list[str] = []
    for t in range(draw(st.integers(1, 3))):
        questions = []
        for i in range(draw(st.integers(1, 4))):
            others = draw(
                st.lists(st.sampled_from(HALVES[:-1]), min_size=1, max_size=4, unique=True)
            )
            qid = f"t{t}-q{i}"
            ids.append(qid)
            questions.append(
                question(
                    qid,
                    weight=draw(st.sampled_from(HALVES[1:])),
                    scores=(*sorted(others), 3.0),
                    essential=draw(st.booleans()),
                )
            )
        themes.append(theme(f"t{t}", *questions, weight=draw(st.sampled_from([0.5, 1, 2, 3]))))
    measures = []
    for m in range(draw(st.integers(1, 8))):
        triggers: list[dict[str, Any]] = []
        for qid in draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True)):
            item: dict[str, Any] = {"question": qid}
            if draw(st.booleans()):  # an explicit list of answers, "unknown" among them or not
                keys = [
                    o["key"]
                    for t in themes
                    for q in t["questions"]
                    if q["id"] == qid
                    for o in q["options"]
                ]
                item["answers"] = draw(
                    st.lists(st.sampled_from([*keys, UNKNOWN]), min_size=1, unique=True)
                )
            triggers.append(item)
        measures.append(measure(f"m{m}", *triggers, priority=draw(st.integers(1, 4))))
    return build(*themes, measures=measures)


def _answer(draw: st.DrawFn, q: Questionnaire) -> dict[str, str]:
    answers: dict[str, str] = {}
    for item in q.questions():
        value = draw(st.sampled_from([*(o.key for o in item.options), UNKNOWN, None]))
        if value is not None:
            answers[item.id] = value
    return answers


@st.composite
def answered(draw: st.DrawFn) -> tuple[Questionnaire, dict[str, str]]:
    q = draw(questionnaires())
    return q, _answer(draw, q)


def _plan(q: Questionnaire, answers: dict[str, str]) -> list[PlanEntry]:
    result = score_assessment(q, {}, answers)
    return [*result.priorities, *result.others]


def _score(q: Questionnaire, answers: dict[str, str], qid: str) -> float:
    """The score an answer counts for: 0 for « Je ne sais pas » and no answer."""
    value = answers.get(qid, UNKNOWN)
    option = next(o for o in q.questions() if o.id == qid).option(value)
    return 0.0 if option is None or option.score is None else option.score


@settings(max_examples=examples(150), deadline=None)
@given(answered())
def test_an_answer_at_zero_never_ranks_after_a_passing_one(
    case: tuple[Questionnaire, dict[str, str]],
) -> None:
    q, answers = case
    plan = _plan(q, answers)
    with_zero = [e for e in plan if any(_score(q, answers, i) == 0 for i in e.questions)]
    passing = [
        e for e in plan if all(_score(q, answers, i) >= q.essential_pass_score for i in e.questions)
    ]
    for low in with_zero:
        for good in passing:
            assert plan.index(low) < plan.index(good), (low.measure_id, good.measure_id)
    # And the failed essentials come before everything else.
    groups = [rank_group(e, q.essential_pass_score / 3) for e in plan]
    assert groups == sorted(groups)
    assert all(
        e.failed_essential == (g == FAILED_ESSENTIAL) for e, g in zip(plan, groups, strict=True)
    )


@st.composite
def worsened(draw: st.DrawFn) -> tuple[Questionnaire, dict[str, str], dict[str, str], str]:
    q, answers = draw(answered())
    target = draw(st.sampled_from([item.id for item in q.questions()]))
    current = _score(q, answers, target)
    item = next(i for i in q.questions() if i.id == target)
    worse = [o.key for o in item.options if (o.score or 0) < current]
    if answers.get(target, UNKNOWN) != UNKNOWN:
        worse.append(UNKNOWN)
    assume(worse)
    return q, answers, {**answers, target: draw(st.sampled_from(worse))}, target


@settings(max_examples=examples(150), deadline=None)
@given(worsened())
def test_a_worse_answer_never_moves_its_actions_down(
    case: tuple[Questionnaire, dict[str, str], dict[str, str], str],
) -> None:
    q, before_answers, after_answers, target = case
    before = {e.measure_id: (i, e) for i, e in enumerate(_plan(q, before_answers))}
    after = {e.measure_id: (i, e) for i, e in enumerate(_plan(q, after_answers))}
    pass_q = q.essential_pass_score / 3
    moved = [mid for mid, (_, e) in after.items() if target in e.questions]
    untouched = [
        mid
        for mid in before.keys() & after.keys()
        if target not in before[mid][1].questions and target not in after[mid][1].questions
    ]
    for mid in moved:
        if mid not in before:
            continue
        old, new = before[mid][1], after[mid][1]
        # Never a lower group, never a smaller risk.
        assert rank_group(new, pass_q) <= rank_group(old, pass_q)
        if rank_group(new, pass_q) == rank_group(old, pass_q):
            assert (new.risk or 0) >= (old.risk or 0)
        # Whatever it was ahead of and did not change, it still is.
        for other in untouched:
            if before[mid][0] < before[other][0]:
                assert after[mid][0] < after[other][0], (mid, other)
