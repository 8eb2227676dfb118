"""The Region's area (``/region``): signatories and their compliance, review decisions,
statistics, exports, charter versions, Region users and the audit log.

Region officers only (reviewers and administrators), who have passed their mandatory second
factor (account gates); pages that only administrators may use say so with
:func:`charter.region.admin.admin_only`. Routes live in small modules, one per subject.
"""

# The route modules attach their views to bp when imported.
from charter.region import (
    audit_log,
    change_requests,
    charter_versions,
    dashboard,
    filters,
    imports,
    mail,
    signatories,
    signatory_list,
    signatures,
    users,
)
from charter.region.blueprint import bp

__all__ = [
    "audit_log",
    "bp",
    "change_requests",
    "charter_versions",
    "dashboard",
    "filters",
    "imports",
    "mail",
    "signatories",
    "signatory_list",
    "signatures",
    "users",
]
