"""Rendered page fragments, memoised by a stamp of everything they print.

Some pages print a large part that changes rarely and costs most of the request to render: the
text of a submitted diagnosis, the rows of a compliance list between two events. A view renders
such a part through :func:`render_fragment`, giving the template, its variables and a *stamp*:
the values the part depends on (ids, versions, update times, counts). The rendered text is kept
in a bounded memo of the worker under the template, the stamp and the request's locale, and the
next request with the same stamp gets it back without rendering.

Why this is safe in a service with several workers and hosts (no state in process memory): the
memo holds only text that is a pure function of its key, so losing it, or two workers holding
different sets, changes no answer; a change of any input changes the stamp, so a stale text is
never found. The caller owns the stamp: it must name every value the fragment prints that can
change (and never what differs between two visitors who may see the same stamp, which is why a
fragment cannot call ``csrf_token()``: forms stay outside, or carry the token the page adds).

Who calls this: views and services that render a page (``render_fragment``); the application
factory (``init_app``). ``FRAGMENT_MEMO_BYTES`` bounds the memo per worker (0 turns it off).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

from flask import Flask, current_app, render_template
from flask_babel import get_locale
from markupsafe import Markup

#: Default bound of the memo of one worker, in characters of rendered text.
DEFAULT_MEMO_BYTES = 16 * 1024 * 1024


class FragmentMemo:
    """A least-recently-used map of rendered texts, bounded by their total size; thread-safe
    (gunicorn's threads share a worker's memo)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            text = self._texts.get(key)
            if text is None:
                self.misses += 1
                return None
            self._texts.move_to_end(key)
            self.hits += 1
            return text

    def put(self, key: str, text: str) -> None:
        if len(text) > self.limit // 4:  # one huge text would push everything else out
            return
        with self._lock:
            previous = self._texts.pop(key, None)
            if previous is not None:
                self.size -= len(previous)
            self._texts[key] = text
            self.size += len(text)
            while self.size > self.limit:
                _, dropped = self._texts.popitem(last=False)
                self.size -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._texts.clear()
            self.size = 0


def init_app(app: Flask) -> None:
    """Give the application its memo (``app.extensions["fragments"]``)."""
    app.extensions["fragments"] = FragmentMemo(
        int(app.config.get("FRAGMENT_MEMO_BYTES", DEFAULT_MEMO_BYTES))
    )


def memo() -> FragmentMemo:
    """The current application's memo."""
    return current_app.extensions["fragments"]  # type: ignore[no-any-return]


def _refuse_csrf_token() -> str:
    raise RuntimeError(
        "a memoised fragment cannot print a CSRF token: it would be served to other visitors"
    )


def stamp_key(template: str, stamp: Hashable) -> str:
    """The memo's key for ``template`` rendered with ``stamp`` in the request's locale.

    The template object's identity is part of it: Jinja replaces the object when the file
    changes (development reloads), so an edited template is rendered again.
    """
    compiled = current_app.jinja_env.get_template(template)
    material = repr((template, id(compiled), str(get_locale()), stamp))
    return hashlib.blake2b(material.encode(), digest_size=20).hexdigest()


def render_fragment(template: str, stamp: Hashable, **context: Any) -> Markup:
    """``template`` rendered with ``context``, or the text rendered earlier for the same
    ``stamp`` (see the module's docstring for what the stamp must name)."""
    store = memo()
    key = stamp_key(template, stamp) if store.limit > 0 else None
    text = store.get(key) if key is not None else None
    if text is None:
        text = render_template(template, csrf_token=_refuse_csrf_token, **context)
        if key is not None:
            store.put(key, text)
    return Markup(text)  # noqa: S704  (rendered by our own autoescaping templates)
