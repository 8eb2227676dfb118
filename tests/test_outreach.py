"""Accompanied diagnoses: submitted by a linked SME that shares, after the link was made."""

from __future__ import annotations

from datetime import timedelta

from charter.db import utcnow
from charter.extensions import db
from charter.models import OrganizationKind, Role
from charter.services.outreach import accompanied_counts
from tests.journey import submitted_assessment


def test_only_sharing_linked_smes_count(app, factory):
    provider = factory.organization(OrganizationKind.PROVIDER)
    other_provider = factory.organization(OrganizationKind.PROVIDER)
    sharing = factory.user(Role.SME_MEMBER)
    private = factory.user(Role.SME_MEMBER)
    unlinked = factory.user(Role.SME_MEMBER)
    factory.client_link(
        provider, sharing.organization_id, share=True, at=utcnow() - timedelta(days=1)
    )
    factory.client_link(
        provider, private.organization_id, share=False, at=utcnow() - timedelta(days=1)
    )
    for user in (sharing, sharing, private, unlinked):
        submitted_assessment(app, user)
    with app.app_context():
        counts = accompanied_counts(db.session, utcnow() - timedelta(days=365))
        assert counts == {provider.id: 2}
        assert accompanied_counts(db.session, utcnow() + timedelta(days=1)) == {}
        assert (
            accompanied_counts(db.session, utcnow() - timedelta(days=1), [other_provider.id]) == {}
        )


def test_diagnoses_sent_before_the_link_do_not_count(app, factory):
    provider = factory.organization(OrganizationKind.PROVIDER)
    sme = factory.user(Role.SME_MEMBER)
    submitted_assessment(app, sme)
    factory.client_link(provider, sme.organization_id, share=True)
    with app.app_context():
        assert accompanied_counts(db.session, utcnow() - timedelta(days=365)) == {}
