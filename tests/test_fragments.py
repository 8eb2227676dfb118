"""The memo of rendered fragments (charter/fragments.py): a text comes back only for the same
template, stamp and locale; the memo stays within its bound; a fragment cannot print a CSRF
token."""

from __future__ import annotations

from typing import Any

import pytest
from flask_babel import force_locale
from jinja2 import ChoiceLoader, DictLoader

from charter.fragments import FragmentMemo, memo, render_fragment

TEMPLATES = {
    "_fragment_test.html": "<p>{{ count() }} {{ _('Bonjour') }} {{ name }}</p>",
    "_fragment_form.html": "<input value='{{ csrf_token() }}'>",
}


@pytest.fixture
def fragment_app(app: Any) -> Any:
    app.jinja_env.loader = ChoiceLoader([DictLoader(TEMPLATES), app.jinja_env.loader])
    return app


def test_the_same_stamp_gives_back_the_text_without_rendering_again(fragment_app: Any) -> None:
    renders: list[int] = []

    def count() -> int:
        renders.append(1)
        return len(renders)

    with fragment_app.test_request_context():
        first = render_fragment("_fragment_test.html", ("org", 1), count=count, name="Alpha")
        again = render_fragment("_fragment_test.html", ("org", 1), count=count, name="Beta")
        changed = render_fragment("_fragment_test.html", ("org", 2), count=count, name="Beta")
    assert first == "<p>1 Bonjour Alpha</p>"
    assert again == first  # the stamp did not change: the memoised text, not "Beta"
    assert changed == "<p>2 Bonjour Beta</p>"
    assert len(renders) == 2


def test_the_locale_is_part_of_the_key(fragment_app: Any) -> None:
    with fragment_app.test_request_context():
        french = render_fragment("_fragment_test.html", 7, count=lambda: 0, name="x")
        with force_locale("en"):
            other = render_fragment("_fragment_test.html", 7, count=lambda: 1, name="x")
    assert french != other


def test_a_fragment_that_prints_a_csrf_token_is_refused(fragment_app: Any) -> None:
    with fragment_app.test_request_context(), pytest.raises(RuntimeError, match="CSRF"):
        render_fragment("_fragment_form.html", 1)


@pytest.mark.parametrize("app_config", [{"FRAGMENT_MEMO_BYTES": 0}])
def test_a_zero_bound_turns_the_memo_off(fragment_app: Any) -> None:
    calls: list[int] = []
    with fragment_app.test_request_context():
        for _ in range(2):
            render_fragment("_fragment_test.html", 1, count=lambda: calls.append(1), name="x")
        assert memo().size == 0
    assert len(calls) == 2


def test_the_memo_drops_the_least_recently_used_texts_beyond_its_bound() -> None:
    store = FragmentMemo(limit=100)
    store.put("a", "x" * 20)
    store.put("b", "y" * 20)
    assert store.get("a") == "x" * 20  # a is now the most recent
    for key in "cdef":
        store.put(key, "z" * 20)
    assert store.size <= 100
    assert store.get("b") is None  # the least recently used went first
    assert store.get("a") == "x" * 20
    store.put("huge", "h" * 30)  # over a quarter of the bound: not kept
    assert store.get("huge") is None
