"""Documents built once (issue 21): a submitted diagnosis's report and a certificate are
rendered at their first download, stored, served again from the stored copy, rebuilt when
the renderer's version or what they print changes, and never served without access."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from charter.assessments import downloads
from charter.db import utcnow
from charter.extensions import db
from charter.models import Organization, Role, StoredDocument
from charter.services import certificates, clients, documents
from tests.helpers import sign_in
from tests.journey import draft_assessment, submitted_assessment
from tests.signing.helpers import provider, region_officer


@pytest.fixture
def renders(monkeypatch):
    """Counts the diagnosis reports and certificates actually rendered."""
    calls = {"report": 0, "certificate": 0}

    def counting(name, real):
        def render(data):
            calls[name] += 1
            return real(data)

        return render

    monkeypatch.setattr(
        downloads, "render_diagnosis_report", counting("report", downloads.render_diagnosis_report)
    )
    monkeypatch.setattr(
        certificates, "render_certificate", counting("certificate", certificates.render_certificate)
    )
    return calls


def _stored(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(StoredDocument))


def test_a_report_is_built_once_and_rebuilt_when_the_renderer_changes(
    app, client, factory, renders, monkeypatch
):
    user = factory.user(Role.SME_MEMBER)
    sent = submitted_assessment(app, user, pick="worst")
    sign_in(app, client, user)
    address = f"/pme/diagnostics/{sent}/rapport.pdf"
    first = client.get(address)
    second = client.get(address)
    assert first.status_code == second.status_code == 200
    assert first.data == second.data and first.data.startswith(b"%PDF")
    assert renders["report"] == 1 and _stored(app) == 1
    monkeypatch.setattr(documents, "RENDERER_VERSION", "next")
    assert client.get(address).data.startswith(b"%PDF")
    assert renders["report"] == 2 and _stored(app) == 1  # replaced, not added


def test_a_renamed_company_gets_a_new_report(app, client, factory, renders):
    user = factory.user(Role.SME_MEMBER)
    sent = submitted_assessment(app, user, pick="worst")
    sign_in(app, client, user)
    address = f"/pme/diagnostics/{sent}/rapport.pdf"
    client.get(address)
    with app.app_context():
        db.session.get(Organization, user.organization_id).name = "Nouveau Nom SAS"
        db.session.commit()
    assert client.get(address).status_code == 200
    assert renders["report"] == 2


def test_no_report_for_a_draft_and_none_stored(app, client, factory, renders):
    user = factory.user(Role.SME_MEMBER)
    draft = draft_assessment(app, user)
    sign_in(app, client, user)
    assert client.get(f"/pme/diagnostics/{draft}/rapport.pdf").status_code == 404
    assert renders["report"] == 0 and _stored(app) == 0


def test_a_withdrawn_consent_closes_the_stored_report(app, factory, renders):
    member = provider(factory)
    sme_user = factory.user(Role.SME_MEMBER)
    link_id = factory.client_link(
        member.organization_id,
        sme_user.organization_id,
        share=True,
        at=utcnow() - timedelta(days=1),
    )
    sent = submitted_assessment(app, sme_user)
    viewer = app.test_client()
    sign_in(app, viewer, member)
    address = f"/prestataire/clients/{sme_user.organization_id}/diagnostics/{sent}/rapport.pdf"
    assert viewer.get(address).status_code == 200
    assert _stored(app) == 1
    with app.app_context():
        clients.set_consent(
            db.session,
            actor_id=sme_user.id,
            sme_id=sme_user.organization_id,
            link_id=link_id,
            share=False,
        )
    assert viewer.get(address).status_code == 404


def test_a_certificate_is_built_once(app, factory, renders):
    member = provider(factory)
    signature = factory.signature(member, validate_by=region_officer(factory))
    viewer = app.test_client()
    sign_in(app, viewer, member)
    address = f"/prestataire/signatures/{signature.id}/attestation.pdf"
    first, second = viewer.get(address), viewer.get(address)
    assert first.status_code == 200 and first.data == second.data
    assert renders["certificate"] == 1
