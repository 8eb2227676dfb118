"""The application's models, imported here so that Alembic and the app see all of them."""

from charter.models.audit import AuditEvent
from charter.models.organization import Organization, OrganizationKind
from charter.models.terms import TermsAcceptance, TermsVersion
from charter.models.user import RecoveryCode, Role, User, UserSession

__all__ = [
    "AuditEvent",
    "Organization",
    "OrganizationKind",
    "RecoveryCode",
    "Role",
    "TermsAcceptance",
    "TermsVersion",
    "User",
    "UserSession",
]
