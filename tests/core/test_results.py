"""Frozen results (to_dict / from_dict), progress between assessments, peer statistics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from charter.core.questionnaire import Questionnaire
from charter.core.results import AssessmentResult, PlanCost, PlanLink
from charter.core.scoring import peer_summary, progress, score_assessment

from .builders import build, measure, question, theme, trigger


def questionnaire() -> Questionnaire:
    return build(
        theme("t1", question("a", essential=True), question("b", allow_not_applicable=True)),
        theme("t2", question("c", allow_not_applicable=True), weight=2),
        measures=[measure(f"m{i}", trigger("a"), trigger("c"), priority=i) for i in range(1, 9)],
    )


def test_round_trip_through_json() -> None:
    result = score_assessment(questionnaire(), {}, {"a": "s1-5", "c": "unknown"})
    stored = json.loads(json.dumps(result.to_dict()))
    assert stored == result.to_dict()
    assert stored["schema"] == 2
    assert isinstance(stored["priorities"][0]["references"], list)
    rebuilt = AssessmentResult.from_dict(stored)
    assert rebuilt == result
    assert len(rebuilt.priorities) == 6
    assert len(rebuilt.others) == 2


def test_cost_time_and_links_survive_the_round_trip() -> None:
    link = {"title": "Sauvegardes", "url": "https://www.cybermalveillance.gouv.fr/x"}
    m = {**measure("m", trigger("a")), "cost": {"min": 0, "max": 40, "per": "par an"}}
    m |= {"time": "1 heure", "links": [link]}
    result = score_assessment(build(theme("t", question("a")), measures=[m]), {}, {"a": "s0"})
    rebuilt = AssessmentResult.from_dict(json.loads(json.dumps(result.to_dict())))
    (entry,) = rebuilt.priorities
    assert entry.cost == PlanCost(0, 40, "par an")
    assert entry.time == "1 heure"
    assert entry.links == (PlanLink(link["title"], link["url"]),)
    assert rebuilt == result


def test_a_result_frozen_before_schema_2_still_reads_in_its_order() -> None:
    # Written by the code of main before issue 16 (tests/core/data/result-schema-1.json): its
    # plan was ranked by the old rule and must be shown as it was, never re-ranked.
    path = Path(__file__).parent / "data" / "result-schema-1.json"
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["schema"] == 1
    rebuilt = AssessmentResult.from_dict(stored)
    assert [e.measure_id for e in rebuilt.priorities] == [
        e["measure_id"] for e in stored["priorities"]
    ]
    assert [e.measure_id for e in rebuilt.others] == ["m7", "m8"]
    first = rebuilt.priorities[0]
    assert (first.risk, first.cost, first.time, first.links) == (None, None, None, ())
    assert not first.failed_essential and not first.check_first and not first.quick_win
    assert rebuilt.index == stored["index"] and rebuilt.level is not None


def test_round_trip_without_index() -> None:
    q = build(theme("t", question("a", allow_not_applicable=True)))
    result = score_assessment(q, {}, {"a": "not_applicable"})
    assert AssessmentResult.from_dict(json.loads(json.dumps(result.to_dict()))) == result


def test_unknown_schema_is_refused() -> None:
    data = score_assessment(questionnaire(), {}, {}).to_dict() | {"schema": 99}
    with pytest.raises(ValueError, match="schema"):
        AssessmentResult.from_dict(data)


def test_progress_per_theme_and_index() -> None:
    q = questionnaire()
    before = score_assessment(q, {}, {"a": "s0", "b": "s0", "c": "not_applicable"})
    after = score_assessment(q, {}, {"a": "s3", "b": "s1-5", "c": "s3"})
    change = progress(before, after)
    assert change.previous_index == 0
    assert change.current_index == pytest.approx(100 * (0.75 + 2) / 3)
    assert change.index_delta == pytest.approx(change.current_index)
    t1, t2 = change.themes
    assert (t1.id, t1.previous, t1.current, t1.delta) == ("t1", 0, 75, 75)
    assert (t2.id, t2.previous, t2.current, t2.delta) == ("t2", None, 100, None)


def test_progress_with_a_theme_missing_before() -> None:
    old = score_assessment(build(theme("t1", question("a"))), {}, {"a": "s3"})
    new = score_assessment(questionnaire(), {}, {"a": "s3", "b": "s3", "c": "s3"})
    change = progress(old, new)
    assert [t.delta for t in change.themes] == [0, None]
    assert change.index_delta == 0


def test_progress_without_index() -> None:
    q = build(theme("t", question("a", allow_not_applicable=True)))
    none = score_assessment(q, {}, {"a": "not_applicable"})
    some = score_assessment(q, {}, {"a": "s3"})
    assert progress(none, some).index_delta is None


def test_peer_summary_needs_a_minimum_group() -> None:
    assert peer_summary([50, 60, 70, 80]) is None
    assert peer_summary([]) is None
    assert peer_summary([1, 2], min_group=3) is None


def test_peer_summary_quartiles() -> None:
    summary = peer_summary([80, 20, 40, 60, 100])
    assert summary is not None
    assert (summary.count, summary.first_quartile, summary.median, summary.third_quartile) == (
        5,
        40,
        60,
        80,
    )
    even = peer_summary([10, 20, 30, 40, 50, 60])
    assert even is not None
    assert (even.first_quartile, even.median, even.third_quartile) == (22.5, 35, 47.5)
    single = peer_summary([42.0], min_group=1)
    assert single is not None
    assert single.median == 42
