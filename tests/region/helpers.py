"""Helpers of the Region tests: logged-in officers, providers in each verdict."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from charter.db import utcnow
from charter.models import OrganizationKind, Role
from tests.factories import Factory, UserRef
from tests.helpers import sign_in
from tests.journey import submitted_assessment
from tests.signing.helpers import provider, region_officer


def officer_client(app: Any, factory: Factory, role: Role = Role.REGION_REVIEWER) -> Any:
    """A test client logged in as a new Region officer (second factor done)."""
    client = app.test_client()
    client.officer = region_officer(factory, role)  # type: ignore[attr-defined]
    sign_in(app, client, client.officer)  # type: ignore[attr-defined]
    return client


def compliant_provider(
    factory: Factory, validator: UserRef, *, accompanied: bool = True, **organization: Any
) -> UserRef:
    """A provider with a validated signature, a good self-assessment and (by default) one
    accompanied client diagnosis: "conforme"."""
    member = provider(factory, **organization)
    factory.signature(member, validate_by=validator)
    submitted_assessment(factory.app, member, slug="prestataire-charte", pick="best")
    if accompanied:
        client = factory.user(Role.SME_MEMBER)
        factory.client_link(
            member.organization_id,
            client.organization_id,
            share=True,
            at=utcnow() - timedelta(days=1),
        )
        submitted_assessment(factory.app, client)
    return member


def bare_provider(factory: Factory, **organization: Any) -> Any:
    """A registered provider that never signed."""
    return factory.organization(OrganizationKind.PROVIDER, **organization)
