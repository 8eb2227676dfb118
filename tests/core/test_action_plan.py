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


def test_failed_essentials_first_then_risk_then_priority_then_id() -> None:
    # a, b, e weigh 1 in a theme of weight 1: risk = 1 - q.
    measures = [
        measure("z-essential", trigger("e"), priority=9),  # e failed (1.5 < 2): first
        measure("p1-half", trigger("a"), priority=1),  # risk 0.5
        measure("p2-zero", trigger("b"), priority=2),  # risk 1
        measure("p2-tie-b", trigger("b"), priority=2),  # risk 1, same priority: by id
        measure("p2-tie-a", trigger("b"), priority=2),
        measure("p1-zero", trigger("b"), priority=1),  # risk 1, priority 1
    ]
    answers = {"a": "s1-5", "b": "s0", "e": "s1-5"}
    assert plan(answers, *measures) == [
        "z-essential",
        "p1-zero",
        "p2-tie-a",
        "p2-tie-b",
        "p2-zero",
        "p1-half",
    ]


def test_a_passing_essential_answer_does_not_jump_the_queue() -> None:
    # The bug of issue 16: awareness at 2.5 of 3 (a pass) came before remote access at 0.
    q = build(
        theme(
            "t",
            question("formation", weight=3, scores=(0, 2.5, 3), essential=True),
            question("rdp", weight=2.5),
        ),
        measures=[
            measure("sensibiliser", trigger("formation"), priority=1),
            measure("fermer-rdp", trigger("rdp"), priority=9),
        ],
    )
    result = score_assessment(q, {}, {"formation": "s2-5", "rdp": "s0"})
    first, second = result.priorities
    assert (first.measure_id, second.measure_id) == ("fermer-rdp", "sensibiliser")
    assert not first.failed_essential and not second.failed_essential
    assert (first.risk, second.risk) == (2.5, 0.5)  # 2.5 x 1 x 1, then 3 x 1 x (1 - 5/6)


def test_an_answer_at_zero_comes_before_a_passing_one_whatever_the_weights() -> None:
    q = build(
        theme("light", question("small", weight=0.5), weight=0.5),
        theme("heavy", question("big", weight=3, scores=(0, 2, 3)), weight=3),
        measures=[measure("m-small", trigger("small")), measure("m-big", trigger("big"))],
    )
    # big at 2 of 3 passes, risk 3 x 3 x 1/3 = 3; small at 0, risk 0.5 x 0.5 = 0.25.
    result = score_assessment(q, {}, {"small": "s0", "big": "s2"})
    assert [e.measure_id for e in result.priorities] == ["m-small", "m-big"]


def test_theme_weight_counts_in_the_risk() -> None:
    q = build(
        theme("organisation", question("o", weight=2), weight=0.5),
        theme("sauvegardes", question("s", weight=2), weight=2),
        measures=[measure("a-org", trigger("o")), measure("b-save", trigger("s"))],
    )
    result = score_assessment(q, {}, {"o": "s0", "s": "s0"})
    assert [(e.measure_id, e.risk) for e in result.priorities] == [
        ("b-save", 4.0),
        ("a-org", 1.0),
    ]


def test_unknown_on_an_essential_is_failed_and_to_check_first() -> None:
    q = build(
        theme("t", question("e", essential=True), question("f", essential=True), question("a")),
        measures=[
            measure("check", trigger("e")),
            measure("fix", trigger("f"), trigger("e")),
            measure("other", trigger("a")),
        ],
    )
    result = score_assessment(q, {}, {"e": "unknown", "f": "s0", "a": "s0"})
    entries = {e.measure_id: e for e in result.priorities}
    assert [e.measure_id for e in result.priorities] == ["check", "fix", "other"]
    assert entries["check"].failed_essential and entries["check"].check_first
    # A known failure on an essential question is to do, not merely to check.
    assert entries["fix"].failed_essential and not entries["fix"].check_first
    assert not entries["other"].failed_essential and not entries["other"].check_first


def test_unanswered_essential_is_to_check_first() -> None:
    q = build(theme("t", question("e", essential=True)), measures=[measure("m", trigger("e"))])
    (entry,) = score_assessment(q, {}, {}).priorities
    assert entry.failed_essential and entry.check_first and entry.risk == 1.0


def test_entry_carries_cost_time_links_and_marks_quick_wins() -> None:
    link = {"title": "Les sauvegardes", "url": "https://www.cybermalveillance.gouv.fr/x"}
    free = {**measure("free", trigger("a")), "cost": {"min": 0, "max": 0}, "time": "1 heure"}
    free["links"] = [link]
    paid = {**measure("paid", trigger("a")), "cost": {"min": 0, "max": 50, "per": "par an"}}
    heavy = {**measure("heavy", trigger("a"), effort="medium"), "cost": {"min": 0, "max": 0}}
    bare = measure("bare", trigger("a"))
    q = build(theme("t", question("a")), measures=[free, paid, heavy, bare])
    entries = {e.measure_id: e for e in score_assessment(q, {}, {"a": "s0"}).priorities}
    assert entries["free"].time == "1 heure"
    assert [(x.title, x.url) for x in entries["free"].links] == [(link["title"], link["url"])]
    assert entries["paid"].cost is not None and entries["paid"].cost.per == "par an"
    quick = {mid for mid, e in entries.items() if e.quick_win}
    assert quick == {"free"}  # free and low effort; unknown cost is never a quick win


def test_essential_flag_needs_the_essential_trigger_to_fire() -> None:
    measures = [
        measure("m", trigger("a"), trigger("e"), priority=5),
        measure("n", trigger("a"), priority=1),
    ]
    assert plan({"a": "s0", "e": "s3"}, *measures) == ["n", "m"]
    entries = score_assessment(
        build(theme("t", question("a"), question("e", essential=True)), measures=measures),
        {},
        {"a": "s0", "e": "s3"},
    ).priorities
    assert not any(e.essential or e.failed_essential for e in entries)


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
