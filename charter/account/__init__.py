"""My account: profile, password, second factor, sessions, personal data (``/compte``).

Open to every logged-in role; each route acts on the current user only, so there is no object
identifier to check.
"""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("account", __name__, url_prefix="/compte")


@bp.before_request
@login_required
def _logged_in_only() -> None:
    """Every page of this blueprint needs a login."""


from charter.account import routes  # noqa: E402,F401  (routes attach themselves to bp)
