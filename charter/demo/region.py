"""Demo data for the Region's space: providers in every verdict, across the five departments.

Loaded by :func:`charter.demo.load_demo` after the signatures, through the real services, so
that the list, the detail pages and the dashboard have something true to show:
- Granit Numérique (14): conforme (signature, good self-assessment, an accompanied client);
- Vexin Cloud (27): à régulariser (no client diagnosis accompanied);
- Perche Informatique (61): à régulariser (self-assessment below the threshold);
- Pays d'Auge Systèmes (14): non conforme (signature suspended by the Region);
- and the earlier ones: Bocage Informatique (50, no self-assessment), Seine Numérique Services
  (76, pending) and Cotentin Réseaux (50, expired).
Idempotent: what exists (by SIRET, e-mail, or "has a signature / an assessment") is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.db import utcnow, write_transaction
from charter.definitions import questionnaire_of
from charter.demo.assessments import save_answers
from charter.demo.signatures import demo_signature
from charter.models import (
    Assessment,
    ClientLink,
    LinkSource,
    Organization,
    OrganizationKind,
    QuestionnaireVersion,
    Role,
    Signature,
    SignatureStatus,
    User,
)
from charter.services import assessments, charters, signatures
from charter.services.accounts import create_account

VALIDATOR = "admin@region-normandie.example"


@dataclass(frozen=True)
class DemoProvider:
    name: str
    siret: str
    department: str
    city: str
    services: tuple[str, ...]
    email: str
    member: str
    #: "best" or "worst" answers to the self-assessment; None: no self-assessment.
    self_assessment: str | None
    #: SIRET of a demo SME linked to it that shares its results and sends a diagnosis.
    client: str | None = None
    suspended_because: str | None = None


PROVIDERS = (
    DemoProvider(
        "Granit Numérique",
        "83215471000012",
        "14",
        "Caen",
        ("infogerance", "securite", "sauvegarde"),
        "contact@granit-numerique.example",
        "Hélène Dufour",
        "best",
        client="79058317300014",
    ),
    DemoProvider(
        "Vexin Cloud",
        "75309864900019",
        "27",
        "Vernon",
        ("hebergement", "sauvegarde"),
        "contact@vexin-cloud.example",
        "Marc Lefèvre",
        "best",
    ),
    DemoProvider(
        "Perche Informatique",
        "69140285300010",
        "61",
        "Mortagne-au-Perche",
        ("materiel", "infogerance"),
        "contact@perche-informatique.example",
        "Lucie Renaud",
        "worst",
    ),
    DemoProvider(
        "Pays d'Auge Systèmes",
        "88426093600015",
        "14",
        "Lisieux",
        ("reseau", "developpement"),
        "contact@pays-auge-systemes.example",
        "Olivier Caron",
        "best",
        suspended_because=(
            "Un client a signalé des sauvegardes jamais testées malgré l'engagement 4."
        ),
    ),
)

#: Demo SMEs that a demo provider accompanies: (SIRET, name, department, city, member e-mail).
CLIENTS = (
    (
        "79058317300014",
        "Garage des Falaises",
        "76",
        "Fécamp",
        "garage@garage-falaises.example",
    ),
)


def load_demo_region(session: Session, password_hash: str) -> None:
    """Create what is missing of the Region's demo providers and their clients."""
    with write_transaction(session):
        for spec in PROVIDERS:
            _organization(
                session,
                OrganizationKind.PROVIDER,
                spec.siret,
                spec.name,
                spec.department,
                spec.city,
                services=list(spec.services),
            )
            _member(
                session, spec.siret, spec.email, spec.member, Role.PROVIDER_MEMBER, password_hash
            )
        for siret, name, department, city, email in CLIENTS:
            _organization(session, OrganizationKind.SME, siret, name, department, city)
            _member(session, siret, email, "Gérant·e", Role.SME_MEMBER, password_hash)
    version = charters.current_version(session)
    validator_id = session.scalar(select(User.id).filter_by(email=VALIDATOR))
    if version is None or validator_id is None:
        return
    now = utcnow()
    for spec in PROVIDERS:
        organization = session.scalar(select(Organization).filter_by(siret=spec.siret))
        signer = session.scalar(select(User).filter_by(email=spec.email))
        if organization is None or signer is None:
            continue
        if not session.scalar(select(Signature.id).filter_by(organization_id=organization.id)):
            signed_at = now - timedelta(days=60)
            signature_id = demo_signature(
                session,
                version,
                organization.id,
                signer,
                "Gérant·e",
                signed_at,
                signed_at + timedelta(days=2),
                validator_id,
            )
            if spec.suspended_because:
                signatures.set_status(
                    session,
                    signature_id,
                    SignatureStatus.SUSPENDED,
                    validator_id,
                    spec.suspended_because,
                )
        if spec.self_assessment:
            _assessment(session, signer, "prestataire-charte", spec.self_assessment)
        if spec.client:
            _client(session, organization.id, spec.client)


