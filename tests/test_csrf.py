"""CSRF on every state change, tested with the protection switched on (issue: accounts)."""

from __future__ import annotations

import re

import pytest

from tests.helpers import redirect_target, sign_in


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def _token(client, path):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_a_post_without_token_is_refused_and_keeps_what_was_typed(client):
    response = client.post(
        "/inscription/pme",
        data={
            "organization_name": "Boulangerie Marie",
            "email": "marie@boulangerie.fr",
            "password": "un mot de passe tres long",
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert (
        "ce formulaire n&#39;a pas été enregistré" in page
        or "ce formulaire n'a pas été enregistré" in page
    )
    assert 'value="Boulangerie Marie"' in page
    assert 'value="marie@boulangerie.fr"' in page
    assert "un mot de passe tres long" not in page
    assert 'name="csrf_token"' in page  # a fresh token to send again


def test_a_token_from_another_session_is_refused(app, factory):
    mine, theirs = app.test_client(), app.test_client()
    foreign = _token(theirs, "/connexion")
    user = factory.user()
    response = mine.post(
        "/connexion", data={"csrf_token": foreign, "email": user.email, "password": user.password}
    )
    assert response.status_code == 400
    assert f'value="{user.email}"' in response.get_data(as_text=True)
    assert redirect_target(mine.get("/compte")) == "/connexion?next=/compte"  # not logged in


def test_a_valid_token_works(client, factory):
    user = factory.user()
    token = _token(client, "/connexion")
    response = client.post(
        "/connexion", data={"csrf_token": token, "email": user.email, "password": user.password}
    )
    assert redirect_target(response) == "/pme"


def test_logout_without_token_does_not_log_out(app, client, factory):
    user = factory.user()
    sign_in(app, client, user)
    assert client.post("/deconnexion").status_code == 400
    assert client.get("/compte").status_code == 200


def test_json_callers_get_a_json_csrf_error(client):
    response = client.post("/connexion", json={"email": "x"})
    assert response.status_code == 400
    assert response.json["error"] == "csrf"
