"""Joining a provider through an invitation link (``/invitation/<token>``).

Public pages: the link itself is the credential. A logged-in SME member joins with one click;
a visitor without an account registers their company from here; others log in and come back.
"""

from flask import Blueprint

bp = Blueprint("clients", __name__, url_prefix="/invitation")

from charter.clients import routes  # noqa: E402,F401  (routes attach themselves to bp)
