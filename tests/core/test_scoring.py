"""Scoring rules of docs/design.md §5, one test per rule."""

from __future__ import annotations

import pytest

from charter.core.scoring import applicable_questions, score_assessment

from .builders import LEVELS, build, context_question, question, theme

WIFI = [context_question("wifi"), context_question("taille", "petite", "grande")]


def test_q_is_score_over_three() -> None:
    q = build(theme("t", question("q", scores=(0, 0.5, 2.5, 3))))
    for key, expected in [("s0", 0), ("s0-5", 100 / 6), ("s2-5", 250 / 3), ("s3", 100)]:
        result = score_assessment(q, {}, {"q": key})
        assert result.themes[0].score == pytest.approx(expected)
        assert result.questions[0].q == pytest.approx(expected / 100)
        assert result.index == pytest.approx(expected)


def test_unknown_counts_as_zero_and_apart() -> None:
    q = build(theme("t", question("a"), question("b")))
    result = score_assessment(q, {}, {"a": "s3", "b": "unknown"})
    assert result.index == 50
    assert (result.unknown_count, result.applicable_count, result.uncertainty) == (1, 2, 0.5)
    assert result.themes[0].unknown_count == 1
    assert result.questions[1].status == "unknown"
    assert result.unanswered == ()


def test_unanswered_counts_as_unknown_and_is_listed() -> None:
    q = build(theme("t", question("a"), question("b"), question("c")))
    result = score_assessment(q, {}, {"a": "s3"})
    assert result.index == pytest.approx(100 / 3)
    assert result.unknown_count == 2
    assert result.unanswered == ("b", "c")
    assert [r.status for r in result.questions] == ["scored", "unanswered", "unanswered"]


def test_invalid_stored_value_counts_as_unanswered() -> None:
    q = build(theme("t", question("a"), question("b")))
    result = score_assessment(q, {}, {"a": "gone", "b": "not_applicable"})
    assert result.unanswered == ("a", "b")  # b does not offer "Non applicable"
    assert result.index == 0


def test_not_applicable_removes_the_question() -> None:
    q = build(theme("t", question("a", weight=3), question("b", allow_not_applicable=True)))
    result = score_assessment(q, {}, {"a": "s1-5", "b": "not_applicable"})
    assert result.index == 50
    assert (result.applicable_count, result.unknown_count) == (1, 0)
    assert result.questions[1].q is None


def test_applies_if_in_and_not_in() -> None:
    q = build(
        theme(
            "t",
            question("a"),
            question("wifi-q", applies_if=[{"context": "wifi", "in": ["oui"]}]),
            question("big-q", applies_if=[{"context": "taille", "not_in": ["petite"]}]),
        ),
        context=WIFI,
    )
    ids = [x.id for x in applicable_questions(q, {"wifi": "non", "taille": "petite"})]
    assert ids == ["a"]
    ids = [x.id for x in applicable_questions(q, {"wifi": "oui", "taille": "grande"})]
    assert ids == ["a", "wifi-q", "big-q"]
    result = score_assessment(q, {"wifi": "non", "taille": "petite"}, {"a": "s3", "wifi-q": "s0"})
    assert result.index == 100
    assert result.unanswered == ()
    assert result.questions[1].status == "not_applicable"


@pytest.mark.parametrize("context", [{}, {"wifi": "unknown"}, {"wifi": "bogus"}])
def test_unanswered_context_does_not_exclude(context: dict[str, str]) -> None:
    q = build(
        theme("t", question("w", applies_if=[{"context": "wifi", "in": ["oui"]}])), context=WIFI
    )
    assert [x.id for x in applicable_questions(q, context)] == ["w"]


def test_all_conditions_must_hold() -> None:
    conditions = [{"context": "wifi", "in": ["oui"]}, {"context": "taille", "in": ["grande"]}]
    q = build(theme("t", question("w", applies_if=conditions)), context=WIFI)
    assert applicable_questions(q, {"wifi": "oui", "taille": "petite"}) == ()
    assert len(applicable_questions(q, {"wifi": "oui", "taille": "grande"})) == 1


def test_theme_with_nothing_applicable_is_left_out_of_the_index() -> None:
    q = build(
        theme("t1", question("a")), theme("t2", question("b", allow_not_applicable=True), weight=3)
    )
    result = score_assessment(q, {}, {"a": "s1-5", "b": "not_applicable"})
    assert result.themes[1].score is None
    assert result.themes[1].applicable_count == 0
    assert result.index == 50


def test_nothing_applicable_gives_no_index_and_no_level() -> None:
    q = build(theme("t", question("a", allow_not_applicable=True)))
    result = score_assessment(q, {}, {"a": "not_applicable"})
    assert (result.index, result.level, result.uncertainty) == (None, None, None)
    assert not result.level_capped


