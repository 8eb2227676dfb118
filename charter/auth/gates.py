"""Account gates: what a logged-in user must do before using the private pages.

In order: confirm the e-mail address; pass the second factor when it is enabled; accept the
terms of use in force (a new version is asked for at the next login); for Region accounts,
enrol the second factor (it is mandatory for them). Until then only the public pages, the step
itself and logout are reachable (and, instead of accepting new terms, exporting one's data or
deleting the account).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, g, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from charter.extensions import db
from charter.services.terms import pending_version_id

#: Endpoints any logged-in user may reach whatever step is pending.
ALWAYS_OPEN_PREFIXES = ("static", "public.", "legal.", "auth.logout")

Gate = tuple[str, Callable[[], bool], frozenset[str]]

#: (step endpoint, "is this step pending?", endpoints allowed while it is pending).
GATES: tuple[Gate, ...] = (
    (
        "auth.verify_pending",
        lambda: current_user.email_verified_at is None,
        frozenset({"auth.verify_pending", "auth.resend_verification", "auth.verify_email"}),
    ),
    (
        "auth.second_factor",
        lambda: current_user.totp_enabled and not g.user_session.second_factor_done,
        frozenset({"auth.second_factor"}),
    ),
    (
        "legal.accept_terms",
        lambda: pending_version_id(db.session, current_user.id) is not None,
        frozenset({"legal.accept_terms", "account.export_data", "account.delete"}),
    ),
    (
        "account.two_factor",
        lambda: current_user.is_region and not current_user.totp_enabled,
        frozenset({"account.two_factor", "account.two_factor_start", "account.two_factor_confirm"}),
    ),
)


def init_app(app: Flask) -> None:
    """Run the gates before every request."""
    app.before_request(enforce_gates)


def pending_step() -> str | None:
    """The endpoint of the first step the logged-in user still has to take, or None.

    Worked out once per request (the gate and the menus both ask; the terms' check is a query):
    a view that completes a step redirects, so the next request asks again.
    """
    if not current_user.is_authenticated:
        return None
    if "pending_step" not in g:
        g.pending_step = next((step for step, pending, _ in GATES if pending()), None)
    return g.pending_step  # type: ignore[no-any-return]


#: For each step, the endpoints allowed while it is pending.
ALLOWED_WHILE_PENDING = {step: allowed for step, _, allowed in GATES}


def enforce_gates() -> Response | None:
    """Redirect to the first pending step, unless the request is for an open page."""
    endpoint = request.endpoint or ""
    if not current_user.is_authenticated or endpoint.startswith(ALWAYS_OPEN_PREFIXES):
        return None
    step = pending_step()
    if step is None or endpoint in ALLOWED_WHILE_PENDING[step]:
        return None
    return redirect(url_for(step))
