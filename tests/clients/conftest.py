"""Fixtures of the provider-client tests: an active provider, its member, a Region admin."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from charter.models import OrganizationKind, Role
from tests.factories import OrgRef, UserRef


@dataclass(frozen=True)
class Provider:
    org: OrgRef
    member: UserRef


@pytest.fixture
def admin(factory):
    return factory.user(Role.REGION_ADMIN, totp_secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")


@pytest.fixture
def provider(factory, admin):
    """A provider whose signature the Region validated: it may invite."""
    org = factory.organization(OrganizationKind.PROVIDER, name="Cotentin Numérique")
    member = factory.user(Role.PROVIDER_MEMBER, org)
    factory.signature(member, validate_by=admin)
    return Provider(org, member)
