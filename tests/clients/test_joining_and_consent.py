"""Joining from an invitation, choosing from the directory, consent to share and withdrawal."""

from __future__ import annotations

import re

from sqlalchemy import select

from charter.extensions import db
from charter.models import AuditEvent, ClientLink, Organization, Role, User
from tests.factories import valid_siret
from tests.helpers import last_message_to, link_in, message_text, outbox_messages, sign_in
from tests.journey import submitted_assessment


def _invite(app, provider, address="pme@client.fr"):
    client = app.test_client()
    sign_in(app, client, provider.member)
    client.post("/prestataire/invitations", data={"addresses": address})
    return link_in(last_message_to(app, address), "/invitation/")


def test_the_join_page_names_the_provider_and_explains(app, provider):
    page = app.test_client().get(_invite(app, provider)).get_data(as_text=True)
    assert "Cotentin Numérique vous invite" in page
    assert "restent privés, sauf si vous choisissez de les partager" in page
    assert "Créer le compte de mon entreprise" in page
    assert "Me connecter" in page


def test_a_new_sme_registers_from_the_invitation_without_sharing_by_default(app, provider):
    link = _invite(app, provider)
    visitor = app.test_client()
    form_page = visitor.get(link + "/inscription").get_data(as_text=True)
    assert 'value="pme@client.fr"' in form_page  # the invited address, filled in
    assert re.search(r'<input checked[^>]*value="non"', form_page)  # not sharing by default
    response = visitor.post(
        link + "/inscription",
        data={
            "organization_name": "Crêperie du Port",
            "siret": valid_siret(8801),
            "department": "50",
            "sector": "hotels-restaurants-tourisme",
            "size_band": "1-9",
            "full_name": "Anne Lemoine",
            "email": "pme@client.fr",
            "password": "les mouettes de Granville",
            "share": "non",
        },
    )
    # The invitation went to this address: no confirmation e-mail, logged in at once.
    assert response.headers["Location"] == "/pme"
    assert visitor.get("/pme").status_code == 200
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email="pme@client.fr"))
        assert user.email_verified_at is not None
    assert all(
        "/inscription/confirmer/" not in message_text(m)
        for m in outbox_messages(app)
        if m["To"] == "pme@client.fr"
    )
    with app.app_context():
        link_row = db.session.scalar(select(ClientLink))
        assert link_row.provider_id == provider.org.id
        assert link_row.share_results is False
        assert db.session.get(Organization, link_row.sme_id).name == "Crêperie du Port"
    assert "Crêperie du Port vous a choisi" in message_text(
        last_message_to(app, provider.member.email)
    )
    assert app.test_client().get(link).status_code == 410  # single use


def test_an_invited_person_registering_another_address_confirms_it(app, provider):
    link = _invite(app, provider)
    visitor = app.test_client()
    response = visitor.post(
        link + "/inscription",
        data={
            "organization_name": "Crêperie du Port",
            "siret": valid_siret(8802),
            "department": "50",
            "sector": "hotels-restaurants-tourisme",
            "size_band": "1-9",
            "full_name": "Anne Lemoine",
            "email": "anne@ailleurs.fr",
            "password": "les mouettes de Granville",
            "share": "non",
        },
    )
    assert response.headers["Location"] == "/inscription/envoyee"
    assert "/inscription/confirmer/" in message_text(last_message_to(app, "anne@ailleurs.fr"))
    assert visitor.get("/pme").status_code in (302, 303)


def test_a_logged_in_sme_joins_with_one_click_and_may_share(app, factory, provider):
    link = _invite(app, provider)
    sme = factory.user(Role.SME_MEMBER)
    client = app.test_client()
    sign_in(app, client, sme)
    response = client.post(link, data={"share": "oui"})
    assert response.headers["Location"] == "/pme/prestataires"
    page = client.get("/pme/prestataires").get_data(as_text=True)
    assert "Cotentin Numérique" in page and "voit vos résultats" in page
    with app.app_context():
        assert db.session.scalar(select(ClientLink.share_results)) is True


def test_a_visitor_with_an_account_logs_in_and_comes_back(app, factory, provider):
    link = _invite(app, provider)
    page = app.test_client().get(link).get_data(as_text=True)
    assert re.search(r'href="/connexion\?next=(%2F|/)invitation(%2F|/)[^"]+"', page)


