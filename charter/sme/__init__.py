"""The SME area (``/pme``): dashboard and the self-diagnosis journey. SME members only."""

# The route modules attach their views to bp when imported.
from charter.sme import plan, providers, routes
from charter.sme.blueprint import bp, journey

__all__ = ["bp", "journey", "plan", "providers", "routes"]
