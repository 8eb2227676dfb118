"""The provider's side of its clients (issue 19): the contact who accepted the link, « relancer »
for a client without a shared diagnosis, trust signals in the invitation e-mail, and no page
that leads nowhere while the signature is pending."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from charter.extensions import db
from charter.models import AuditEvent, ClientLink, OrganizationKind, Role
from tests.helpers import last_message_to, link_in, message_html, message_text, sign_in
from tests.journey import submitted_assessment


def logged_in(app, member):
    client = app.test_client()
    sign_in(app, client, member)
    return client


def joined(app, factory, provider, share: bool, name: str = "Anne Lemoine"):
    """An SME member who accepted the provider's invitation; returns the member."""
    provider_client = logged_in(app, provider.member)
    provider_client.post("/prestataire/invitations", data={"addresses": "anne@client.fr"})
    link = link_in(last_message_to(app, "anne@client.fr"), "/invitation/")
    sme = factory.user(Role.SME_MEMBER, full_name=name, email="anne@client.fr")
    logged_in(app, sme).post(link, data={"share": "oui" if share else "non"})
    return sme


def test_the_invitation_carries_the_certificate_and_a_no_password_line(app, provider):
    logged_in(app, provider.member).post(
        "/prestataire/invitations", data={"addresses": "pme@client.fr"}
    )
    message = last_message_to(app, "pme@client.fr")
    text, html = message_text(message), message_html(message)
    with app.app_context():
        from charter.services.invitations import certificate_number

        number = certificate_number(db.session, provider.org.id)
    assert number and number in text and number in html
    base = app.config["BASE_URL"].rstrip("/")
    assert f"{base}/verification/{number}" in text
    assert "ne vous demandera jamais votre mot de passe par e-mail" in text
    assert "ne vous demandera jamais votre mot de passe par e-mail" in html


def test_the_client_page_shows_the_contact_who_accepted(app, factory, provider):
    sme = joined(app, factory, provider, share=False, name="Anne Lemoine")
    page = logged_in(app, provider.member).get(f"/prestataire/clients/{sme.organization_id}")
    assert page.status_code == 200
    assert "Anne Lemoine" in page.text and "mailto:anne@client.fr" in page.text


def test_relancer_a_client_without_a_shared_diagnosis_once_a_month(
    app, factory, provider, monkeypatch
):
    sme = joined(app, factory, provider, share=False)
    client = logged_in(app, provider.member)
    url = f"/prestataire/clients/{sme.organization_id}"
    assert "Relancer" in client.get(url).text
    sent = client.post(f"{url}/rappel", follow_redirects=True)
    assert "Rappel envoyé à 1 personne" in sent.text
    message = last_message_to(app, "anne@client.fr")
    assert "vous propose de faire votre diagnostic" in message["Subject"]
    assert "restent privés" in message_text(message)
    again = client.post(f"{url}/rappel", follow_redirects=True)
    assert "Aucun rappel envoyé" in again.text
    assert "Vous pourrez le relancer de nouveau" in client.get(url).text
    from charter.services import clients as service

    later_now = service.utcnow() + timedelta(days=31)
    monkeypatch.setattr(service, "utcnow", lambda: later_now)
    later = client.post(f"{url}/rappel", follow_redirects=True)
    assert "Rappel envoyé à 1 personne" in later.text


def test_a_client_with_a_recent_shared_diagnosis_is_not_nudged(app, factory, provider):
    sme = joined(app, factory, provider, share=True)
    submitted_assessment(app, sme)
    client = logged_in(app, provider.member)
    page = client.get(f"/prestataire/clients/{sme.organization_id}").text
    assert 'id="nudge-title"' not in page
    assert "Son plan d&#39;action" in page or "Son plan d'action" in page
    refused = client.post(f"/prestataire/clients/{sme.organization_id}/rappel")
    assert refused.status_code == 302
    with app.app_context():
        assert (
            db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "client.nudged"))
            is None
        )


def test_another_provider_cannot_nudge_my_client(app, factory, provider, admin):
    sme = joined(app, factory, provider, share=False)
    other_org = factory.organization(OrganizationKind.PROVIDER)
    other = factory.user(Role.PROVIDER_MEMBER, other_org)
    factory.signature(other, validate_by=admin)
    response = logged_in(app, other).post(f"/prestataire/clients/{sme.organization_id}/rappel")
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(ClientLink.contact_id)) == sme.id


def test_while_pending_the_clients_page_explains_instead_of_linking(app, factory):
    org = factory.organization(OrganizationKind.PROVIDER)
    member = factory.user(Role.PROVIDER_MEMBER, org)
    factory.signature(member)  # pending
    client = logged_in(app, member)
    page = client.get("/prestataire/clients").text
    assert 'href="/prestataire/invitations"' not in page
    assert "dès que votre signature de la charte sera valide" in page
    dashboard = client.get("/prestataire").text
    assert 'href="/prestataire/invitations"' not in dashboard
