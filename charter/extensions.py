"""The Flask extensions: created unbound here, bound to an application by ``init_app``.

Every module imports ``db``, ``login_manager`` and friends from this one place, which avoids
import cycles between models, services and blueprints. Flask-Login's loader and its answer to
an anonymous visitor are web concerns: ``charter.auth.sessions`` installs them.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request
from flask_babel import Babel
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from charter.db import Base, configure_engine_events
from charter.i18n import FrenchSourceDomain

#: The Alembic scripts (``flask db upgrade``).
MIGRATIONS_DIR = Path(__file__).parent / "migrations"

db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def client_address() -> str:
    """The client's address as seen through ``ProxyFix`` (for logs, audit and rate limits)."""
    return request.remote_addr or "inconnue"


def init_app(app: Flask) -> None:
    """Bind every extension to ``app`` with its configuration: the proxy headers, the database
    (and SQLite's connection hooks), migrations (unless ``SERVE_ONLY``), CSRF, translations,
    rate limits, logins."""
    hops = int(app.config.get("PROXY_FIX_HOPS", 0))
    if hops:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops
        )
    configure_engine_events(app.config["SQLITE_BUSY_TIMEOUT_MS"])
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    db.init_app(app)
    if not app.config.get("SERVE_ONLY"):
        # Alembic weighs 11 MB per process: a web worker, which never migrates, goes without.
        from flask_migrate import Migrate

        Migrate(render_as_batch=True, compare_type=True).init_app(
            app, db, directory=str(MIGRATIONS_DIR)
        )
    csrf.init_app(app)
    babel.init_app(app, locale_selector=lambda: app.config["BABEL_DEFAULT_LOCALE"])
    babel.domain_instance = FrenchSourceDomain()  # French plurals for untranslated messages
    limiter.init_app(app)
    # Flask-Limiter keeps "the storage does not answer" on its one object for the process, not
    # per application. A new application brings a new storage, which nobody has found dead:
    # without this, an application built after one whose Redis was down would split its counts
    # between the fallback and its own storage when the library saw the storage recover.
    limiter._storage_dead = False
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Connectez-vous pour accéder à cette page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
