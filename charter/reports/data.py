"""Plain data the renderers take: the web layer fills these, closes its transaction, then renders.

Everything here is frozen and checked on construction, so that a renderer never has to guess:
aware datetimes, a result computed on the questionnaire given, peer groups of at least
``MIN_GROUP`` organisations (docs/design.md §5: nobody may be singled out).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType

from charter.core.plan_tracking import ActionProgress
from charter.core.questionnaire.model import Questionnaire
from charter.core.results import AssessmentResult, PeerSummary
from charter.core.statistics import MIN_GROUP
from charter.reports.i18n import N_


def _aware(value: datetime | None, name: str) -> None:
    if value is not None and value.tzinfo is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


def check_peer_summary(summary: PeerSummary, what: str) -> None:
    """Raise ValueError when ``summary`` covers fewer than ``MIN_GROUP`` organisations.

    Called when a ``PeerComparison`` is built and again by the renderer just before printing.
    """
    if summary.count < MIN_GROUP:
        raise ValueError(
            f"{what}: a peer summary needs at least {MIN_GROUP} organisations, got {summary.count}"
        )


@dataclass(frozen=True)
class Contact:
    """Someone who can help, printed in « Qui peut vous aider ».

    ``addresses`` are web addresses (https); ``email`` and ``phone`` come from the database or
    from configuration, never from code (docs/design.md: no unverified number is printed).
    """

    name: str
    description: str
    addresses: tuple[str, ...] = ()
    email: str | None = None
    phone: str | None = None


#: The national services every report names (public web addresses only, no phone number).
#: Their descriptions are msgids: ``charter.services.help_contacts.contacts`` translates them.
NATIONAL_CONTACTS: tuple[Contact, ...] = (
    Contact(
        "17Cyber / Cybermalveillance.gouv.fr",
        N_(
            "Le service public d'assistance aux victimes : diagnostic en ligne de la situation, "
            "conseils et mise en relation avec des professionnels de proximité."
        ),
        ("https://17cyber.gouv.fr", "https://www.cybermalveillance.gouv.fr"),
    ),
    Contact(
        "ANSSI",
        N_(
            "Agence nationale de la sécurité des systèmes d'information : guides de bonnes "
            "pratiques, dont le guide d'hygiène informatique cité dans ce rapport."
        ),
        ("https://cyber.gouv.fr",),
    ),
    Contact(
        "CNIL",
        N_(
            "En cas de violation de données personnelles (fuite, vol, perte, chiffrement par un "
            "rançongiciel), la notifier à la CNIL dans les 72 heures après en avoir pris "
            "connaissance, y compris pour les données des salariés."
        ),
        ("https://www.cnil.fr/fr/notifier-une-violation-de-donnees-personnelles",),
    ),
)

#: What a report printed before « Qui peut vous aider » existed named (kept for callers that
#: give no contacts, such as previews).
DEFAULT_CONTACTS: tuple[Contact, ...] = NATIONAL_CONTACTS


@dataclass(frozen=True)
class HelpSection:
    """« Qui peut vous aider » : the providers to turn to, then the directory.

    ``linked`` True: ``providers`` are the company's own providers, which see its results.
    False: up to three signatories of its department, suggested from the public directory,
    and ``directory_url`` to choose another.
    """

    providers: tuple[Contact, ...] = ()
    linked: bool = False
    directory_url: str | None = None


@dataclass(frozen=True)
class PeerComparison:
    """Peers' figures: index summary and, per theme id, a summary of theme scores.

    Only built by the web layer when the group holds at least ``MIN_GROUP`` other
    organisations; construction refuses any smaller summary.
    """

    group_label: str
    count: int
    index: PeerSummary
    themes: Mapping[str, PeerSummary] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.count < MIN_GROUP:
            raise ValueError(f"a peer group needs at least {MIN_GROUP} organisations")
        check_peer_summary(self.index, "index")
        for theme_id, summary in self.themes.items():
            check_peer_summary(summary, f"theme {theme_id}")
        object.__setattr__(self, "themes", MappingProxyType(dict(self.themes)))


@dataclass(frozen=True)
class DiagnosisReportData:
    """Everything ``render_diagnosis_report`` prints, gathered by the web layer.

    ``answers`` maps question ids to the stored value (option key, "unknown",
    "not_applicable"), ``comments`` maps question ids to the user's comment. ``previous`` and
    ``previous_submitted_at`` go together. ``questionnaire`` must be the exact version the
    result was computed on (the snapshot stored with the assessment).
    """

    organisation_name: str
    questionnaire: Questionnaire
    result: AssessmentResult
    submitted_at: datetime
    questionnaire_hash: str
    answers: Mapping[str, str] = field(default_factory=dict)
    comments: Mapping[str, str] = field(default_factory=dict)
    sector_label: str | None = None
    size_label: str | None = None
    previous: AssessmentResult | None = None
    previous_submitted_at: datetime | None = None
    peers: PeerComparison | None = None
    provider_name: str | None = None
    contacts: tuple[Contact, ...] = DEFAULT_CONTACTS
    help: HelpSection | None = None
    #: The organisation's progress on each measure (the exports' Statut... columns).
    plan_progress: Mapping[str, ActionProgress] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _aware(self.submitted_at, "submitted_at")
        _aware(self.previous_submitted_at, "previous_submitted_at")
        if (self.previous is None) != (self.previous_submitted_at is None):
            raise ValueError("previous and previous_submitted_at go together")
        if (self.result.questionnaire_id, self.result.questionnaire_version) != (
            self.questionnaire.id,
            self.questionnaire.version,
        ):
            raise ValueError("the result was not computed on this questionnaire version")
        object.__setattr__(self, "answers", MappingProxyType(dict(self.answers)))
        object.__setattr__(self, "comments", MappingProxyType(dict(self.comments)))
        object.__setattr__(self, "contacts", tuple(self.contacts))


@dataclass(frozen=True)
class CertificateData:
    """What ``render_certificate`` prints for one validated signature.

    ``verification_url`` is the public page ``/verification/<number>`` in full (https), which
    the QR code encodes. ``charter_version`` is the label shown ("v1", "2026-1"...).
    """

    organisation_name: str
    siret: str
    charter_title: str
    charter_version: str
    signed_at: datetime
    validated_at: datetime
    expires_at: date | datetime
    certificate_number: str
    verification_url: str
    signer_name: str | None = None
    signer_role: str | None = None

    def __post_init__(self) -> None:
        _aware(self.signed_at, "signed_at")
        _aware(self.validated_at, "validated_at")
        if isinstance(self.expires_at, datetime):
            _aware(self.expires_at, "expires_at")
        if not self.verification_url.startswith(("https://", "http://")):
            raise ValueError("verification_url must be an absolute http(s) address")
        if not self.certificate_number.strip():
            raise ValueError("certificate_number must not be empty")
