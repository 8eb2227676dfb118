"""Action plan: triggers with and without explicit answers, ordering and the six priorities."""

from __future__ import annotations

import pytest

from charter.core.scoring import score_assessment

from .builders import build, context_question, measure, question, theme, trigger


def plan(
    q_answers: dict[str, str], *measures: dict[str, object], context: dict[str, str] | None = None
) -> list[str]:
    q = build(
        theme(
            "t",
            question("a"),
            question("b", allow_not_applicable=True),
            question("e", essential=True),
            question("w", applies_if=[{"context": "wifi", "in": ["oui"]}]),
        ),
        measures=list(measures),
        context=[context_question("wifi")],
    )
    result = score_assessment(q, context or {}, q_answers)
    return [e.measure_id for e in result.priorities + result.others]


@pytest.mark.parametrize(
    ("answer", "fires"),
    [
        ("s0", True),
        ("s1-5", True),
        ("s3", False),
        ("unknown", True),
        (None, True),
    ],
)
def test_default_trigger_fires_below_best_and_on_unknown(answer: str | None, fires: bool) -> None:
    answers = {"a": answer} if answer else {}
    assert plan(answers, measure("m", trigger("a"))) == (["m"] if fires else [])


@pytest.mark.parametrize(
    ("answer", "fires"),
    [
        ("s0", False),
        ("s1-5", True),
        ("s3", False),
        ("unknown", True),
        (None, True),
    ],
)
def test_explicit_answers_trigger(answer: str | None, fires: bool) -> None:
    answers = {"a": answer} if answer else {}
    m = measure("m", trigger("a", ["s1-5", "unknown"]))
    assert plan(answers, m) == (["m"] if fires else [])


def test_explicit_answers_without_unknown_ignore_unknown() -> None:
    assert plan({"a": "unknown"}, measure("m", trigger("a", ["s0"]))) == []


def test_explicit_answers_may_include_best_score() -> None:
    assert plan({"a": "s3"}, measure("m", trigger("a", ["s3"]))) == ["m"]


def test_not_applicable_never_triggers() -> None:
    assert plan({"b": "not_applicable"}, measure("m", trigger("b"))) == []
    assert (
        plan(
            {},
            measure("m", trigger("w")),
            measure("n", trigger("w", ["unknown"])),
            context={"wifi": "non"},
        )
        == []
    )


def test_any_trigger_suffices_and_entry_describes_why() -> None:
    q = build(
        theme("t", question("a"), question("e", essential=True), question("c")),
        measures=[
            measure("m", trigger("a"), trigger("e"), trigger("c"), priority=3, effort="high")
        ],
    )
    result = score_assessment(q, {}, {"a": "s1-5", "e": "s0", "c": "s3"})
    (entry,) = result.priorities
    assert entry.questions == ("a", "e")
    assert entry.lowest_q == 0
    assert entry.essential
    assert (entry.title, entry.effort, entry.priority, entry.references) == (
        "Faire m",
        "high",
        3,
        ("hygiene-1",),
    )


def test_essential_first_then_priority_then_lowest_q_then_id() -> None:
    measures = [
        measure("z-essential", trigger("e"), priority=9),
        measure("p1", trigger("a"), priority=1),
        measure("p2-zero", trigger("b"), priority=2),
        measure("p2-a-half", trigger("a"), priority=2),
        measure("p2-tie-b", trigger("b"), priority=2),
        measure("p2-tie-a", trigger("b"), priority=2),
    ]
    answers = {"a": "s1-5", "b": "s0", "e": "s1-5"}
    assert plan(answers, *measures) == [
        "z-essential",
        "p1",
        "p2-tie-a",
        "p2-tie-b",
        "p2-zero",
        "p2-a-half",
    ]


def test_essential_flag_needs_the_essential_trigger_to_fire() -> None:
    measures = [
        measure("m", trigger("a"), trigger("e"), priority=5),
        measure("n", trigger("a"), priority=1),
    ]
    assert plan({"a": "s0", "e": "s3"}, *measures) == ["n", "m"]


def test_order_does_not_depend_on_declaration_order() -> None:
    measures = [measure(f"m{i}", trigger("a"), priority=1) for i in (3, 1, 2)]
    assert plan({"a": "s0"}, *measures) == ["m1", "m2", "m3"]


def test_first_six_are_priorities_the_rest_an_annex() -> None:
    q = build(
        theme("t", question("a")),
        measures=[measure(f"m{i}", trigger("a"), priority=i) for i in range(1, 9)],
    )
    result = score_assessment(q, {}, {"a": "s0"})
    assert [e.measure_id for e in result.priorities] == [f"m{i}" for i in range(1, 7)]
    assert [e.measure_id for e in result.others] == ["m7", "m8"]
