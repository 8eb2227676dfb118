"""Registration of providers and SMEs, and e-mail verification (issue: accounts)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from charter.extensions import db
from charter.models import AuditEvent, Organization, OrganizationKind, Role, User
from tests.factories import valid_siret
from tests.helpers import (
    last_message_to,
    link_in,
    login,
    message_html,
    outbox_messages,
    redirect_target,
)

STRONG = "volets bleus sur la falaise"


def provider_form(**overrides):
    data = {
        "organization_name": "Cotentin Réseaux",
        "siret": valid_siret(901),
        "department": "50",
        "city": "Cherbourg",
        "services": ["infogerance", "reseau"],
        "website": "https://cotentin-reseaux.fr",
        "full_name": "Lucie Hamel",
        "email": "Lucie@Cotentin-Reseaux.fr",
        "password": STRONG,
    }
    return data | overrides


def sme_form(**overrides):
    data = {
        "organization_name": "Fromagerie du Pays d'Auge",
        "siret": valid_siret(902),
        "department": "14",
        "city": "Livarot",
        "sector": "agriculture-agroalimentaire",
        "size_band": "10-49",
        "full_name": "Marc Lefèvre",
        "email": "marc@fromagerie-auge.fr",
        "password": STRONG,
    }
    return data | overrides


def test_provider_registers_and_gets_a_verification_link(app, client):
    response = client.post("/inscription/prestataire", data=provider_form())
    assert response.headers["Location"] == "/inscription/envoyee"
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email="lucie@cotentin-reseaux.fr"))
        assert user.role is Role.PROVIDER_MEMBER
        assert user.email_verified_at is None
        assert user.password_hash.startswith("$argon2id$")
        org = user.organization
        assert (org.kind, org.department, org.services) == (
            OrganizationKind.PROVIDER,
            "50",
            ["infogerance", "reseau"],
        )
        actions = set(db.session.scalars(select(AuditEvent.action)))
        assert {"organization.registered", "account.registered"} <= actions
    message = last_message_to(app, "lucie@cotentin-reseaux.fr")
    assert "/inscription/confirmer/" in message_html(message)


def test_verification_link_shows_a_button_then_verifies_once(app, client):
    client.post("/inscription/pme", data=sme_form())
    link = link_in(last_message_to(app, "marc@fromagerie-auge.fr"), "/inscription/confirmer/")
    page = client.get(link)
    assert page.status_code == 200
    assert "Confirmer mon adresse" in page.get_data(as_text=True)
    with app.app_context():  # GET changed nothing
        assert (
            db.session.scalar(
                select(User.email_verified_at).filter_by(email="marc@fromagerie-auge.fr")
            )
            is None
        )
    confirmed = client.post(link)
    assert confirmed.headers["Location"] == "/connexion"
    with app.app_context():
        assert (
            db.session.scalar(
                select(User.email_verified_at).filter_by(email="marc@fromagerie-auge.fr")
            )
            is not None
        )
    again = client.post(link)
    assert again.status_code == 400
    assert "déjà servi" in again.get_data(as_text=True)


def test_a_forged_verification_link_is_refused(client):
    response = client.post("/inscription/confirmer/not-a-real-token")
    assert response.status_code == 400


def test_unverified_account_can_only_see_check_your_email(app, client):
    client.post("/inscription/pme", data=sme_form())
    user = type("U", (), {"email": "marc@fromagerie-auge.fr", "password": STRONG})
    assert redirect_target(login(client, user)) == "/pme"
    response = client.get("/compte")
    assert response.headers["Location"] == "/compte/confirmation"
    page = client.get("/compte/confirmation").get_data(as_text=True)
    assert "Confirmez votre adresse e-mail" in page
    before = len(outbox_messages(app))
    assert redirect_target(client.post("/compte/confirmation/renvoyer")) == "/compte/confirmation"
    assert len(outbox_messages(app)) == before + 1
    assert client.get("/").status_code == 200  # public pages stay open


def test_provider_outside_normandy_is_told_why(client):
    response = client.post("/inscription/prestataire", data=provider_form(department="75"))
    assert response.status_code == 200
    assert "réservée aux prestataires établis en Normandie" in response.get_data(as_text=True)


def test_invalid_siret_gets_a_clear_message_and_keeps_what_was_typed(app, client):
    response = client.post("/inscription/pme", data=sme_form(siret="12345678901234"))
    page = response.get_data(as_text=True)
    assert "numéro SIRET n&#39;est pas valide" in page or "numéro SIRET n'est pas valide" in page
    assert "Fromagerie du Pays d&#39;Auge" in page  # typed values survive
    assert "marc@fromagerie-auge.fr" in page
    assert STRONG not in page  # but the password is never echoed back
    with app.app_context():
        assert db.session.scalar(select(User).filter_by(email="marc@fromagerie-auge.fr")) is None


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("court", "au moins 12 caractères"),
        ("azertyuiop123", "trop courant"),
        ("Normandie2026!!", "facile à deviner"),
        ("fromagerie du bocage", "facile à deviner"),  # the company's own name
    ],
)
def test_weak_passwords_are_refused_with_the_reason(client, password, message):
    response = client.post("/inscription/pme", data=sme_form(password=password))
    assert message in response.get_data(as_text=True)


def test_siret_already_registered(client, factory):
    taken = factory.organization(OrganizationKind.SME)
    response = client.post("/inscription/pme", data=sme_form(siret=taken.siret))
    assert "déjà inscrite" in response.get_data(as_text=True)


def test_known_email_gets_the_same_page_and_its_owner_an_email(app, client, factory):
    existing = factory.user(Role.SME_MEMBER, email="deja@client.fr")
    response = client.post("/inscription/pme", data=sme_form(email="Deja@Client.fr"))
    assert response.headers["Location"] == "/inscription/envoyee"
    with app.app_context():
        assert db.session.scalar(select(Organization).filter_by(siret=valid_siret(902))) is None
        assert len(db.session.scalars(select(User).filter_by(email="deja@client.fr")).all()) == 1
    message = last_message_to(app, existing.email)
    assert "déjà un compte" in message["Subject"]


def test_registration_page_hints_the_password_rule(client):
    page = client.get("/inscription/pme").get_data(as_text=True)
    assert "Au moins 12 caractères" in page
    assert 'autocomplete="new-password"' in page
