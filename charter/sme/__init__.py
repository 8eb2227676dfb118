"""The SME area (``/pme``): dashboard and the self-diagnosis journey. SME members only."""

from flask import Blueprint

from charter.access import restrict_blueprint
from charter.assessments.journey import Journey
from charter.models import Role

bp = Blueprint("sme", __name__, url_prefix="/pme")
restrict_blueprint(bp, {Role.SME_MEMBER})
journey = Journey(bp, "sme", prefix="/diagnostics", home="sme.dashboard")

from charter.sme import plan, providers, routes  # noqa: E402,F401  (routes attach themselves to bp)
