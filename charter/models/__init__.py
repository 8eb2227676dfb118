"""The application's models, imported here so that Alembic and the app see all of them."""

from charter.models.assessment import (
    Answer,
    Assessment,
    AssessmentStatus,
    QuestionnaireVersion,
)
from charter.models.audit import AuditEvent
from charter.models.organization import Organization, OrganizationKind
from charter.models.terms import TermsAcceptance, TermsVersion
from charter.models.user import RecoveryCode, Role, User, UserSession

__all__ = [
    "Answer",
    "Assessment",
    "AssessmentStatus",
    "AuditEvent",
    "Organization",
    "OrganizationKind",
    "QuestionnaireVersion",
    "RecoveryCode",
    "Role",
    "TermsAcceptance",
    "TermsVersion",
    "User",
    "UserSession",
]
