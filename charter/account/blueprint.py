"""The ``account`` blueprint and what its route modules share (see the package's docstring)."""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("account", __name__, url_prefix="/compte")


@bp.before_request
@login_required
def _logged_in_only() -> None:
    """Every page of this blueprint needs a login."""
