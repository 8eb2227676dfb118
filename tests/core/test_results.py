"""Frozen results (to_dict / from_dict), progress between assessments, peer statistics."""

from __future__ import annotations

import json

import pytest

from charter.core.questionnaire import Questionnaire
from charter.core.results import AssessmentResult
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
    assert stored["schema"] == 1
    assert isinstance(stored["priorities"][0]["references"], list)
    rebuilt = AssessmentResult.from_dict(stored)
    assert rebuilt == result
    assert len(rebuilt.priorities) == 6
    assert len(rebuilt.others) == 2


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
