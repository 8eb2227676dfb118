"""The ``clients`` blueprint and what its route modules share (see the package's docstring)."""

from flask import Blueprint

bp = Blueprint("clients", __name__, url_prefix="/invitation")
