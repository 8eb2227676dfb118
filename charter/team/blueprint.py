"""The ``team`` and ``team_join`` blueprints (see the package's docstring)."""

from flask import Blueprint

from charter.access import restrict_blueprint
from charter.models import Role

bp = Blueprint("team", __name__, url_prefix="/organisation/equipe")
restrict_blueprint(bp, {Role.PROVIDER_MEMBER, Role.SME_MEMBER})

join_bp = Blueprint("team_join", __name__, url_prefix="/rejoindre")