def _organization(
    session: Session,
    kind: OrganizationKind,
    siret: str,
    name: str,
    department: str,
    city: str,
    services: list[str] | None = None,
) -> None:
    if session.scalar(select(Organization.id).filter_by(siret=siret)) is not None:
        return
    sme = kind is OrganizationKind.SME
    session.add(
        Organization(
            kind=kind,
            name=name,
            siret=siret,
            department=department,
            city=city,
            services=services or [],
            sector="artisanat-batiment" if sme else None,
            size_band="1-9" if sme else None,
            directory_consent=not sme,
        )
    )
    session.flush()


def _member(
    session: Session, siret: str, email: str, name: str, role: Role, password_hash: str
) -> None:
    if session.scalar(select(User.id).filter_by(email=email)) is not None:
        return
    organization = session.scalar(select(Organization).filter_by(siret=siret))
    if organization is None:
        raise LookupError(siret)
    # the first person of each organisation owns it (accounts.create_account)
    create_account(
        session,
        organization,
        email=email,
        full_name=name,
        password_hash=password_hash,
        verified=True,
    )


def _assessment(session: Session, user: User, slug: str, pick: str) -> None:
    """Fill and submit a questionnaire for ``user``'s organisation, unless it has one."""
    if session.scalar(select(Assessment.id).filter_by(organization_id=user.organization_id)):
        return
    version = session.scalar(
        select(QuestionnaireVersion)
        .filter_by(slug=slug)
        .order_by(QuestionnaireVersion.version.desc())
    )
    if version is None:
        return
    questionnaire = questionnaire_of(version)
    assessment = assessments.start_assessment(
        session, actor_id=user.id, organization_id=user.organization_id, version_id=version.id
    )
    answers = {c.id: c.options[-1].key for c in questionnaire.context}
    for question in questionnaire.questions():
        ranked = sorted(question.options, key=lambda o: o.score)
        answers[question.id] = (ranked[-1] if pick == "best" else ranked[0]).key
    save_answers(session, user.id, assessment.id, answers)
    assessments.submit(session, actor_id=user.id, assessment_id=assessment.id)


def _client(session: Session, provider_id: int, sme_siret: str) -> None:
    """Link the SME to the provider (sharing its results), then send the SME's diagnosis."""
    sme = session.scalar(select(Organization).filter_by(siret=sme_siret))
    member = session.scalar(select(User).filter_by(organization_id=sme.id)) if sme else None
    if sme is None or member is None:
        return
    with write_transaction(session):
        linked = session.scalar(
            select(ClientLink.id).filter_by(provider_id=provider_id, sme_id=sme.id)
        )
        if linked is None:
            session.add(
                ClientLink(
                    provider_id=provider_id,
                    sme_id=sme.id,
                    source=LinkSource.INVITATION,
                    share_results=True,
                    created_at=utcnow() - timedelta(days=30),
                )
            )
    _assessment(session, member, "pme-essentiel", "best")
