"""Binding the extensions of ``charter.extensions`` to an application."""

from __future__ import annotations

from typing import Any

from flask import Flask, flash, jsonify, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix

from charter.database import MIGRATIONS_DIR
from charter.extensions import babel, csrf, db, limiter, login_manager, migrate
from charter.i18n import FrenchSourceDomain


def register_extensions(app: Flask) -> None:
    """Initialise every extension with the app's configuration."""
    hops = int(app.config.get("PROXY_FIX_HOPS", 0))
    if hops:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops
        )
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=lambda: app.config["BABEL_DEFAULT_LOCALE"])
    babel.domain_instance = FrenchSourceDomain()  # French plurals for untranslated messages
    limiter.init_app(app)
    login_manager.init_app(app)
    import charter.auth.sessions  # noqa: F401  (registers the user loader)

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Connectez-vous pour accéder à cette page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.unauthorized_handler(_unauthorized)


def _unauthorized() -> Any:
    """Not logged in (or the session expired): scripts get a 401 in JSON, people the login page.

    The autosave script shows the message and keeps the page; nothing already saved is lost.
    """
    from charter.errors import wants_json

    if wants_json():
        message = _l(
            "Votre session a expiré : vos réponses déjà enregistrées sont conservées. "
            "Reconnectez-vous pour continuer."
        )
        return jsonify(error="login", message=str(message)), 401
    flash(str(login_manager.login_message), login_manager.login_message_category)
    return redirect(url_for(login_manager.login_view, next=request.full_path.rstrip("?")))
