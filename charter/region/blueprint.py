"""The ``region`` blueprint and what its route modules share (see the package's docstring)."""

from flask import Blueprint

from charter.access import REGION_ROLES, restrict_blueprint

bp = Blueprint("region", __name__, url_prefix="/region")
restrict_blueprint(bp, REGION_ROLES)
