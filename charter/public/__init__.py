"""Public pages: home, health probe, the charter, the directory and certificate verification."""

# The route modules attach their views to bp when imported.
from charter.public import charter, directory, filters, health, routes, verification
from charter.public.blueprint import bp

__all__ = ["bp", "charter", "directory", "filters", "health", "routes", "verification"]