def test_question_weights_inside_a_theme() -> None:
    q = build(theme("t", question("a", weight=3), question("b", weight=1)))
    result = score_assessment(q, {}, {"a": "s3", "b": "s0"})
    assert result.index == 75


def test_theme_weights_in_the_index() -> None:
    q = build(theme("t1", question("a"), weight=1), theme("t2", question("b"), weight=3))
    result = score_assessment(q, {}, {"a": "s3", "b": "s0"})
    assert [t.score for t in result.themes] == [100, 0]
    assert result.index == 25


@pytest.mark.parametrize(
    ("full_marks", "level"),
    [
        (0, "debutant"),
        (7, "debutant"),
        (8, "intermediaire"),
        (12, "intermediaire"),
        (13, "avance"),
        (16, "avance"),
        (17, "exemplaire"),
        (20, "exemplaire"),
    ],
)
def test_level_thresholds_at_exact_boundaries(full_marks: int, level: str) -> None:
    # 20 equal questions: each full mark adds exactly 5 points (levels at 0, 40, 65, 85).
    q = build(theme("t", *(question(f"q{i}") for i in range(20))))
    answers = {f"q{i}": "s3" if i < full_marks else "s0" for i in range(20)}
    result = score_assessment(q, {}, answers)
    assert result.index == 5 * full_marks
    assert result.level is not None
    assert result.level.id == level
    assert (result.level.name, result.level.description) == next(
        (lv["name"], lv["description"]) for lv in LEVELS if lv["id"] == level
    )


@pytest.mark.parametrize(("full_marks", "level"), [(2, "intermediaire"), (1, "debutant")])
def test_boundary_is_exact_despite_binary_floats(full_marks: int, level: str) -> None:
    # Theme weights 0.1 and 0.2 both at 40: naive floats give 39.99999999999999 and would
    # miss the "intermediaire" threshold; exact arithmetic gives 40.
    def five(tid: str, weight: float) -> dict[str, object]:
        return theme(tid, *(question(f"{tid}-{i}") for i in range(5)), weight=weight)

    q = build(five("a", 0.1), five("b", 0.2))
    answers = {f"{t}-{i}": "s3" if i < full_marks else "s0" for t in "ab" for i in range(5)}
    result = score_assessment(q, {}, answers)
    assert result.index == 20 * full_marks
    assert result.level is not None
    assert result.level.id == level


def test_essential_failed_caps_the_level() -> None:
    q = build(
        theme(
            "t",
            question("e", essential=True, scores=(0, 1.5, 2, 3)),
            *(question(f"q{i}") for i in range(9)),
        )
    )
    answers = {f"q{i}": "s3" for i in range(9)}
    result = score_assessment(q, {}, {**answers, "e": "s1-5"})
    assert result.index == 95
    assert result.failed_essentials == ("e",)
    assert result.level is not None
    assert result.level.id == "intermediaire"
    assert result.level_capped
    passed = score_assessment(q, {}, {**answers, "e": "s2"})  # pass score 2 reached
    assert passed.failed_essentials == ()
    assert passed.level is not None
    assert passed.level.id == "exemplaire"
    assert not passed.level_capped


@pytest.mark.parametrize("answer", ["unknown", None])
def test_unknown_or_unanswered_essential_fails(answer: str | None) -> None:
    q = build(theme("t", question("e", essential=True), *(question(f"q{i}") for i in range(9))))
    answers = {f"q{i}": "s3" for i in range(9)} | ({"e": answer} if answer else {})
    result = score_assessment(q, {}, answers)
    assert result.failed_essentials == ("e",)
    assert result.level is not None
    assert result.level.id == "intermediaire"


def test_not_applicable_essential_does_not_fail() -> None:
    q = build(theme("t", question("e", essential=True, allow_not_applicable=True), question("a")))
    result = score_assessment(q, {}, {"e": "not_applicable", "a": "s3"})
    assert result.failed_essentials == ()
    assert result.level is not None
    assert result.level.id == "exemplaire"


def test_cap_never_raises_a_lower_level() -> None:
    q = build(theme("t", question("e", essential=True), question("a")))
    result = score_assessment(q, {}, {"e": "s0", "a": "s0"})
    assert result.level is not None
    assert result.level.id == "debutant"
    assert not result.level_capped


def test_custom_pass_score() -> None:
    q = build(
        theme("t", question("e", essential=True, scores=(0, 1.5, 3))), essential_pass_score=1.5
    )
    assert score_assessment(q, {}, {"e": "s1-5"}).failed_essentials == ()
    assert score_assessment(q, {}, {"e": "s0"}).failed_essentials == ("e",)


def test_result_names_the_questionnaire() -> None:
    result = score_assessment(build(version=3), {}, {})
    assert (result.questionnaire_id, result.questionnaire_version) == ("test", 3)
