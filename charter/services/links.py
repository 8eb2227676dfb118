"""Absolute links outside a request: e-mails sent by commands (reminders, new charter version).

``url_for(..., _external=True)`` needs a request to know the site's address; a command has
none, so it borrows one built from ``BASE_URL`` (the public address, in configuration).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, has_request_context


@contextmanager
def site_request_context() -> Iterator[None]:
    """Run the block inside a request for ``BASE_URL`` unless a real request is active."""
    if has_request_context():
        yield
        return
    with current_app.site_request_context():  # type: ignore[attr-defined]
        yield
