"""Properties of scoring that must hold for any questionnaire and any answers."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from charter.core.questionnaire import Questionnaire
from charter.core.scoring import score_assessment
from tests.examples import examples

from .builders import build, key, question, theme

HALVES = [x / 2 for x in range(7)]  # 0 .. 3


@st.composite
def questionnaires(draw: st.DrawFn) -> Questionnaire:
    themes = []
    for t in range(draw(st.integers(1, 4))):
        questions = []
        for i in range(draw(st.integers(1, 4))):
            others = draw(
                st.lists(st.sampled_from(HALVES[:-1]), min_size=1, max_size=5, unique=True)
            )
            questions.append(
                question(
                    f"t{t}-q{i}",
                    weight=draw(st.sampled_from(HALVES[1:])),
                    scores=(*sorted(others), 3.0),
                    essential=draw(st.booleans()),
                    allow_not_applicable=draw(st.booleans()),
                )
            )
        weight = draw(st.sampled_from([0.1, 0.5, 1, 2, 3.3]))
        themes.append(theme(f"t{t}", *questions, weight=weight))
    return build(*themes)


@st.composite
def answered(draw: st.DrawFn) -> tuple[Questionnaire, dict[str, str]]:
    q = draw(questionnaires())
    answers: dict[str, str] = {}
    for item in q.questions():
        choices: list[str | None] = [*(o.key for o in item.options), "unknown", None]
        if item.allow_not_applicable:
            choices.append("not_applicable")
        value = draw(st.sampled_from(choices))
        if value is not None:
            answers[item.id] = value
    return q, answers


@settings(max_examples=examples(200), deadline=None)
@given(answered())
def test_index_and_theme_scores_stay_in_range(case: tuple[Questionnaire, dict[str, str]]) -> None:
    q, answers = case
    result = score_assessment(q, {}, answers)
    assert result.index is None or 0 <= result.index <= 100
    for item in result.themes:
        assert item.score is None or 0 <= item.score <= 100
    assert result.uncertainty is None or 0 <= result.uncertainty <= 1


@settings(max_examples=examples(200), deadline=None)
@given(answered(), st.data())
def test_improving_one_answer_never_lowers_the_index(
    case: tuple[Questionnaire, dict[str, str]], data: st.DataObject
) -> None:
    q, answers = case
    counted = [item for item in q.questions() if answers.get(item.id) != "not_applicable"]
    if not counted:
        return
    item = data.draw(st.sampled_from(counted))
    option = item.option(answers.get(item.id, ""))
    floor = option.score or 0.0 if option else 0.0  # unknown and unanswered count as 0
    better = [o.key for o in item.options if (o.score or 0.0) >= floor]
    improved = {**answers, item.id: data.draw(st.sampled_from(better))}
    before = score_assessment(q, {}, answers).index
    after = score_assessment(q, {}, improved).index
    assert before is not None
    assert after is not None
    assert after >= before - 1e-9


@settings(max_examples=examples(200), deadline=None)
@given(answered(), st.data())
def test_not_applicable_never_changes_other_themes(
    case: tuple[Questionnaire, dict[str, str]], data: st.DataObject
) -> None:
    q, answers = case
    optional = [item for item in q.questions() if item.allow_not_applicable]
    if not optional:
        return
    item = data.draw(st.sampled_from(optional))
    changed = {**answers, item.id: "not_applicable"}
    before = score_assessment(q, {}, answers)
    after = score_assessment(q, {}, changed)
    owner = next(t.id for t in q.themes if item in t.questions)
    for old, new in zip(before.themes, after.themes, strict=True):
        if old.id != owner:
            assert old == new


@settings(max_examples=examples(150), deadline=None)
@given(answered(), st.randoms(use_true_random=False))
def test_answer_order_does_not_matter(case: tuple[Questionnaire, dict[str, str]], rnd: Any) -> None:
    q, answers = case
    items = list(answers.items())
    rnd.shuffle(items)
    assert score_assessment(q, {}, dict(items)) == score_assessment(q, {}, answers)
    assert (
        score_assessment(q, {}, dict(reversed(items))).to_dict()
        == score_assessment(q, {}, answers).to_dict()
    )


def test_key_helper_matches_builder() -> None:
    assert [key(s) for s in (0, 1.5, 3)] == ["s0", "s1-5", "s3"]
