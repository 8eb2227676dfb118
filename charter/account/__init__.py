"""My account: profile, password, second factor, sessions, personal data (``/compte``).

Open to every logged-in role; each route acts on the current user only, so there is no object
identifier to check.
"""

# The route modules attach their views to bp when imported.
from charter.account import routes
from charter.account.blueprint import bp

__all__ = ["bp", "routes"]
