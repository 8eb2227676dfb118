"""Signing the charter through the provider's pages: read, accept, review, re-authenticate."""

from __future__ import annotations

import re

import pyotp
import pytest
from sqlalchemy import select

from charter.core.charter_text import canonical_text
from charter.core.signatures import signed_hash
from charter.extensions import db
from charter.models import (
    AuditEvent,
    CharterVersion,
    Signature,
    SignatureStatus,
    SignedFactChanged,
    User,
)
from tests.helpers import last_message_to, message_text, redirect_target, sign_in
from tests.signing.helpers import TOTP_SECRET, provider, signatures_of, step_one

USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Essai"


@pytest.fixture
def member(app, factory):
    factory.charter()
    return provider(factory, name="Côté Réseaux & Cœur Numérique", siret="73282932000074")


@pytest.fixture
def client_in(app, member):
    client = app.test_client()
    sign_in(app, client, member)
    return client


def test_the_sign_page_shows_every_commitment_in_its_own_fieldset(client_in):
    page = client_in.get("/prestataire/signature").get_data(as_text=True)
    assert page.count('<fieldset class="commitment') == 10
    assert "<legend>Engagement 3 : Cloisonner les clients</legend>" in page
    assert 'for="commitment_10"' in page
    assert "Étape 1 sur 2" in page
    assert "Préambule" in page
    assert "(SIRET 732 829 320 00074)" in page  # the statement names the company


