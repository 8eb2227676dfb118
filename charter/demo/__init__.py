"""The demonstration dataset loaded by ``flask --app charter charter demo``.

Idempotent: organisations are found by SIRET and accounts by e-mail, so running it again adds
what is missing and changes nothing else. Every SIRET is valid (Luhn) but invented.

Signatures (``charter.demo.signatures``): charter version 1 is published if absent; Bocage
Informatique holds a validated signature with its certificate, Seine Numérique Services awaits
the Region's review, Cotentin Réseaux's signature has expired. The Region's space
(``charter.demo.region``) adds providers in every compliance verdict across the five
departments.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.core.terms import load_terms
from charter.db import utcnow, write_transaction
from charter.demo.assessments import load_demo_assessments
from charter.demo.region import load_demo_region
from charter.demo.signatures import load_demo_signatures
from charter.models import (
    Organization,
    OrganizationKind,
    Role,
    TermsVersion,
    User,
)
from charter.services import audit, terms
from charter.services.accounts import create_account
from charter.services.passwords import hash_password

#: The password of every demo account; printed by ``make run``. Never used outside the demo.
DEMO_PASSWORD = "Pommier-Bocage-Granit-7"  # noqa: S105  (public demo password, by design)


@dataclass(frozen=True)
class DemoOrganization:
    kind: OrganizationKind
    name: str
    siret: str
    department: str
    city: str
    sector: str | None = None
    size_band: str | None = None
    services: tuple[str, ...] = ()
    website: str | None = None


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: Role
    siret: str | None  # organisation, None for Region officers

    @property
    def totp_secret(self) -> str | None:
        """Region demo accounts have the (mandatory) second factor set up with a known secret."""
        return DEMO_TOTP_SECRETS.get(self.email)


#: Base32 secrets of the demo second factors; ``flask charter demo-code EMAIL`` prints a code.
DEMO_TOTP_SECRETS = {
    "admin@region-normandie.example": "DEMOADMINREGIONNORMANDIEDEUXAAAA",
    "relecteur@region-normandie.example": "DEMORELECTEURREGIONNORMANDIEBBBB",
}


ORGANIZATIONS = (
    DemoOrganization(
        OrganizationKind.PROVIDER,
        "Bocage Informatique",
        "52601815500014",
        "50",
        "Saint-Lô",
        services=("infogerance", "reseau", "sauvegarde"),
        website="https://bocage-informatique.example",
    ),
    DemoOrganization(
        OrganizationKind.PROVIDER,
        "Seine Numérique Services",
        "90830166600016",
        "76",
        "Rouen",
        services=("hebergement", "securite", "formation"),
        website="https://seine-numerique.example",
    ),
    DemoOrganization(
        OrganizationKind.PROVIDER,
        "Cotentin Réseaux",
        "81736452400022",
        "50",
        "Cherbourg-en-Cotentin",
        services=("reseau", "materiel", "infogerance"),
        website="https://cotentin-reseaux.example",
    ),
    DemoOrganization(
        OrganizationKind.SME,
        "Boulangerie Le Fournil d'Honfleur",
        "13186091800013",
        "14",
        "Honfleur",
        sector="commerce",
        size_band="1-9",
    ),
    DemoOrganization(
        OrganizationKind.SME,
        "Cabinet Lemarchand Expertise",
        "39099603100014",
        "14",
        "Caen",
        sector="services-entreprises",
        size_band="10-49",
    ),
    DemoOrganization(
        OrganizationKind.SME,
        "Menuiserie Durand et Fils",
        "94821993600010",
        "27",
        "Évreux",
        sector="artisanat-batiment",
        size_band="10-49",
    ),
)

ACCOUNTS = (
    DemoAccount("admin@region-normandie.example", "Claire Vasseur", Role.REGION_ADMIN, None),
    DemoAccount("relecteur@region-normandie.example", "Julien Lebrun", Role.REGION_REVIEWER, None),
    DemoAccount(
        "contact@bocage-informatique.example",
        "Sophie Marie",
        Role.PROVIDER_MEMBER,
        "52601815500014",
    ),
    DemoAccount(
        "contact@seine-numerique.example", "Karim Benali", Role.PROVIDER_MEMBER, "90830166600016"
    ),
    DemoAccount(
        "contact@cotentin-reseaux.example", "Gaëlle Hamel", Role.PROVIDER_MEMBER, "81736452400022"
    ),
    DemoAccount(
        "gerant@fournil-honfleur.example", "Thomas Leroux", Role.SME_MEMBER, "13186091800013"
    ),
    DemoAccount(
        "direction@cabinet-lemarchand.example", "Anne Lemarchand", Role.SME_MEMBER, "39099603100014"
    ),
    DemoAccount(
        "atelier@menuiserie-durand.example", "Pierre Durand", Role.SME_MEMBER, "94821993600010"
    ),
)


def load_demo(session: Session) -> list[DemoAccount]:
    """Create what is missing of the demo dataset and return the demo accounts.

    Who calls this: the ``demo`` command, on a development or demonstration instance only.
    """
    with write_transaction(session):
        by_siret = {}
        for spec in ORGANIZATIONS:
            organization = session.scalar(select(Organization).filter_by(siret=spec.siret))
            if organization is None:
                organization = Organization(
                    kind=spec.kind,
                    name=spec.name,
                    siret=spec.siret,
                    department=spec.department,
                    city=spec.city,
                    sector=spec.sector,
                    size_band=spec.size_band,
                    services=list(spec.services),
                    website=spec.website,
                    directory_consent=spec.kind is OrganizationKind.PROVIDER,
                )
                session.add(organization)
                session.flush()
                audit.record(
                    session,
                    "demo.organization_created",
                    actor_id=None,
                    target_type="organization",
                    target_id=organization.id,
                )
            by_siret[spec.siret] = organization
        password_hash = hash_password(DEMO_PASSWORD)
        for account in ACCOUNTS:
            if session.scalar(select(User.id).filter_by(email=account.email)) is not None:
                continue
            organization = by_siret.get(account.siret) if account.siret else None
            if organization is not None:
                # the first person of each organisation owns it
                user = create_account(
                    session,
                    organization,
                    email=account.email,
                    full_name=account.full_name,
                    password_hash=password_hash,
                    verified=True,
                )
            else:
                user = User(
                    email=account.email,
                    full_name=account.full_name,
                    role=account.role,
                    password_hash=password_hash,
                    email_verified_at=utcnow(),
                    # Region accounts need the second factor: enrolled with a known secret.
                    totp_secret=account.totp_secret,
                    totp_enabled_at=utcnow() if account.totp_secret else None,
                )
                session.add(user)
                session.flush()
            audit.record(
                session, "demo.user_created", actor_id=None, target_type="user", target_id=user.id
            )
    _accept_terms(session)
    load_demo_assessments(session)
    load_demo_signatures(session)
    load_demo_region(session, password_hash)
    return list(ACCOUNTS)


def _accept_terms(session: Session) -> None:
    """Publish the first terms of use if none are, and have every demo account accept those
    in force, so that demo logins go straight to their pages."""
    if terms.current_version(session) is None:
        terms.publish(session, load_terms(terms.BUNDLED_TERMS / "cgu-v1.yaml"))
    with write_transaction(session):
        for account in ACCOUNTS:
            user_id = session.scalar(select(User.id).filter_by(email=account.email))
            version_id = terms.pending_version_id(session, user_id) if user_id else None
            if version_id is not None:
                version = session.get_one(TermsVersion, version_id)
                terms.record_acceptance(session, user_id, version, ip="")
