"""The Flask extensions, created unbound here and bound to the app in ``create_app``.

Every module imports ``db``, ``login_manager`` and friends from this one place, which avoids
import cycles between models, services and blueprints.
"""

from __future__ import annotations

from flask import request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from charter.db import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def client_address() -> str:
    """The client's address as seen through ``ProxyFix`` (for logs, audit and rate limits)."""
    return request.remote_addr or "inconnue"