def test_step_one_needs_each_commitment_and_links_the_errors(client_in, app):
    data = step_one(app, authority="", signer_role="")
    del data["commitment_3"]
    response = client_in.post("/prestataire/signature", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    summary = re.search(r'class="error-summary".*?</div>', page, re.S).group(0)
    assert 'href="#commitment_3"' in summary and "Cochez l&#39;engagement n° 3" in summary
    assert 'href="#signer_role"' in summary and 'href="#authority"' in summary
    assert "commitment_4" not in summary
    assert 'aria-describedby="commitment_3-error"' in page


def test_the_review_repeats_everything_and_asks_for_the_password(client_in, app):
    response = client_in.post("/prestataire/signature", data=step_one(app))
    assert response.status_code == 303  # reached by a redirect: back and reload work
    assert response.headers["Location"] == "/prestataire/signature/relecture"
    page = client_in.get("/prestataire/signature/relecture").get_data(as_text=True)
    assert "Vérifiez avant de signer" in page and "Étape 2 sur 2" in page
    assert "Émilie Lœuillet" in page and "Gérante" in page
    assert "Je déclare être habilité(e) à engager l&#39;entreprise Côté Réseaux" in page
    assert page.count('name="commitment_7" value="y"') == 1  # the signing form carries them
    assert 'name="password"' in page and 'name="code"' not in page  # no second factor enrolled
    with app.app_context():
        assert db.session.scalar(select(Signature.id)) is None  # nothing stored yet


def test_back_from_the_review_finds_the_answers_and_signing_forgets_them(client_in, app, member):
    assert client_in.get("/prestataire/signature/relecture").headers["Location"] == (
        "/prestataire/signature"
    )  # no step 1 yet
    client_in.post("/prestataire/signature", data=step_one(app))
    back = client_in.get("/prestataire/signature").get_data(as_text=True)
    assert 'value="Gérante"' in back and 'value="Émilie Lœuillet"' in back
    assert re.search(r'id="commitment_5"[^>]*checked|checked[^>]*id="commitment_5"', back)
    assert "Modifier mes réponses" in client_in.get("/prestataire/signature/relecture").text
    signed = client_in.post(
        "/prestataire/signature/confirmer", data=step_one(app, password=member.password)
    )
    assert signed.headers["Location"] == "/prestataire"
    again = client_in.get("/prestataire/signature/relecture")
    assert again.status_code == 302  # the draft is gone once signed
    with app.app_context():
        from charter.models import SigningDraft

        assert db.session.scalar(select(SigningDraft.user_id)) is None


def test_edit_goes_back_to_the_form_with_the_answers(client_in, app):
    response = client_in.post("/prestataire/signature", data=step_one(app, edit="1"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Étape 1 sur 2" in page and "error-summary" not in page
    assert 'value="Gérante"' in page
    assert re.search(r'id="commitment_5"[^>]*checked|checked[^>]*id="commitment_5"', page)


def test_signing_records_the_exact_facts(client_in, app, member):
    data = step_one(app, password=member.password, organization_id="999", status="active")
    response = client_in.post(
        "/prestataire/signature/confirmer", data=data, headers={"User-Agent": USER_AGENT}
    )
    assert redirect_target(response) == "/prestataire"
    assert response.headers["Location"] == "/prestataire"
    [row] = signatures_of(app, member.organization_id)  # the posted organization_id is ignored
    assert row["status"] is SignatureStatus.PENDING  # and so is the posted status
    assert row["signer_id"] == member.id
    assert (row["signer_name"], row["signer_role"]) == ("Émilie Lœuillet", "Gérante")
    assert (row["organization_name"], row["siret"]) == (
        "Côté Réseaux & Cœur Numérique",
        "73282932000074",
    )
    assert row["ip_address"] == "127.0.0.1"
    assert row["user_agent"] == USER_AGENT
    assert row["signed_at"].tzinfo is not None
    assert row["certificate_number"] is None and row["expires_on"] is None
    assert "SIRET 732 829 320 00074" in row["authority_statement"]
    assert row["events"] == [(None, "pending", None)]
    with app.app_context():
        version = db.session.get(CharterVersion, row["charter_version_id"])
        expected = signed_hash(
            canonical_text(version.as_text()), "Côté Réseaux & Cœur Numérique", "73282932000074"
        )
        assert row["text_hash"] == expected
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert actions[-2:] == ["auth.reauth_passed", "signature.signed"]
    message = last_message_to(app, member.email)
    assert "enregistrée" in message["Subject"]
    assert "Vous recevez ce message parce que" in message_text(message)


def test_a_wrong_password_signs_nothing_and_five_lock_the_account(client_in, app, member):
    data = step_one(app, password="ce n'est pas le bon")
    for _ in range(4):
        response = client_in.post("/prestataire/signature/confirmer", data=data)
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        assert "Mot de passe ou code incorrect" in page
        assert 'name="commitment_1" value="y"' in page  # the answers are kept
    assert signatures_of(app, member.organization_id) == []
    locked = client_in.post("/prestataire/signature/confirmer", data=data)
    assert locked.headers["Location"].startswith("/connexion")
    with app.app_context():
        user = db.session.get(User, member.id)
        assert user.locked_until is not None
    assert client_in.get("/prestataire").headers["Location"].startswith("/connexion")
    assert "Alerte de sécurité" in last_message_to(app, member.email)["Subject"]
    assert signatures_of(app, member.organization_id) == []


def test_the_second_factor_is_asked_when_enrolled(app, factory):
    factory.charter()
    org_member = provider(factory)
    with app.app_context():
        user = db.session.get(User, org_member.id)
        user.totp_secret = TOTP_SECRET
        user.totp_enabled_at = user.created_at
        db.session.commit()
    client = app.test_client()
    sign_in(app, client, org_member)
    client.post("/prestataire/signature", data=step_one(app))
    review = client.get("/prestataire/signature/relecture").get_data(as_text=True)
    assert 'name="code"' in review
    data = step_one(app, password=org_member.password)
    assert client.post("/prestataire/signature/confirmer", data=data).status_code == 400
    data["code"] = pyotp.TOTP(TOTP_SECRET).now()
    assert (
        redirect_target(client.post("/prestataire/signature/confirmer", data=data))
        == "/prestataire"
    )
    assert len(signatures_of(app, org_member.organization_id)) == 1


def test_a_charter_published_while_reading_must_be_read_again(client_in, app, factory, member):
    data = step_one(app, password=member.password)
    factory.charter("charte-v2-example.yaml")
    response = client_in.post("/prestataire/signature/confirmer", data=data)
    assert response.headers["Location"] == "/prestataire/signature"
    assert signatures_of(app, member.organization_id) == []
    page = client_in.get("/prestataire/signature").get_data(as_text=True)
    assert "La charte a été mise à jour" in page
    assert page.count('<fieldset class="commitment') == 11


def test_a_company_cannot_sign_again_while_its_signature_is_pending(client_in, app, member):
    data = step_one(app, password=member.password)
    client_in.post("/prestataire/signature/confirmer", data=data)
    page = client_in.get("/prestataire/signature").get_data(as_text=True)
    assert "attend la décision de la Région" in page
    again = client_in.post("/prestataire/signature/confirmer", data=data)
    assert again.headers["Location"] == "/prestataire"
    assert len(signatures_of(app, member.organization_id)) == 1


def test_a_tampered_step_one_goes_back_to_the_form(client_in, app, member):
    data = step_one(app, password=member.password)
    del data["commitment_2"]
    response = client_in.post("/prestataire/signature/confirmer", data=data)
    assert response.status_code == 400
    assert "Étape 1 sur 2" in response.get_data(as_text=True)
    assert signatures_of(app, member.organization_id) == []


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_a_csrf_failure_keeps_the_answers_and_signs_nothing(client_in, app, member):
    response = client_in.post(
        "/prestataire/signature/confirmer", data=step_one(app, password=member.password)
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Pour votre sécurité" in page
    assert "CSRF token" not in page
    assert 'name="signer_role" value="Gérante"' in page
    assert signatures_of(app, member.organization_id) == []


def test_signed_facts_can_be_neither_changed_nor_deleted(app, factory, member):
    reviewer = factory.user("region_reviewer")
    signed = factory.signature(member, validate_by=reviewer)
    with app.app_context():
        signature = db.session.get(Signature, signed.id)
        signature.text_hash = "0" * 64
        with pytest.raises(SignedFactChanged, match="text_hash"):
            db.session.flush()
        db.session.rollback()
        signature = db.session.get(Signature, signed.id)
        signature.certificate_number = "CCN-2000-00001"
        with pytest.raises(SignedFactChanged, match="already set"):
            db.session.flush()
        db.session.rollback()
        db.session.delete(db.session.get(Signature, signed.id))
        with pytest.raises(SignedFactChanged):
            db.session.flush()
        db.session.rollback()
        event = db.session.get(Signature, signed.id).events[0]
        event.reason = "réécrit"
        with pytest.raises(SignedFactChanged):
            db.session.flush()
        db.session.rollback()
