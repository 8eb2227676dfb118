"""Public pages: home, health probe (and later the charter, directory and verification)."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from charter.public import routes  # noqa: E402,F401  (routes attach themselves to bp)
