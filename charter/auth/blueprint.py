"""The ``auth`` blueprint and what its route modules share (see the package's docstring)."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
