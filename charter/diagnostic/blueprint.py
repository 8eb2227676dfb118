"""The ``diagnostic`` blueprint and its journey (see the package's docstring)."""

from flask import Blueprint

from charter.diagnostic.journey import AnonymousJourney

bp = Blueprint("diagnostic", __name__, url_prefix="/diagnostic")
journey = AnonymousJourney(bp)