def test_a_provider_cannot_accept_an_sme_invitation(app, factory, provider):
    link = _invite(app, provider)
    other = factory.user(Role.PROVIDER_MEMBER)
    client = app.test_client()
    sign_in(app, client, other)
    assert "s'adresse à une entreprise cliente" in client.get(link).get_data(as_text=True).replace(
        "&#39;", "'"
    )
    client.post(link, data={"share": "oui"})
    with app.app_context():
        assert db.session.scalar(select(ClientLink)) is None


def test_unknown_links_are_404(client):
    assert client.get("/invitation/nimportequoi").status_code == 404


def test_consent_changes_are_audited_and_immediate(app, factory, provider):
    sme = factory.user(Role.SME_MEMBER)
    link_id = factory.client_link(provider.org, sme.organization_id, share=True)
    assessment_id = submitted_assessment(app, sme)
    report = f"/prestataire/clients/{sme.organization_id}/diagnostics/{assessment_id}/rapport.pdf"
    results = report.replace("rapport.pdf", "resultats")
    viewer = app.test_client()
    sign_in(app, viewer, provider.member)
    assert viewer.get(report).status_code == 200  # the provider opened the report once
    assert viewer.get(results).status_code == 200
    owner = app.test_client()
    sign_in(app, owner, sme)
    owner.post(f"/pme/prestataires/{link_id}/partage", data={f"link-{link_id}-share": "non"})
    assert viewer.get(report).status_code == 404  # the same address, right after withdrawal
    assert viewer.get(results).status_code == 404
    assert "Non partagé" in viewer.get("/prestataire/clients").get_data(as_text=True)
    with app.app_context():
        actions = list(
            db.session.scalars(
                select(AuditEvent.action).where(AuditEvent.action.like("client.consent%"))
            )
        )
    assert actions == ["client.consent_withdrawn"]


def test_an_sme_can_leave_a_provider_after_confirmation(app, factory, provider):
    sme = factory.user(Role.SME_MEMBER)
    link_id = factory.client_link(provider.org, sme.organization_id, share=True)
    client = app.test_client()
    sign_in(app, client, sme)
    assert "Ne plus avoir Cotentin Numérique" in client.get(
        f"/pme/prestataires/{link_id}/retrait"
    ).get_data(as_text=True)
    client.post(f"/pme/prestataires/{link_id}/retrait")
    with app.app_context():
        assert db.session.get(ClientLink, link_id) is None


def test_another_smes_link_is_404(app, factory, provider):
    owner = factory.user(Role.SME_MEMBER)
    link_id = factory.client_link(provider.org, owner.organization_id)
    intruder = app.test_client()
    sign_in(app, intruder, factory.user(Role.SME_MEMBER))
    assert (
        intruder.post(
            f"/pme/prestataires/{link_id}/partage", data={f"link-{link_id}-share": "oui"}
        ).status_code
        == 404
    )
    assert intruder.get(f"/pme/prestataires/{link_id}/retrait").status_code == 404
    with app.app_context():
        assert db.session.get(ClientLink, link_id).share_results is False


def test_choosing_a_listed_signatory_tells_it(app, factory, provider):
    sme = factory.user(Role.SME_MEMBER)
    client = app.test_client()
    sign_in(app, client, sme)
    page = client.get("/pme/prestataires/choisir").get_data(as_text=True)
    assert "Cotentin Numérique" in page
    client.post("/pme/prestataires/choisir", data={"provider_id": provider.org.id, "share": "non"})
    with app.app_context():
        link = db.session.scalar(select(ClientLink))
        assert (link.provider_id, link.share_results) == (provider.org.id, False)
    assert "vous a choisi" in message_text(last_message_to(app, provider.member.email))


def test_an_unlisted_provider_cannot_be_chosen(app, factory):
    from charter.models import OrganizationKind

    unsigned = factory.organization(OrganizationKind.PROVIDER)
    sme = factory.user(Role.SME_MEMBER)
    client = app.test_client()
    sign_in(app, client, sme)
    response = client.post(
        "/pme/prestataires/choisir", data={"provider_id": unsigned.id, "share": "oui"}
    )
    assert response.status_code == 400


def test_a_sharing_client_sending_a_diagnosis_notifies_the_provider(app, factory, provider):
    sme = factory.user(Role.SME_MEMBER, full_name="Jeanne")
    factory.client_link(provider.org, sme.organization_id, share=True)
    submitted_assessment(app, sme)
    message = last_message_to(app, provider.member.email)
    assert "a envoyé un diagnostic" in message["Subject"]
    with app.app_context():
        name = db.session.get(User, sme.id).organization.name
    assert name in message_text(message)
