"""Logging in and out, registration, e-mail verification, password reset (public pages)."""

# The route modules attach their views to bp when imported; sessions installs Flask-Login's
# loader and its answer to anonymous visitors.
from charter.auth import activation, claim, routes, sessions
from charter.auth.blueprint import bp

__all__ = ["activation", "bp", "claim", "routes", "sessions"]
