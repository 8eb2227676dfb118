"""Logging in and out, registration, e-mail verification, password reset (public pages)."""

# The route modules attach their views to bp when imported.
from charter.auth import activation, routes
from charter.auth.blueprint import bp

__all__ = ["activation", "bp", "routes"]
