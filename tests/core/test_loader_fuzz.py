"""Hostile or random input: the loader never raises anything but QuestionnaireError."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from charter.core.questionnaire import (
    Problem,
    QuestionnaireError,
    load_questionnaire,
    parse_questionnaire,
)
from tests.examples import examples

from .builders import context_question, measure, question, questionnaire_data, theme, trigger

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(["sme", "single_choice", "unknown", "s3", "hygiene-1", "t1"]),
)
keys = st.one_of(
    st.sampled_from(
        [*sorted(questionnaire_data()), "questions", "options", "key", "score", "weight", "in"]
    ),
    st.text(max_size=8),
)
nested = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)),
    max_leaves=30,
)


def problems_of(action: Callable[[], object]) -> tuple[Problem, ...]:
    """Run ``action``; any exception other than QuestionnaireError fails the test."""
    try:
        action()
    except QuestionnaireError as exc:
        return exc.problems
    return ()


def assert_only_questionnaire_error(data: object) -> None:
    problems = problems_of(lambda: parse_questionnaire(data))
    assert all(p.message for p in problems)


@settings(max_examples=examples(300), deadline=None)
@given(nested)
def test_random_data_never_crashes(data: object) -> None:
    assert_only_questionnaire_error(data)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _replace(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = dict(node) if isinstance(node, dict) else list(node)
    copy[path[0]] = _replace(node[path[0]], path[1:], value)
    return copy


VALID = questionnaire_data(
    theme(
        "t1",
        question("q1", essential=True),
        question("q2", applies_if=[{"context": "wifi", "not_in": ["non"]}]),
    ),
    context=[context_question("wifi")],
    measures=[measure("m1", trigger("q1"), trigger("q2", ["s0"]))],
)


@settings(max_examples=examples(400), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_valid_questionnaire_never_crashes(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(_paths(VALID)))
    mutated = _replace(VALID, path, data.draw(nested))
    assert_only_questionnaire_error(mutated)


@settings(max_examples=examples(200), deadline=None)
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_random_file_content_never_crashes(
    tmp_path_factory: pytest.TempPathFactory, content: str | bytes
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "test.yaml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    else:
        path.write_bytes(content)
    assert problems_of(lambda: load_questionnaire(path))  # random content is never valid
