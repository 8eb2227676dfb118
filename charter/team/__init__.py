"""The people of an organisation (``/organisation/equipe``) and joining it (``/rejoindre``).

``team``: provider and SME accounts only (``restrict_blueprint``); everyone sees the list and
may leave, only owners (« responsables ») invite, change roles, remove and hand over
(``owner_required``). Every person or invitation identifier is checked against the visitor's
organisation: another organisation's answers 404.

``team_join``: public pages, the invitation link itself is the credential.
"""

# The route modules attach their views to bp and join_bp when imported.
from charter.team import joining, routes
from charter.team.blueprint import bp, join_bp

__all__ = ["bp", "join_bp", "joining", "routes"]
