"""Error pages in French, and the CSRF failure that keeps what the user typed.

No handler here runs a view: a handler that did (to show a form again after a CSRF failure)
turned every ``abort`` of that view into a 500.

Every error a user can meet gets a plain explanation and a 4xx; a 500 is a bug, rolled back and
logged. JSON callers (the autosave script) get JSON.
"""

from __future__ import annotations

import functools
import time
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, flash, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from charter.extensions import csrf, db

F = TypeVar("F", bound=Callable[..., Any])

FALLBACK_500 = (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Erreur du service</title>'
    "</head><body><main><h1>Erreur du service</h1><p>Un problème technique nous empêche de "
    "répondre. Réessayez dans quelques instants.</p></main></body></html>"
)

FALLBACK_503 = (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Service momentanément '
    "indisponible</title></head><body><main><h1>Service momentanément indisponible</h1><p>"
    "Réessayez dans quelques secondes : ce qui était déjà enregistré est conservé.</p></main>"
    "</body></html>"
)

#: Status codes that have their own page; others fall back to the generic one.
PAGES = {400, 403, 404, 405, 413, 429, 500, 503}

#: Seconds after which a visitor may retry when the database did not answer (Retry-After).
DATABASE_RETRY_AFTER = 5


def rerender_on_csrf_failure(view: F) -> F:
    """Mark a form view to be shown again, with what was typed, when its CSRF check fails.

    The view is left out of the global check and checks the token itself, in the normal
    dispatch (after the access checks): on a failure it runs with ``g.csrf_error`` set, so
    that :class:`charter.forms.CharterForm` refuses to validate. Nothing is changed, the form
    comes back filled in with a message and a 400 (a redirect keeps its target, with the
    message flashed); an ``abort`` in the view is an ordinary error page. Only for views
    whose POST goes through a CharterForm. Scripts expecting JSON get the JSON error.
    """

    @functools.wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Any:
        message = _csrf_failure()
        if message is None:
            return view(*args, **kwargs)
        g.csrf_error = message
        response = _app().make_response(view(*args, **kwargs))
        if 300 <= response.status_code < 400:
            flash(message, "error")
        elif response.status_code < 400:
            response.status_code = 400
        return response

    csrf.exempt(checked)
    return checked  # type: ignore[return-value]


def _csrf_failure() -> str | None:
    """None when the request passes the CSRF check (or needs none), else the French message;
    a JSON caller gets the JSON error at once."""
    config = _app().config
    if not config.get("WTF_CSRF_ENABLED", True) or request.method not in config.get(
        "WTF_CSRF_METHODS", ("POST", "PUT", "PATCH", "DELETE")
    ):
        return None
    try:
        csrf.protect()
    except CSRFError:
        if wants_json():
            raise
        return _csrf_message()
    return None


def _csrf_message() -> str:
    return _(
        "Pour votre sécurité, ce formulaire n'a pas été enregistré : votre session a expiré ou "
        "la page était trop ancienne. Vérifiez vos informations, puis envoyez à nouveau."
    )


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(CSRFError, _handle_csrf_error)
    app.register_error_handler(HTTPException, _handle_http_error)
    app.register_error_handler(DBAPIError, _handle_database_error)
    app.register_error_handler(PoolTimeout, _handle_database_unavailable)
    app.register_error_handler(Exception, _handle_unexpected)


def wants_json() -> bool:
    """Whether the caller is a script expecting JSON rather than a person expecting a page."""
    return request.is_json or request.accept_mimetypes.best == "application/json"


def _handle_csrf_error(error: CSRFError) -> Response | tuple[Any, int]:
    """A refused CSRF token on a view that does not re-render itself (see
    :func:`rerender_on_csrf_failure`): a French 400; no view is run from here."""
    message = _csrf_message()
    if wants_json():
        return jsonify(error="csrf", message=message), 400
    return render_template("errors/400.html", message=message), 400


