"""Joining a provider through an invitation link (``/invitation/<token>``).

Public pages: the link itself is the credential. A logged-in SME member joins with one click;
a visitor without an account registers their company from here; others log in and come back.
"""

# The route modules attach their views to bp when imported.
from charter.clients import routes
from charter.clients.blueprint import bp

__all__ = ["bp", "routes"]
