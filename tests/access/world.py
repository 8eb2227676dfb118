"""The personas of the access table and the objects they own.

Later issues add objects here (assessments, signatures, invitations...) so that the table can
name another tenant's identifiers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from charter.db import utcnow
from charter.extensions import db
from charter.models import Assessment, OrganizationKind, Role
from tests.factories import Factory, OrgRef, UserRef, valid_siret
from tests.journey import draft_assessment, submitted_assessment

PERSONAS = (
    "anonymous",
    "provider_a",
    "provider_b",
    "sme_a",
    "sme_b",
    "reviewer",
    "admin",
    # colleagues (issue 20): sme_a and provider_a registered their organisations, so they are
    # its owners (« responsables »); these two are members (« membres ») of SME A and provider A
    "sme_a_member",
    "provider_a_member",
)


@dataclass
class World:
    """Who exists, and the identifiers of what they own."""

    users: dict[str, UserRef]
    orgs: dict[str, OrgRef]
    ids: dict[str, Any] = field(default_factory=dict)


def build_world(factory: Factory) -> World:
    """Two providers, two SMEs, a Region reviewer and administrator (2FA enrolled), and the
    objects they own (``World.ids``).

    The terms of use are published first, so every persona has accepted them.
    """
    factory.terms()
    orgs = {
        "provider_a": factory.organization(OrganizationKind.PROVIDER, name="Prestataire A"),
        "provider_b": factory.organization(OrganizationKind.PROVIDER, name="Prestataire B"),
        "sme_a": factory.organization(OrganizationKind.SME, name="PME A"),
        "sme_b": factory.organization(OrganizationKind.SME, name="PME B"),
    }
    totp = {"totp_secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "totp_enabled_at": utcnow()}
    users = {
        "provider_a": factory.user(Role.PROVIDER_MEMBER, orgs["provider_a"]),
        "provider_b": factory.user(Role.PROVIDER_MEMBER, orgs["provider_b"]),
        "sme_a": factory.user(Role.SME_MEMBER, orgs["sme_a"]),
        "sme_b": factory.user(Role.SME_MEMBER, orgs["sme_b"]),
        "reviewer": factory.user(Role.REGION_REVIEWER, **totp),
        "admin": factory.user(Role.REGION_ADMIN, **totp),
        "sme_a_member": factory.user(Role.SME_MEMBER, orgs["sme_a"], full_name="Membre PME A"),
        "provider_a_member": factory.user(
            Role.PROVIDER_MEMBER, orgs["provider_a"], full_name="Membre Prestataire A"
        ),
    }
    world = World(users=users, orgs=orgs)
    world.ids["sme_a_draft"] = draft_assessment(factory.app, users["sme_a"])
    world.ids["sme_a_sent"] = submitted_assessment(factory.app, users["sme_a"])
    with factory.app.app_context():
        result = db.session.get(Assessment, world.ids["sme_a_sent"]).result
        world.ids["sme_a_measure"] = result["priorities"][0]["measure_id"]
    # Charter signing: provider A holds a validated signature (with its certificate), provider
    # B's signature awaits the Region.
    signature_a = factory.signature(users["provider_a"], validate_by=users["admin"])
    signature_b = factory.signature(users["provider_b"])
    world.ids |= {
        "signature_a": signature_a.id,
        "certificate_a": signature_a.certificate_number,
        "signature_b": signature_b.id,
    }
    # Clients: SME A shares its results with provider A, which invited someone; provider A
    # has a self-assessment in progress and one sent.
    world.ids["link_a"] = factory.client_link(
        orgs["provider_a"], orgs["sme_a"], share=True, at=utcnow() - timedelta(days=1)
    )
    world.ids["invitation_a"], world.ids["invitation_token_a"] = factory.invitation(
        orgs["provider_a"]
    )
    world.ids["provider_a_draft"] = draft_assessment(
        factory.app, users["provider_a"], "prestataire-charte"
    )
    world.ids["provider_a_sent"] = submitted_assessment(
        factory.app, users["provider_a"], "prestataire-charte"
    )
    # Importing the Region's paper signatories: the administrator's file awaits confirmation.
    with factory.app.app_context():
        from charter.services import signatory_import

        world.ids["import_token"] = signatory_import.upload(
            db.session,
            actor_id=users["admin"].id,
            filename="signataires-papier.csv",
            content=(
                "siret;raison_sociale;departement;email;version;date_signature\r\n"
                f"{valid_siret(900_001)};Papier SARL;14;contact@papier.example;1;15/03/2025\r\n"
            ).encode(),
        )
    # The Region asked provider A for changes (a request with a deadline and its thread).
    with factory.app.app_context():
        from charter.services.change_requests import open_request
        from charter.services.dates import today

        request = open_request(
            db.session,
            orgs["provider_a"].id,
            users["admin"].id,
            "Mettez votre profil à jour.",
            today() + timedelta(days=30),
        )
        world.ids["change_request_a"] = request.id
        db.session.commit()
    # Colleagues: SME A's owner invited someone; provider A has a member (above) too.
    world.ids["member_invitation_a"], world.ids["member_invitation_token_a"] = (
        factory.member_invitation(orgs["sme_a"], users["sme_a"])
    )
    world.ids["member_invitation_provider_a"], _token = factory.member_invitation(
        orgs["provider_a"], users["provider_a"]
    )
    return world
