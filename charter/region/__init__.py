"""The Region's area (``/region``): signatories and their compliance, review decisions,
statistics, exports, charter versions, Region users and the audit log.

Region officers only (reviewers and administrators), who have passed their mandatory second
factor (account gates); pages that only administrators may use say so with
:func:`charter.region.admin.admin_only`. Routes live in small modules, one per subject.
"""

from flask import Blueprint

from charter.access import REGION_ROLES, restrict_blueprint

bp = Blueprint("region", __name__, url_prefix="/region")
restrict_blueprint(bp, REGION_ROLES)

# Routes attach themselves to bp.
from charter.region import (  # noqa: E402,F401
    audit_log,
    change_requests,
    charter_versions,
    dashboard,
    filters,
    mail,
    signatories,
    signatory_list,
    signatures,
    users,
)
