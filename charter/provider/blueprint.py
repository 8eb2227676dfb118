"""The ``provider`` blueprint and what its route modules share (see the package's docstring)."""

from flask import Blueprint

from charter.access import restrict_blueprint
from charter.assessments.journey import Journey
from charter.models import Role

bp = Blueprint("provider", __name__, url_prefix="/prestataire")
restrict_blueprint(bp, {Role.PROVIDER_MEMBER})

journey = Journey(bp, "provider", prefix="/autoevaluation", home="provider.assessments")
