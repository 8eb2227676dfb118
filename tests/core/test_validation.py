"""Validation rules of a questionnaire: every field check and cross-check gives a precise path."""

from __future__ import annotations

from typing import Any

import pytest

from charter.core.questionnaire import QuestionnaireError, parse_questionnaire

from .builders import context_question, measure, question, questionnaire_data, theme, trigger


def problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(QuestionnaireError) as info:
        parse_questionnaire(data)
    return [(p.path, p.message) for p in info.value.problems]


def paths(data: dict[str, Any]) -> list[str]:
    return [path for path, _ in problems(data)]


def test_valid_questionnaire_loads_with_defaults() -> None:
    q = parse_questionnaire(questionnaire_data())
    first = q.themes[0].questions[0]
    assert (first.type, first.essential, first.allow_unknown) == ("single_choice", False, True)
    assert (first.allow_not_applicable, first.allow_comment) == (False, True)
    assert q.essential_pass_score == 2


def test_id_must_equal_file_stem() -> None:
    with pytest.raises(QuestionnaireError) as info:
        parse_questionnaire(questionnaire_data(), "x.yaml", expected_id="autre")
    (problem,) = info.value.problems
    assert (problem.file, problem.path) == ("x.yaml", "id")
    assert "autre.yaml" in problem.message


@pytest.mark.parametrize("score", [-0.5, 0.25, 3.5, 1.2])
def test_score_range_and_step(score: float) -> None:
    data = questionnaire_data(theme("t", question("q", scores=(0, score, 3))))
    assert problems(data) == [
        ("themes[0].questions[0].options[1].score", "score must be between 0 and 3 in steps of 0.5")
    ]


@pytest.mark.parametrize("score", [0, 0.5, 1, 1.5, 2, 2.5, 3])
def test_every_half_step_score_is_valid(score: float) -> None:
    scores = (0, score, 3) if score not in (0, 3) else (0, 3)
    parse_questionnaire(questionnaire_data(theme("t", question("q", scores=scores))))


def test_at_least_one_option_at_three() -> None:
    data = questionnaire_data(theme("t", question("q", scores=(0, 2.5))))
    assert problems(data) == [
        (
            "themes[0].questions[0].options",
            "at least one option must score 3 (full marks must be reachable)",
        )
    ]


def test_option_count_between_two_and_six() -> None:
    one = questionnaire_data(theme("t", question("q", scores=(3,))))
    seven = questionnaire_data(theme("t", question("q", scores=(0, 0.5, 1, 1.5, 2, 2.5, 3))))
    assert paths(one) == ["themes[0].questions[0].options"]
    assert paths(seven) == ["themes[0].questions[0].options"]


def test_scored_option_needs_a_score_and_context_option_must_not_have_one() -> None:
    q = question("q")
    del q["options"][0]["score"]
    ctx = context_question("wifi")
    ctx["options"][0]["score"] = 1
    data = questionnaire_data(theme("t", q), context=[ctx])
    assert paths(data) == ["context[0].options[0].score", "themes[0].questions[0].options[0].score"]


@pytest.mark.parametrize("weight", [0, 0.25, 3.5, -1, 1.25])
def test_question_weight_range_and_step(weight: float) -> None:
    data = questionnaire_data(theme("t", question("q", weight=weight)))
    assert problems(data) == [
        ("themes[0].questions[0].weight", "weight must be between 0.5 and 3 in steps of 0.5")
    ]


def test_theme_weight_must_be_positive() -> None:
    assert paths(questionnaire_data(theme("t", question("q"), weight=0))) == ["themes[0].weight"]


def test_duplicate_ids_everywhere() -> None:
    data = questionnaire_data(
        theme("t", question("q1"), question("dup")),
        theme("t", question("q2"), question("wifi")),
        context=[context_question("wifi"), context_question("dup")],
        measures=[measure("m", trigger("q1")), measure("m", trigger("q2"))],
    )
    data["levels"][1]["id"] = "debutant"
    data["essential_cap"] = "debutant"
    found = problems(data)
    assert (
        "themes[0].questions[1].id",
        "duplicate question id 'dup' (already used at context[1].id)",
    ) in found
    assert [p for p, _ in found] == [
        "themes[0].questions[1].id",
        "themes[1].questions[1].id",
        "themes[1].id",
        "measures[1].id",
        "levels[1].id",
    ]


def test_duplicate_and_reserved_option_keys() -> None:
    q = question("q", scores=(0, 1, 3))
    q["options"][1]["key"] = "s0"
    q["options"][2]["key"] = "unknown"
    q["options"][2]["score"] = 3
    q["options"].append({"key": "s3", "label": "Oui", "score": 3})
    found = problems(questionnaire_data(theme("t", q)))
    assert found[0] == (
        "themes[0].questions[0].options[1].key",
        "duplicate option key 's0' (already used at themes[0].questions[0].options[0].key)",
    )
    assert found[1][0] == "themes[0].questions[0].options[2].key"
    assert "reserved" in found[1][1]


def test_not_applicable_key_is_not_a_valid_slug() -> None:
    q = question("q")
    q["options"][0]["key"] = "not_applicable"
    assert paths(questionnaire_data(theme("t", q))) == ["themes[0].questions[0].options[0].key"]


