"""Accepting the terms: at registration, and again at login when a new version is in force."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from charter.extensions import db
from charter.models import AuditEvent, Role, TermsAcceptance, TermsVersion, User
from tests.helpers import login, redirect_target, sign_in
from tests.test_registration import sme_form

pytestmark = pytest.mark.usefixtures("app")
TODAY = datetime.now(ZoneInfo("Europe/Paris")).date()
LAST_MONTH = TODAY - timedelta(days=30)


def acceptances(app, user_id):
    with app.app_context():
        return db.session.execute(
            select(TermsVersion.label, TermsAcceptance.ip_address)
            .join(TermsVersion)
            .where(TermsAcceptance.user_id == user_id)
            .order_by(TermsAcceptance.id)
        ).all()


def user_id_of(app, email):
    with app.app_context():
        return db.session.scalar(select(User.id).filter_by(email=email))


def test_registration_needs_the_unticked_terms_box(app, client, factory):
    factory.terms()
    page = client.get("/inscription/pme").get_data(as_text=True)
    assert 'type="checkbox"' in page and "checked" not in page.split('id="accept_terms"')[1][:40]
    assert 'href="/cgu" target="_blank" rel="noopener"' in page
    assert "nouvel onglet" in page
    assert "Ce service gratuit permet" in page  # the summary of the version in force
    refused = client.post("/inscription/pme", data=sme_form())
    assert refused.status_code == 200
    assert "Cochez la case pour accepter les conditions" in refused.get_data(as_text=True)
    assert user_id_of(app, "marc@fromagerie-auge.fr") is None


def test_registration_records_the_acceptance_with_the_account(app, client, factory):
    factory.terms()
    response = client.post("/inscription/pme", data=sme_form(accept_terms="y"))
    assert response.headers["Location"] == "/inscription/envoyee"
    user_id = user_id_of(app, "marc@fromagerie-auge.fr")
    assert acceptances(app, user_id) == [("1", "127.0.0.1")]
    with app.app_context():
        assert db.session.scalar(
            select(AuditEvent.id).filter_by(action="terms.accepted", actor_id=user_id)
        )


def test_without_published_terms_there_is_nothing_to_accept(app, client):
    page = client.get("/inscription/pme").get_data(as_text=True)
    assert "accept_terms" not in page
    client.post("/inscription/pme", data=sme_form())
    assert user_id_of(app, "marc@fromagerie-auge.fr") is not None


def test_a_user_who_never_accepted_is_stopped_until_they_accept(app, client, factory):
    factory.terms()
    user = factory.user(Role.PROVIDER_MEMBER, accepted_terms=False)
    login(client, user)
    assert client.get("/compte").headers["Location"] == "/cgu/accepter"
    page = client.get("/cgu/accepter").get_data(as_text=True)
    assert "Accepter les conditions d'utilisation" in page
    assert "Ce qui change" not in page
    # Public pages, the data export, deletion and logout stay open meanwhile.
    assert client.get("/").status_code == 200
    assert client.get("/confidentialite").status_code == 200
    assert client.get("/compte/mes-donnees.json").status_code == 200
    assert client.get("/compte/suppression").status_code == 200
    accepted = client.post("/cgu/accepter", data={"version": "1"})
    assert redirect_target(accepted) == "/prestataire"
    assert client.get("/compte").status_code == 200
    assert [label for label, _ in acceptances(app, user.id)] == ["1"]
    # Accepting twice records nothing more.
    client.post("/cgu/accepter", data={"version": "1"})
    assert len(acceptances(app, user.id)) == 1


def test_a_new_version_is_asked_at_the_next_login_with_what_changed(app, client, factory):
    factory.terms(effective_date=LAST_MONTH)
    user = factory.user(Role.SME_MEMBER)
    assert redirect_target(login(client, user)) == "/pme"
    assert client.get("/compte").status_code == 200
    factory.terms("cgu-v2-example.yaml", effective_date=TODAY)
    assert client.get("/compte").headers["Location"] == "/cgu/accepter"
    page = client.get("/cgu/accepter").get_data(as_text=True)
    assert "Les conditions d'utilisation ont changé" in page
    assert "Ce qui change depuis la version 1" in page
    assert "Règles d&#39;utilisation" in page and "données ouvertes" in page
    assert "Télécharger mes données" in page and "Supprimer mon compte" in page
    assert "Me déconnecter" in page
    client.post("/cgu/accepter", data={"version": "2"})
    assert client.get("/compte").status_code == 200
    assert [label for label, _ in acceptances(app, user.id)] == ["1", "2"]  # history kept


def test_a_version_superseded_while_the_page_was_open_is_not_accepted(app, client, factory):
    factory.terms(effective_date=LAST_MONTH)
    user = factory.user(accepted_terms=False)
    sign_in(app, client, user)
    factory.terms("cgu-v2-example.yaml", effective_date=TODAY)
    stale = client.post("/cgu/accepter", data={"version": "1"})
    assert stale.status_code == 200
    assert "nouvelle version est entrée en vigueur" in stale.get_data(as_text=True)
    assert acceptances(app, user.id) == []


def test_a_version_announced_for_later_is_not_asked_yet(app, client, factory):
    factory.terms()
    user = factory.user()
    factory.terms("cgu-v2-example.yaml")  # takes effect on 2027-06-01
    sign_in(app, client, user)
    assert client.get("/compte").status_code == 200


def test_accept_page_without_anything_pending_goes_home(app, client, factory):
    factory.terms()
    sign_in(app, client, factory.user())
    assert client.get("/cgu/accepter").headers["Location"] == "/pme"  # the SME home
    assert redirect_target(client.get("/cgu/accepter", follow_redirects=False)) == "/pme"


def test_factory_users_accept_the_terms_in_force(app, factory):
    assert acceptances(app, factory.user().id) == []  # no terms yet: nothing to accept
    factory.terms()
    assert [label for label, _ in acceptances(app, factory.user().id)] == ["1"]


def test_the_error_summary_lists_the_unticked_terms_box(client, factory):
    factory.terms()
    page = client.post("/inscription/pme", data=sme_form()).get_data(as_text=True)
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#accept_terms"' in summary


def test_the_personal_data_export_lists_the_acceptances(app, client, factory):
    import json

    factory.terms()
    user = factory.user()
    sign_in(app, client, user)
    data = json.loads(client.get("/compte/mes-donnees.json").get_data(as_text=True))
    assert [a["version"] for a in data["terms_acceptances"]] == ["1"]
    assert len(data["terms_acceptances"][0]["text_hash"]) == 64
