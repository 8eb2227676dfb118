"""Issue 15 §5: a password or second-factor change rotates the current session."""

from __future__ import annotations

from charter.models import Role
from tests.helpers import login, totp_now

COOKIE = "ccn_session"
NEW_PASSWORD = "grand ciel bleu sur le bocage"


def _stolen_copy(app, client):
    """Another client holding a copy of ``client``'s session cookie, taken now."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    assert thief.get("/compte").status_code == 200
    return thief


def _enrol(app, client, user):
    client.post("/compte/double-authentification/commencer")
    response = client.post(
        "/compte/double-authentification/confirmer", data={"code": totp_now(app, user.id)}
    )
    assert response.status_code == 200


def test_changing_the_password_kills_a_copy_of_the_current_cookie(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    login(client, user)
    thief = _stolen_copy(app, client)
    response = client.post(
        "/compte/mot-de-passe",
        data={"current_password": user.password, "new_password": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/compte").status_code == 200  # the person who changed it stays in
    assert thief.get("/compte").status_code == 302


def test_enrolling_a_second_factor_kills_a_copy_of_the_current_cookie(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    login(client, user)
    thief = _stolen_copy(app, client)
    _enrol(app, client, user)
    assert client.get("/compte").status_code == 200
    assert thief.get("/compte").status_code == 302


def test_disabling_the_second_factor_or_new_codes_rotate_too(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    login(client, user)
    _enrol(app, client, user)
    thief = _stolen_copy(app, client)
    client.post(
        "/compte/double-authentification/codes-de-secours", data={"password": user.password}
    )
    assert thief.get("/compte").status_code == 302
    thief = _stolen_copy(app, client)
    response = client.post(
        "/compte/double-authentification/desactiver", data={"password": user.password}
    )
    assert response.status_code == 302
    assert client.get("/compte").status_code == 200
    assert thief.get("/compte").status_code == 302
