"""Invitations: who may invite, batches, single-use hashed tokens, resend, cancel, expiry."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from charter.db import utcnow
from charter.extensions import db
from charter.models import Invitation, OrganizationKind, Role
from tests.helpers import last_message_to, link_in, message_text, sign_in


def test_a_provider_without_a_valid_signature_cannot_invite(app, client, factory):
    org = factory.organization(OrganizationKind.PROVIDER)
    member = factory.user(Role.PROVIDER_MEMBER, org)
    factory.signature(member)  # pending: not validated
    sign_in(app, client, member)
    page = client.get("/prestataire/invitations").get_data(as_text=True)
    assert "signature de la charte est valide" in page
    client.post("/prestataire/invitations", data={"addresses": "x@client.fr"})
    with app.app_context():
        assert db.session.scalar(select(Invitation)) is None


def test_a_pasted_list_is_checked_address_by_address(app, client, factory, provider):
    existing = factory.user(Role.SME_MEMBER, email="deja@client.fr")
    factory.client_link(provider.org, existing.organization_id)
    sign_in(app, client, provider.member)
    client.post("/prestataire/invitations", data={"addresses": "premier@client.fr"})
    response = client.post(
        "/prestataire/invitations",
        data={
            "addresses": "Nouveau@Client.fr; nouveau@client.fr, pas-une-adresse\n"
            "deja@client.fr\npremier@client.fr"
        },
    )
    page = response.get_data(as_text=True)
    assert "1 invitation envoyée" in page
    assert "pas-une-adresse" in page.split("Adresses non valables")[1][:200]
    assert "nouveau@client.fr" in page.split("En double")[1][:200]
    assert "deja@client.fr" in page.split("Déjà vos clients")[1][:200]
    assert "premier@client.fr" in page.split("Déjà invitées")[1][:300]
    with app.app_context():
        emails = sorted(db.session.scalars(select(Invitation.email)))
    assert emails == ["nouveau@client.fr", "premier@client.fr"]


def test_the_token_is_stored_only_as_a_hash(app, client, provider):
    sign_in(app, client, provider.member)
    client.post("/prestataire/invitations", data={"addresses": "pme@client.fr"})
    message = last_message_to(app, "pme@client.fr")
    path = link_in(message, "/invitation/")
    token = path.rsplit("/", 1)[1]
    assert "Cotentin Numérique" in message_text(message)
    assert "Vous recevez ce message parce que" in message_text(message)
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        assert token not in (invitation.token_hash, invitation.email)
        assert len(invitation.token_hash) == 64


def test_resend_gives_a_new_link_and_kills_the_old_one(app, client, provider):
    sign_in(app, client, provider.member)
    client.post("/prestataire/invitations", data={"addresses": "pme@client.fr"})
    old = link_in(last_message_to(app, "pme@client.fr"), "/invitation/")
    with app.app_context():
        invitation_id = db.session.scalar(select(Invitation.id))
    client.post(f"/prestataire/invitations/{invitation_id}/renvoi")
    new = link_in(last_message_to(app, "pme@client.fr"), "/invitation/")
    assert new != old
    visitor = app.test_client()
    assert visitor.get(old).status_code == 404
    assert visitor.get(new).status_code == 200


def test_cancel_asks_first_then_the_link_stops_working(app, client, provider):
    sign_in(app, client, provider.member)
    client.post("/prestataire/invitations", data={"addresses": "pme@client.fr"})
    link = link_in(last_message_to(app, "pme@client.fr"), "/invitation/")
    with app.app_context():
        invitation_id = db.session.scalar(select(Invitation.id))
    confirm = client.get(f"/prestataire/invitations/{invitation_id}/annulation")
    assert "Annuler l'invitation ?" in confirm.get_data(as_text=True).replace("&#39;", "'")
    assert app.test_client().get(link).status_code == 200
    client.post(f"/prestataire/invitations/{invitation_id}/annulation")
    gone = app.test_client().get(link)
    assert gone.status_code == 410
    assert "a annulé cette invitation" in gone.get_data(as_text=True)
    assert "annulée" in client.get("/prestataire/invitations").get_data(as_text=True)


def test_an_expired_link_says_so(app, client, provider):
    sign_in(app, client, provider.member)
    client.post("/prestataire/invitations", data={"addresses": "pme@client.fr"})
    link = link_in(last_message_to(app, "pme@client.fr"), "/invitation/")
    with app.app_context():
        db.session.execute(update(Invitation).values(expires_at=utcnow() - timedelta(hours=1)))
        db.session.commit()
    response = app.test_client().get(link)
    assert response.status_code == 410
    assert "a expiré" in response.get_data(as_text=True)
    assert "expirée" in client.get("/prestataire/invitations").get_data(as_text=True)


def test_opening_the_link_shows_as_opened(app, client, provider):
    sign_in(app, client, provider.member)
    client.post("/prestataire/invitations", data={"addresses": "pme@client.fr"})
    assert "envoyée" in client.get("/prestataire/invitations").get_data(as_text=True)
    app.test_client().get(link_in(last_message_to(app, "pme@client.fr"), "/invitation/"))
    assert "ouverte" in client.get("/prestataire/invitations").get_data(as_text=True)


def test_another_providers_invitation_is_404(app, client, factory, provider):
    sign_in(app, client, provider.member)
    client.post("/prestataire/invitations", data={"addresses": "pme@client.fr"})
    with app.app_context():
        invitation_id = db.session.scalar(select(Invitation.id))
    other = factory.user(Role.PROVIDER_MEMBER)
    intruder = app.test_client()
    sign_in(app, intruder, other)
    assert intruder.post(f"/prestataire/invitations/{invitation_id}/renvoi").status_code == 404
    assert intruder.get(f"/prestataire/invitations/{invitation_id}/annulation").status_code == 404
    assert intruder.post(f"/prestataire/invitations/{invitation_id}/annulation").status_code == 404
    assert "pme@client.fr" not in intruder.get("/prestataire/invitations").get_data(as_text=True)