def _handle_http_error(error: HTTPException) -> Any:

    code = error.code or 500
    if wants_json():
        return jsonify(error=code, message=getattr(error, "message", error.description)), code
    template = f"errors/{code}.html" if code in PAGES else "errors/generic.html"
    context: dict[str, Any] = {"retry_after": _retry_after_seconds()} if code == 429 else {}
    if getattr(error, "message", None):  # charter.bounds.BadInput: a French explanation
        context["message"] = error.message
    response = _app().make_response((render_template(template, error=error, **context), code))
    if code == 429:
        response.headers.setdefault("Retry-After", str(_retry_after_seconds()))
    if code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _handle_database_error(error: DBAPIError) -> Any:
    """A database that does not answer is not a bug of the request: 503, retry shortly.

    OperationalError covers a server down or restarting, a connection cut (PostgreSQL restarted
    under the request) and SQLite's write lock still taken after the busy timeout; a connection
    found dead is reported as "invalidated" whatever its class. Other database errors are bugs.
    """
    if isinstance(error, OperationalError) or error.connection_invalidated:
        return _handle_database_unavailable(error)
    return _handle_unexpected(error)


def _handle_database_unavailable(error: Exception) -> Any:
    """503 with Retry-After, a French message, and nothing that needs the database.

    The next request gets a fresh connection (``pool_pre_ping`` tests pooled ones), so the
    application recovers by itself once the database is back.
    """
    try:
        db.session.rollback()
    except Exception:  # the connection may be gone: the pool discards it
        db.session.remove()
    g.minimal_page = True
    _app().logger.warning("database unavailable on %s: %s", _where(), _database_message(error))
    message = _(
        "Le service est momentanément indisponible. Réessayez dans quelques secondes : ce qui "
        "était déjà enregistré est conservé."
    )
    return _unavailable("unavailable", message, DATABASE_RETRY_AFTER)


def _unavailable(status: str, message: str, retry_after: int) -> Any:
    """The 503 answer: JSON for scripts, the French page (or its fallback) for people."""
    headers = {"Retry-After": str(retry_after)}
    if wants_json():
        return jsonify(error=503, status=status, message=message), 503, headers
    try:
        return render_template("errors/503.html", message=message), 503, headers
    except Exception:
        _app().logger.exception("could not render the error page")
        return FALLBACK_503, 503, headers | {"Content-Type": "text/html; charset=utf-8"}


def _where() -> str:
    """The request, for a log line: its method and route, never the concrete path (an e-mailed
    link carries its secret token in the path)."""
    rule = request.url_rule.rule if request.url_rule is not None else "(no route)"
    return f"{request.method} {rule}"


def _database_message(error: Exception) -> str:
    """The class and main message of a database error, without the values it may quote.

    hide_parameters keeps the statement's values out of SQLAlchemy's message, but the server's
    own may quote them too (PostgreSQL: ``DETAIL: Key (email)=(...) already exists``).
    """
    cause = getattr(error, "orig", None) or error
    primary = getattr(getattr(cause, "diag", None), "message_primary", None)
    text = primary or next(iter(str(cause).strip().splitlines()), "")
    kind = type(cause).__name__
    if cause is not error and type(error).__name__ != kind:
        kind = f"{type(error).__name__} ({kind})"
    return f"{kind}: {text}"


def _handle_unexpected(error: Exception) -> Any:
    db.session.rollback()
    g.minimal_page = True
    if isinstance(error, DBAPIError):
        _app().logger.error(
            "unhandled error on %s: %s\nstatement: %s\n%s",
            _where(),
            _database_message(error),
            (error.statement or "")[:500],
            "".join(traceback.format_tb(error.__traceback__)).rstrip(),
        )
    else:
        _app().logger.exception("unhandled error on %s", _where())
    if wants_json():
        return jsonify(error=500, message=_("Erreur interne.")), 500
    try:
        return render_template("errors/500.html"), 500
    except Exception:  # the page itself needs what just failed (the database, say)
        _app().logger.exception("could not render the error page")
        return FALLBACK_500, 500, {"Content-Type": "text/html; charset=utf-8"}


def _retry_after_seconds() -> int:
    """Seconds until the rate limit that was hit lets the visitor try again (at least 1)."""
    from charter.extensions import limiter

    limit = getattr(limiter, "current_limit", None)
    if limit is None:
        return 60
    return max(1, int(limit.reset_at - time.time()))


def _app() -> Flask:
    from flask import current_app

    return current_app._get_current_object()  # type: ignore[attr-defined,no-any-return]
