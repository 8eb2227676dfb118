"""A NUL character never reaches a query: every route answers a clear 400 (PostgreSQL would
refuse the value with an error, a 500 for the visitor)."""

from __future__ import annotations

import pytest

from charter.models import Role
from tests.helpers import sign_in

MESSAGE = "caractère nul"


@pytest.fixture
def admin_client(app, factory):
    client = app.test_client()
    sign_in(app, client, factory.user(Role.REGION_ADMIN, totp_secret="JBSWY3DPEHPK3PXP"))
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/region/journal?action=auth%00",
        "/region/journal?acteur=a%00b",
        "/region/signataires?q=%00",
        "/region/journal?%00=x",
    ],
)
def test_a_nul_in_a_query_string_gets_a_french_400(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 400
    assert MESSAGE in response.get_data(as_text=True)


def test_a_nul_in_a_public_address_gets_a_400(client):
    response = client.get("/verification/CCN-2026%0000001")
    assert response.status_code == 400
    assert MESSAGE in response.get_data(as_text=True)
    assert client.get("/annuaire?q=Rouen%00").status_code == 400


def test_a_nul_in_a_form_gets_a_400_and_nothing_is_sent(client, app):
    response = client.post(
        "/mot-de-passe/oubli", data={"email": "lea\x00@exemple.fr"}, follow_redirects=False
    )
    assert response.status_code == 400
    assert MESSAGE in response.get_data(as_text=True)


def test_a_nul_in_a_json_body_gets_a_json_400(client):
    response = client.post("/connexion", json={"email": ["a", {"k": "x\x00"}]})
    assert response.status_code == 400
    assert MESSAGE in response.get_json()["message"]


def test_ordinary_requests_are_untouched(client):
    assert client.get("/annuaire?q=Caen").status_code == 200
    unknown = client.get("/verification/CCN-2026-99999")  # no such certificate: its own 404
    assert unknown.status_code == 404
    assert "Aucune attestation ne porte ce numéro" in unknown.get_data(as_text=True)
