"""Logging in and out, registration, e-mail verification, password reset (public pages)."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from charter.auth import activation, claim, routes  # noqa: E402,F401  (routes attach themselves to bp)
