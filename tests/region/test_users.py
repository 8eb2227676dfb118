"""Region users: invitation with a single-use link and mandatory second factor, role changes,
deactivation, the last administrator kept, everything audited; reviewers get 403."""

from __future__ import annotations

from sqlalchemy import select

from charter.extensions import db
from charter.models import AuditEvent, Role, User
from tests.helpers import last_message_to, link_in, login, redirect_target
from tests.region.helpers import officer_client
from tests.signing.helpers import region_officer

NEW_PASSWORD = "une phrase de passe assez longue"


def user_row(app, email):
    with app.app_context():
        return db.session.scalar(select(User).filter_by(email=email))


def actions(app):
    with app.app_context():
        return db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()


def test_invitation_link_sets_a_password_once_then_2fa_is_required(app, factory, admin):
    response = admin.post(
        "/region/utilisateurs/inviter",
        data={
            "full_name": "Inès Martin",
            "email": "Ines@Region.example",
            "role": "region_reviewer",
        },
    )
    assert response.headers["Location"] == "/region/utilisateurs"
    assert "invitation envoyée" in admin.get("/region/utilisateurs").text
    message = last_message_to(app, "ines@region.example")
    assert "Vous recevez ce message parce que" in message.get_body(("plain",)).get_content()
    path = link_in(message, "/compte/activation/")
    visitor = app.test_client()
    assert "Activer votre compte" in visitor.get(path).text
    weak = visitor.post(path, data={"password": "court"})
    assert weak.status_code == 200 and "error-summary" in weak.text
    done = visitor.post(path, data={"password": NEW_PASSWORD})
    assert done.headers["Location"] == "/connexion"
    assert visitor.get(path).status_code == 400  # single use
    invited = user_row(app, "ines@region.example")
    assert invited.role is Role.REGION_REVIEWER and invited.email_verified_at is not None
    login(visitor, type("U", (), {"email": "ines@region.example", "password": NEW_PASSWORD}))
    gate = visitor.get("/region/signataires")
    assert gate.headers["Location"].startswith("/compte/double-authentification")
    assert {"region_user.invited", "region_user.activated"} <= set(actions(app))


def test_an_address_already_used_is_refused(app, factory, admin):
    existing = factory.user(Role.SME_MEMBER)
    response = admin.post(
        "/region/utilisateurs/inviter",
        data={"full_name": "X", "email": existing.email, "role": "region_admin"},
    )
    assert response.status_code == 400 and "existe déjà" in response.text


def test_role_change_and_deactivation_are_audited(app, factory, admin):
    reviewer = region_officer(factory, Role.REGION_REVIEWER)
    other = officer_client(app, factory, Role.REGION_REVIEWER)  # a live session to end
    target = other.officer
    admin.post(f"/region/utilisateurs/{reviewer.id}/role", data={"role": "region_admin"})
    assert user_row(app, reviewer.email).role is Role.REGION_ADMIN
    page = admin.get(f"/region/utilisateurs/{target.id}/desactiver")
    assert "Confirmer la désactivation" in page.text
    admin.post(f"/region/utilisateurs/{target.id}/desactiver")
    assert user_row(app, target.email).active is False
    assert (
        redirect_target(other.get("/region/signataires")) == "/connexion?next=/region/signataires"
    )  # session ended
    admin.post(f"/region/utilisateurs/{target.id}/reactiver")
    assert user_row(app, target.email).active is True
    recorded = actions(app)
    assert recorded[-2:] == ["region_user.deactivated", "region_user.reactivated"]
    assert "region_user.role_changed" in recorded


def test_the_last_active_administrator_stays(app, factory, admin):
    me = admin.officer
    response = admin.post(f"/region/utilisateurs/{me.id}/role", data={"role": "region_reviewer"})
    assert "dernier administrateur" in admin.get(response.headers["Location"]).text
    assert user_row(app, me.email).role is Role.REGION_ADMIN
    admin.post(f"/region/utilisateurs/{me.id}/desactiver")
    assert user_row(app, me.email).active is True


def test_reviewers_cannot_manage_users_and_other_accounts_do_not_exist(app, factory):
    reviewer = officer_client(app, factory, Role.REGION_REVIEWER)
    assert reviewer.get("/region/utilisateurs").status_code == 403
    assert reviewer.post("/region/utilisateurs/inviter", data={}).status_code == 403
    admin = officer_client(app, factory, Role.REGION_ADMIN)
    provider = factory.user(Role.PROVIDER_MEMBER)
    assert admin.get(f"/region/utilisateurs/{provider.id}").status_code == 404
