"""The provider's area (``/prestataire``): dashboard, signing the charter, certificate, profile.

Only provider members come in (``restrict_blueprint``); every route acts on the member's own
organisation, and identifiers of another organisation's objects answer 404.
"""

from flask import Blueprint

from charter.access import restrict_blueprint
from charter.assessments.journey import Journey
from charter.models import Role

bp = Blueprint("provider", __name__, url_prefix="/prestataire")
restrict_blueprint(bp, {Role.PROVIDER_MEMBER})

journey = Journey(bp, "provider", prefix="/autoevaluation", home="provider.assessments")

from charter.provider import (  # noqa: E402,F401  (routes attach themselves to bp)
    change_requests,
    clients,
    routes,
    self_assessment,
    signing,
)
