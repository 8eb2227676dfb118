"""Question type registry: single_choice, and a new type added without touching the core."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from charter.core.questionnaire import Question, QuestionType, get_type, register
from charter.core.questionnaire.registry import unregister
from charter.core.scoring import score_assessment

from .builders import build, measure, question, theme, trigger


def single(**extra: Any) -> Question:
    return build(theme("t", question("q", **extra))).themes[0].questions[0]


def test_single_choice_validates_answers() -> None:
    kind = get_type("single_choice")
    q = single()
    assert kind.validate_answer(q, "s1-5")
    assert kind.validate_answer(q, "unknown")
    assert not kind.validate_answer(q, "not_applicable")
    assert not kind.validate_answer(q, "absent")
    assert not kind.validate_answer(single(allow_unknown=False), "unknown")
    assert kind.validate_answer(single(allow_not_applicable=True), "not_applicable")


def test_single_choice_scores() -> None:
    kind = get_type("single_choice")
    q = single()
    assert [kind.score(q, v) for v in ("s0", "s1-5", "s3", "unknown", "not_applicable")] == [
        0,
        1.5,
        3,
        0,
        None,
    ]
    assert kind.best_score(q) == 3


def test_registering_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="already registered"):
        register(get_type("single_choice"))


class Checklist(QuestionType):
    """Toy multiple choice: value "a+b" ticks options a and b; score = sum, capped at 3."""

    name = "checklist"

    def validate_value(self, question: Question, value: str) -> bool:
        return all(question.option(part) is not None for part in value.split("+"))

    def value_score(self, question: Question, value: str) -> float | None:
        ticked = [question.option(part) for part in value.split("+")]
        return min(3.0, sum(o.score or 0.0 for o in ticked if o is not None))

    def best_score(self, question: Question) -> float:
        return 3.0

    def matches(self, question: Question, value: str, keys: tuple[str, ...]) -> bool:
        return any(part in keys for part in value.split("+"))

    def definition_problems(self, question: Question) -> Iterator[tuple[str, str]]:
        if len(question.options) < 2:
            yield "options", "a checklist needs options"


@pytest.fixture
def checklist() -> Iterator[None]:
    register(Checklist())
    yield
    unregister("checklist")


@pytest.mark.usefixtures("checklist")
def test_new_type_is_loaded_and_scored_without_core_changes() -> None:
    q = build(
        theme("t", question("c", type="checklist", scores=(0, 1, 1.5)), question("s")),
        measures=[measure("m-partial", trigger("c")), measure("m-zero", trigger("c", ["s0"]))],
    )
    result = score_assessment(q, {}, {"c": "s1+s1-5", "s": "s3"})
    assert result.themes[0].score == pytest.approx((2.5 / 3 + 1) / 2 * 100)
    assert [e.measure_id for e in result.priorities] == ["m-partial"]
    result = score_assessment(q, {}, {"c": "s0+s1", "s": "s3"})
    assert [e.measure_id for e in result.priorities] == ["m-partial", "m-zero"]


def test_unregistered_type_is_a_validation_problem() -> None:
    from charter.core.questionnaire import QuestionnaireError

    with pytest.raises(QuestionnaireError, match="unknown question type 'checklist'"):
        build(theme("t", question("c", type="checklist")))
