"""Public pages: home, health probe, the charter, the directory and certificate verification."""

from flask import Blueprint

bp = Blueprint("public", __name__)

# Each module attaches its routes (or filters) to bp.
from charter.public import (  # noqa: E402,F401
    charter,
    directory,
    filters,
    health,
    routes,
    verification,
)
