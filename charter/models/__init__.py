"""The application's models, imported here so that Alembic and the app see all of them."""

from charter.models.assessment import (
    Answer,
    Assessment,
    AssessmentStatus,
    QuestionnaireVersion,
)
from charter.models.audit import AuditEvent
from charter.models.change_request import (
    ChangeRequest,
    ChangeRequestMessage,
    ChangeRequestStatus,
    SigningDraft,
)
from charter.models.charter_text import CharterVersion
from charter.models.clients import ClientLink, Invitation, LinkSource
from charter.models.documents import StoredDocument
from charter.models.mail import MailStatus, OutgoingMail
from charter.models.members import MemberInvitation
from charter.models.organization import Organization, OrganizationKind
from charter.models.plan import ActionState, FollowUpReminder, PlanAction
from charter.models.signatory_import import ClaimInvitation, SignatoryImport
from charter.models.signature import (
    CertificateCounter,
    Signature,
    SignatureEvent,
    SignatureReminder,
    SignatureStatus,
    SignedFactChanged,
)
from charter.models.standing import SignatoryStanding
from charter.models.statistics import (
    LatestAssessment,
    LatestThemeScore,
    MaturityTotal,
    MonthlyCount,
)
from charter.models.terms import TermsAcceptance, TermsVersion
from charter.models.user import OrganizationRole, RecoveryCode, Role, User, UserSession

__all__ = [
    "ActionState",
    "Answer",
    "Assessment",
    "AssessmentStatus",
    "AuditEvent",
    "CertificateCounter",
    "ChangeRequest",
    "ChangeRequestMessage",
    "ChangeRequestStatus",
    "CharterVersion",
    "ClaimInvitation",
    "ClientLink",
    "FollowUpReminder",
    "Invitation",
    "LatestAssessment",
    "LatestThemeScore",
    "LinkSource",
    "MailStatus",
    "MaturityTotal",
    "MemberInvitation",
    "MonthlyCount",
    "Organization",
    "OrganizationKind",
    "OrganizationRole",
    "OutgoingMail",
    "PlanAction",
    "QuestionnaireVersion",
    "RecoveryCode",
    "Role",
    "SignatoryImport",
    "SignatoryStanding",
    "Signature",
    "SignatureEvent",
    "SignatureReminder",
    "SignatureStatus",
    "SignedFactChanged",
    "SigningDraft",
    "StoredDocument",
    "TermsAcceptance",
    "TermsVersion",
    "User",
    "UserSession",
]
