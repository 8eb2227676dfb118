"""Login, lockout, sessions that can be revoked, safe redirects (issue: accounts)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from charter.db import utcnow
from charter.extensions import db
from charter.models import AuditEvent, Role, User, UserSession
from tests.helpers import (
    last_message_to,
    login,
    message_text,
    redirect_target,
    sign_in,
    without_tokens,
)

GENERIC = "Adresse e-mail ou mot de passe incorrect"


def test_good_login_lands_on_the_role_home_and_is_audited(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    response = login(client, user)
    assert redirect_target(response) == "/pme"
    assert client.get("/compte").status_code == 200
    with app.app_context():
        assert (
            db.session.scalar(
                select(AuditEvent.action).where(
                    AuditEvent.actor_id == user.id, AuditEvent.action == "auth.login"
                )
            )
            is not None
        )


def test_wrong_password_and_unknown_email_get_the_same_answer(client, factory):
    user = factory.user()
    wrong = client.post("/connexion", data={"email": user.email, "password": "pas le bon mot"})
    unknown = client.post("/connexion", data={"email": "x@nulle-part.fr", "password": "pas le bon"})
    assert wrong.status_code == unknown.status_code == 200
    assert GENERIC in wrong.get_data(as_text=True)
    assert GENERIC in unknown.get_data(as_text=True)
    assert without_tokens(wrong.get_data(as_text=True), user.email) == without_tokens(
        unknown.get_data(as_text=True), "x@nulle-part.fr"
    )


def test_five_wrong_passwords_lock_the_account_for_a_while(app, client, factory):
    user = factory.user()
    for _ in range(5):
        client.post("/connexion", data={"email": user.email, "password": "mauvais mot de passe"})
    locked = login(client, user)  # even the right password is refused now
    assert locked.status_code == 200
    assert GENERIC in locked.get_data(as_text=True)
    with app.app_context():
        row = db.session.get(User, user.id)
        assert row.locked_until > utcnow() + timedelta(minutes=14)
        assert (
            db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "auth.locked"))
            is not None
        )
        row.locked_until = utcnow() - timedelta(seconds=1)  # the lockout expires
        db.session.commit()
    assert redirect_target(login(client, user)) == "/pme"


def test_lockout_tells_the_owner_by_email(app, client, factory):
    user = factory.user()
    for _ in range(5):
        client.post("/connexion", data={"email": user.email, "password": "mauvais mot de passe"})
    message = last_message_to(app, user.email)
    assert "Alerte de sécurité" in message["Subject"]
    assert "bloqué pendant 15 minutes" in message_text(message)


def test_a_captured_cookie_is_useless_after_logout(app, client, factory):
    user = factory.user()
    login(client, user)
    captured = client.get_cookie("ccn_session").value
    client.post("/deconnexion")
    thief = app.test_client()
    thief.set_cookie("ccn_session", captured)
    response = thief.get("/compte")
    assert redirect_target(response) == "/connexion?next=/compte"


def test_the_session_cookie_changes_at_login(client, factory):
    user = factory.user()
    client.get("/connexion")
    before = client.get_cookie("ccn_session").value
    login(client, user)
    assert client.get_cookie("ccn_session").value != before


def test_the_cookie_holds_nothing_personal(app, client, factory):
    user = factory.user(email="secret.person@exemple.fr")
    login(client, user)
    serializer = app.session_interface.get_signing_serializer(app)
    contents = serializer.loads(client.get_cookie("ccn_session").value)
    assert set(contents) <= {"_user_id", "_fresh", "_id", "csrf_token", "_permanent", "_flashes"}
    assert "secret.person" not in repr(contents)
    assert contents["_user_id"] != str(user.id)  # an opaque session token, not the account id


def test_logout_others_and_password_change_end_other_sessions(app, factory):
    user = factory.user()
    first, second = app.test_client(), app.test_client()
    login(first, user)
    login(second, user)
    assert redirect_target(first.post("/compte/sessions/deconnecter-les-autres")) == "/compte"
    assert redirect_target(second.get("/compte")) == "/connexion?next=/compte"  # logged out
    assert first.get("/compte").status_code == 200
    third = app.test_client()
    login(third, user)
    first.post(
        "/compte/mot-de-passe",
        data={"current_password": user.password, "new_password": "un autre mot de passe robuste"},
    )
    assert redirect_target(third.get("/compte")) == "/connexion?next=/compte"
    assert first.get("/compte").status_code == 200


def test_idle_sessions_expire_on_the_server(app, client, factory):
    user = factory.user()
    login(client, user)
    with app.app_context():
        row = db.session.scalar(select(UserSession).filter_by(user_id=user.id))
        row.last_seen_at = utcnow() - app.config["SESSION_IDLE_LIFETIME"] - timedelta(minutes=1)
        db.session.commit()
    assert redirect_target(client.get("/compte")) == "/connexion?next=/compte"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
    ],
)
def test_next_only_redirects_to_local_paths(client, factory, target):
    user = factory.user()
    response = login(client, user, next_url=target)
    assert "evil" not in response.headers["Location"]
    assert "javascript" not in response.headers["Location"]


def test_next_to_a_local_page_is_followed(client, factory):
    user = factory.user()
    response = login(client, user, next_url="/compte/double-authentification")
    assert response.headers["Location"] == "/compte/double-authentification"


def test_private_pages_are_not_cached(app, client, factory):
    user = factory.user()
    sign_in(app, client, user)
    assert client.get("/compte").headers["Cache-Control"] == "no-store"


def test_inactive_accounts_cannot_log_in(app, client, factory):
    user = factory.user(active=False)
    assert GENERIC in login(client, user).get_data(as_text=True)


@pytest.mark.parametrize(
    "app_config", [{"LOGIN_MAX_FAILURES": 3, "LOGIN_LOCKOUT": timedelta(minutes=40)}]
)
def test_the_lockout_messages_say_the_configured_tries_and_duration(app, client, factory):
    user = factory.user()
    for _ in range(3):
        failed = client.post(
            "/connexion", data={"email": user.email, "password": "mauvais mot de passe"}
        )
    page = failed.get_data(as_text=True)
    assert "Après 3 essais manqués, le compte est bloqué 40 minutes" in page
    assert "bloqué pendant 40 minutes" in message_text(last_message_to(app, user.email))


def test_pages_after_login_do_not_rewrite_the_session_cookie(client, factory):
    """The cookie is written at login and when its content changes, not on every response
    (the session row carries the idle and absolute limits): a page view sends no cookie."""
    login(client, factory.user(Role.SME_MEMBER))
    client.get("/pme")  # the first page may still add its form token to the cookie
    response = client.get("/pme")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert client.get("/compte").status_code == 200  # and the session still holds
