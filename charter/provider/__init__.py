"""The provider's area (``/prestataire``): dashboard, signing the charter, certificate, profile.

Only provider members come in (``restrict_blueprint``); every route acts on the member's own
organisation, and identifiers of another organisation's objects answer 404.
"""

# The route modules attach their views to bp when imported.
from charter.provider import change_requests, clients, routes, self_assessment, signing
from charter.provider.blueprint import bp, journey

__all__ = ["bp", "change_requests", "clients", "journey", "routes", "self_assessment", "signing"]
