"""The account page: profile, personal-data export, account deletion."""

from __future__ import annotations

import json

from sqlalchemy import select

from charter.extensions import db
from charter.models import AuditEvent, OrganizationKind, Role, User
from tests.helpers import login, redirect_target, sign_in


def test_account_page_shows_profile_sessions_and_2fa_status(app, client, factory):
    user = factory.user(Role.SME_MEMBER, full_name="Hélène Duval")
    sign_in(app, client, user)
    page = client.get("/compte").get_data(as_text=True)
    assert "Hélène Duval" in page
    assert user.email in page
    assert "cette session" in page
    assert "Non activée" in page


def test_profile_update_and_validation_error_keeps_input(app, client, factory):
    user = factory.user()
    sign_in(app, client, user)
    client.post("/compte/profil", data={"full_name": "  Nouveau Nom  "})
    with app.app_context():
        assert db.session.get(User, user.id).full_name == "Nouveau Nom"
    bad = client.post("/compte/profil", data={"full_name": "x" * 500})
    assert bad.status_code == 400
    assert "x" * 500 in bad.get_data(as_text=True)


def test_wrong_current_password_is_refused(app, client, factory):
    user = factory.user()
    sign_in(app, client, user)
    response = client.post(
        "/compte/mot-de-passe",
        data={"current_password": "pas le bon", "new_password": "un nouveau mot de passe long"},
    )
    assert response.status_code == 400
    assert "pas le bon" in response.get_data(as_text=True)
    assert redirect_target(login(app.test_client(), user)) == "/pme"  # unchanged


def test_export_contains_my_data_and_nobody_elses(app, client, factory):
    me = factory.user(Role.SME_MEMBER, full_name="Moi Même")
    other = factory.user(Role.SME_MEMBER, full_name="Quelqu'un d'autre")
    sign_in(app, client, me)
    response = client.get("/compte/mes-donnees.json")
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == me.email
    assert data["organization"]["siret"]
    assert len(data["sessions"]) == 1
    assert other.email not in response.get_data(as_text=True)


def test_delete_needs_confirmation_and_password(app, client, factory):
    user = factory.user()
    sign_in(app, client, user)
    unchecked = client.post("/compte/suppression", data={"password": user.password})
    assert unchecked.status_code == 400
    assert "Cochez la case" in unchecked.get_data(as_text=True)
    wrong = client.post("/compte/suppression", data={"password": "faux", "confirm": "y"})
    assert wrong.status_code == 400
    with app.app_context():
        assert db.session.get(User, user.id).active


def test_delete_erases_personal_data_and_logs_out(app, client, factory):
    user = factory.user(full_name="Paul Martin")
    sign_in(app, client, user)
    response = client.post("/compte/suppression", data={"password": user.password, "confirm": "y"})
    assert response.headers["Location"] == "/"
    with app.app_context():
        row = db.session.get(User, user.id)
        assert not row.active
        assert "Paul" not in row.full_name
        assert user.email != row.email
        assert db.session.scalar(select(AuditEvent.id).filter_by(action="account.deleted"))
    assert redirect_target(client.get("/compte")) == "/connexion?next=/compte"
    assert login(app.test_client(), user).status_code == 200  # cannot log in any more


def test_last_member_is_told_what_happens_to_the_organisation(app, client, factory):
    org = factory.organization(OrganizationKind.PROVIDER, name="Seul Au Monde SARL")
    user = factory.user(Role.PROVIDER_MEMBER, org)
    sign_in(app, client, user)
    page = client.get("/compte/suppression").get_data(as_text=True)
    assert "dernière personne inscrite pour Seul Au Monde SARL" in page
    factory.user(Role.PROVIDER_MEMBER, org)
    page = client.get("/compte/suppression").get_data(as_text=True)
    assert "dernière personne" not in page
