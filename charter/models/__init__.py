"""The application's models, imported here so that Alembic and the app see all of them."""

from charter.models.audit import AuditEvent
from charter.models.charter_text import CharterVersion
from charter.models.organization import Organization, OrganizationKind
from charter.models.signature import (
    CertificateCounter,
    Signature,
    SignatureEvent,
    SignatureReminder,
    SignatureStatus,
    SignedFactChanged,
)
from charter.models.user import RecoveryCode, Role, User, UserSession

__all__ = [
    "AuditEvent",
    "CertificateCounter",
    "CharterVersion",
    "Organization",
    "OrganizationKind",
    "RecoveryCode",
    "Role",
    "Signature",
    "SignatureEvent",
    "SignatureReminder",
    "SignatureStatus",
    "SignedFactChanged",
    "User",
    "UserSession",
]
