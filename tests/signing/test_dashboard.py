"""The provider's dashboard: status and next step, directory consent, company profile."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from charter.db import utcnow
from charter.extensions import db
from charter.models import AuditEvent, Organization, SignatureStatus
from charter.services import signatures
from tests.factories import valid_siret
from tests.helpers import sign_in
from tests.signing.helpers import provider, region_officer


@pytest.fixture
def reviewer(factory):
    return region_officer(factory)


def dashboard(app, member) -> str:
    client = app.test_client()
    sign_in(app, client, member)
    return client.get("/prestataire").get_data(as_text=True)


def test_before_signing_the_next_step_is_to_sign(app, factory):
    member = provider(factory)
    assert "pas encore publiée" in dashboard(app, member)
    factory.charter()
    page = dashboard(app, member)
    assert "n'a pas encore signé la charte" in page
    assert 'href="/prestataire/signature"' in page


def test_pending_then_valid(app, factory, reviewer):
    member = provider(factory)
    signed = factory.signature(member)
    assert "La Région examine votre signature" in dashboard(app, member)
    with app.test_request_context():
        number = signatures.validate(db.session, signed.id, reviewer.id, notify=False)
    page = dashboard(app, member)
    assert "Votre signature est valide jusqu'au" in page
    assert number in page
    assert f'href="/prestataire/signatures/{signed.id}/attestation.pdf"' in page
    assert f'href="/verification/{number}"' in page
    assert "Historique des signatures" in page


def test_near_the_end_the_next_step_is_to_renew(app, factory, reviewer):
    member = provider(factory)
    validated = utcnow() - timedelta(days=700)
    factory.signature(member, validate_by=reviewer, signed_at=validated, validated_at=validated)
    page = dashboard(app, member)
    assert "Renouveler ma signature" in page and "arrive à échéance" in page


def test_after_expiry_the_next_step_is_to_sign_again(app, factory, reviewer):
    member = provider(factory)
    long_ago = utcnow() - timedelta(days=800)
    factory.signature(member, validate_by=reviewer, signed_at=long_ago, validated_at=long_ago)
    page = dashboard(app, member)
    assert "Votre signature a expiré le" in page and "Signer de nouveau" in page
    assert "Votre dernière attestation" in page


def test_a_suspended_company_sees_the_reason_and_cannot_sign(app, factory, reviewer):
    member = provider(factory)
    signed = factory.signature(member, validate_by=reviewer)
    with app.test_request_context():
        signatures.set_status(
            db.session, signed.id, SignatureStatus.SUSPENDED, reviewer.id, "Auto-évaluation absente"
        )
    page = dashboard(app, member)
    assert "a suspendu votre signature" in page and "Auto-évaluation absente" in page
    client = app.test_client()
    sign_in(app, client, member)
    assert "contactez la Région" in client.get("/prestataire/signature").text


def test_directory_consent_is_recorded(app, factory):
    member = provider(factory, directory_consent=False)
    client = app.test_client()
    sign_in(app, client, member)
    response = client.post("/prestataire/annuaire", data={"consent": "yes"})
    assert response.headers["Location"] == "/prestataire#annuaire"
    with app.app_context():
        assert db.session.get(Organization, member.organization_id).directory_consent is True
        last = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert last.action == "organization.directory_consent"
    bad = client.post("/prestataire/annuaire", data={"consent": "peut-être"})
    assert bad.headers["Location"] == "/prestataire#annuaire"
    assert "Choisissez oui ou non" in client.get("/prestataire").text
    client.post("/prestataire/annuaire", data={"consent": "no"})
    with app.app_context():
        assert db.session.get(Organization, member.organization_id).directory_consent is False


def profile_form(**overrides):
    return {
        "organization_name": "Nouveau Nom",
        "siret": valid_siret(4242),
        "department": "61",
        "city": "Alençon",
        "services": ["formation", "conseil"],
        "website": "https://nouveau-nom.example",
    } | overrides


def test_the_profile_can_change_the_siret_before_signing_only(app, factory, reviewer):
    member = provider(factory)
    client = app.test_client()
    sign_in(app, client, member)
    assert "readonly" not in client.get("/prestataire/entreprise").text
    response = client.post("/prestataire/entreprise", data=profile_form())
    assert response.headers["Location"] == "/prestataire"
    with app.app_context():
        organization = db.session.get(Organization, member.organization_id)
        assert organization.siret == valid_siret(4242)
        assert organization.services == ["formation", "conseil"]
        assert organization.profile_updated_at is not None
    factory.signature(member, validate_by=reviewer)
    page = client.get("/prestataire/entreprise").text
    assert "readonly" in page and "contactez la Région" in page
    client.post("/prestataire/entreprise", data=profile_form(siret=valid_siret(4343)))
    with app.app_context():
        assert db.session.get(Organization, member.organization_id).siret == valid_siret(4242)


def test_the_profile_keeps_normandy_and_refuses_a_taken_siret(app, factory):
    other = provider(factory)
    member = provider(factory)
    client = app.test_client()
    sign_in(app, client, member)
    outside = client.post("/prestataire/entreprise", data=profile_form(department="75"))
    assert outside.status_code == 400 and "réservée aux prestataires établis" in outside.text
    with app.app_context():
        taken = db.session.get(Organization, other.organization_id).siret
    duplicate = client.post("/prestataire/entreprise", data=profile_form(siret=taken))
    assert duplicate.status_code == 400
    assert "Une autre entreprise est déjà inscrite avec ce SIRET" in duplicate.text


def test_the_personal_data_export_lists_my_signatures(app, factory):
    member = provider(factory)
    factory.signature(member)
    client = app.test_client()
    sign_in(app, client, member)
    data = json.loads(client.get("/compte/mes-donnees.json").data)
    [mine] = data["signatures"]
    assert mine["ip_address"] == "203.0.113.7" and mine["status"] == "pending"