def test_applies_if_references() -> None:
    data = questionnaire_data(
        theme(
            "t",
            question("q1", applies_if=[{"context": "wifi", "in": ["peut-etre"]}]),
            question("q2", applies_if=[{"context": "absent", "not_in": ["oui"]}]),
        ),
        context=[context_question("wifi")],
    )
    assert problems(data) == [
        (
            "themes[0].questions[0].applies_if[0].in[0]",
            "'peut-etre' is not an option of context question 'wifi'",
        ),
        (
            "themes[0].questions[1].applies_if[0].context",
            "'absent' is not the id of a context question",
        ),
    ]


@pytest.mark.parametrize(
    "condition", [{"context": "wifi"}, {"context": "wifi", "in": ["oui"], "not_in": ["non"]}]
)
def test_condition_needs_exactly_one_of_in_not_in(condition: dict[str, Any]) -> None:
    data = questionnaire_data(
        theme("t", question("q", applies_if=[condition])), context=[context_question("wifi")]
    )
    assert problems(data) == [
        (
            "themes[0].questions[0].applies_if[0]",
            "a condition needs exactly one of 'in' or 'not_in'",
        )
    ]


def test_trigger_references() -> None:
    data = questionnaire_data(
        theme("t", question("q1")),
        context=[context_question("wifi")],
        measures=[
            measure("m1", trigger("absent"), trigger("wifi")),
            measure("m2", trigger("q1", ["s0", "unknown", "nope", "not_applicable"])),
        ],
    )
    assert problems(data) == [
        ("measures[0].triggers[0].question", "'absent' must be a scored question (unknown)"),
        (
            "measures[0].triggers[1].question",
            "'wifi' must be a scored question (a context question)",
        ),
        ("measures[1].triggers[0].answers[2]", "'nope' is neither an option of 'q1' nor 'unknown'"),
        (
            "measures[1].triggers[0].answers[3]",
            "'not_applicable' is neither an option of 'q1' nor 'unknown'",
        ),
    ]


def test_measure_needs_triggers_and_references() -> None:
    m = measure("m")
    m["references"] = []
    assert paths(questionnaire_data(measures=[m])) == [
        "measures[0].references",
        "measures[0].triggers",
    ]


def test_levels_order_first_at_zero_and_cap() -> None:
    data = questionnaire_data(essential_cap="inconnu")
    data["levels"][0]["min"] = 5
    data["levels"][2]["min"] = 40
    assert problems(data) == [
        ("levels[0].min", "the first level must start at 0"),
        ("levels[2].min", "levels must be ordered by strictly increasing min"),
        ("essential_cap", "'inconnu' is not the id of a level"),
    ]


def test_at_least_two_levels_and_one_theme() -> None:
    data = questionnaire_data()
    data["levels"] = data["levels"][:1]
    data["themes"] = []
    assert paths(data) == ["themes", "levels"]


@pytest.mark.parametrize(
    "ref",
    [
        "hygiene-1",
        "hygiene-9",
        "hygiene-10",
        "hygiene-39",
        "hygiene-42",
        "cpme-1",
        "cpme-12",
        "regles-1",
        "regles-10",
    ],
)
def test_valid_references(ref: str) -> None:
    parse_questionnaire(questionnaire_data(theme("t", question("q", references=[ref]))))


@pytest.mark.parametrize(
    "ref",
    [
        "hygiene-0",
        "hygiene-43",
        "hygiene-01",
        "cpme-13",
        "cpme-0",
        "regles-11",
        "Hygiene-1",
        "anssi-3",
        "hygiene-1 ",
    ],
)
def test_invalid_references(ref: str) -> None:
    found = problems(questionnaire_data(theme("t", question("q", references=[ref]))))
    assert found == [
        (
            "themes[0].questions[0].references[0]",
            f"'{ref}' is not an ANSSI reference (hygiene-1..42, cpme-1..12, regles-1..10)",
        )
    ]


def test_unknown_question_type() -> None:
    found = problems(questionnaire_data(theme("t", question("q", type="slider"))))
    assert found == [
        ("themes[0].questions[0].type", "unknown question type 'slider' (known: single_choice)")
    ]


def test_plain_messages_for_common_mistakes() -> None:
    q = question("q", aplies_if=[])
    q["options"][0]["label"] = True  # YAML `label: yes`
    del q["help"]
    data = questionnaire_data(theme("t", q), audience="pme", version="1", id="Mon Id")
    found = dict(problems(data))
    assert found["themes[0].questions[0].aplies_if"] == "unknown field (check its spelling)"
    assert found["themes[0].questions[0].help"] == "this field is required"
    assert "quotes" in found["themes[0].questions[0].options[0].label"]
    assert found["id"] == "'Mon Id' must use lowercase letters, digits and '-' only"
    assert "version" in found
    assert "audience" in found


def test_blank_text_is_refused() -> None:
    assert problems(questionnaire_data(title="   ")) == [("title", "must not be empty")]


def test_bool_is_not_a_number_and_string_is_not_a_flag() -> None:
    data = questionnaire_data(theme("t", question("q", weight=True, essential="oui")))
    assert paths(data) == ["themes[0].questions[0].weight", "themes[0].questions[0].essential"]


def test_every_problem_reported_at_once() -> None:
    data = questionnaire_data(
        theme("t", question("q", weight=9, scores=(0, 0.3, 3))), duration_minutes=0
    )
    assert len(problems(data)) == 3
