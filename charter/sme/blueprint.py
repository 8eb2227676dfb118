"""The ``sme`` blueprint and what its route modules share (see the package's docstring)."""

from flask import Blueprint

from charter.access import restrict_blueprint
from charter.assessments.journey import Journey
from charter.models import Role

bp = Blueprint("sme", __name__, url_prefix="/pme")
restrict_blueprint(bp, {Role.SME_MEMBER})
journey = Journey(bp, "sme", prefix="/diagnostics", home="sme.dashboard")
