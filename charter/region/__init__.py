"""The Region's area (``/region``): review of signatures, and later compliance and statistics.

Region officers only (reviewers and administrators), who have passed their mandatory second
factor (account gates). Routes live in small modules, one per subject.
"""

from flask import Blueprint

from charter.access import REGION_ROLES, restrict_blueprint

bp = Blueprint("region", __name__, url_prefix="/region")
restrict_blueprint(bp, REGION_ROLES)

from charter.region import signatures  # noqa: E402,F401  (routes attach themselves to bp)
