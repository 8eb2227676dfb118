"""The people of an organisation (``/organisation/equipe``) and joining it (``/rejoindre``).

``team``: provider and SME accounts only (``restrict_blueprint``); everyone sees the list and
may leave, only owners (« responsables ») invite, change roles, remove and hand over
(``owner_required``). Every person or invitation identifier is checked against the visitor's
organisation: another organisation's answers 404.

``team_join``: public pages, the invitation link itself is the credential.
"""

from flask import Blueprint

from charter.access import restrict_blueprint
from charter.models import Role

bp = Blueprint("team", __name__, url_prefix="/organisation/equipe")
restrict_blueprint(bp, {Role.PROVIDER_MEMBER, Role.SME_MEMBER})

join_bp = Blueprint("team_join", __name__, url_prefix="/rejoindre")

from charter.team import joining, routes  # noqa: E402,F401  (routes attach themselves)
