"""Fewer steps and clearer errors at registration (issue 18)."""

from __future__ import annotations

import re

from sqlalchemy import select

from charter.extensions import db
from charter.models import Organization
from tests.test_registration import provider_form, sme_form


def _summary(page: str) -> list[str]:
    block = page.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'<a href="#([a-z_]+)"', block)


def test_error_summary_follows_the_page_and_takes_the_focus(client):
    response = client.post("/inscription/pme", data={"password": "motdepasse"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert re.search(r'id="error-summary"[^>]*autofocus', page)
    order = _summary(page)
    shown = [f for f in re.findall(r'<(?:input|select)[^>]*id="([a-z_]+)"', page) if f in order]
    assert order == shown  # the summary lists the fields in the page's order
    assert order.index("department") < order.index("full_name")
    assert order.index("sector") < order.index("email")
    assert "password" in order  # a weak password is reported with the other errors


def test_departments_are_named_in_the_lists(client):
    assert "14 — Calvados" in client.get("/inscription/pme").get_data(as_text=True)
    provider = client.get("/inscription/prestataire").get_data(as_text=True)
    assert "76 — Seine-Maritime" in provider
    assert "75 — Paris" not in provider


def test_a_website_without_https_is_completed(app, client):
    response = client.post(
        "/inscription/prestataire", data=provider_form(website="www.cotentin-reseaux.fr")
    )
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:2000]
    with app.app_context():
        website = db.session.scalar(select(Organization.website))
    assert website == "https://www.cotentin-reseaux.fr"


def test_registration_still_refuses_a_weak_password_alone(client):
    response = client.post("/inscription/pme", data=sme_form(password="normandie"))
    assert response.status_code == 200
    assert _summary(response.get_data(as_text=True)) == ["password"]


def test_every_required_field_is_marked_the_same_way(client):
    for url in ("/inscription/pme", "/inscription/prestataire"):
        page = client.get(url).get_data(as_text=True)
        labels = re.findall(
            r'<label for="(?!services-)([a-z_]+)"[^>]*>(.*?)</label>(\s*<span class="required">)?',
            page,
        )
        assert labels
        for field_id, text, marked in labels:
            assert bool(marked) != ("facultatif" in text), (url, field_id, text)


def test_after_confirming_the_address_the_login_form_is_filled_in(app, client):
    from tests.helpers import last_message_to, link_in

    client.post("/inscription/pme", data=sme_form(email="jeanne@moulin.fr"))
    confirm = link_in(last_message_to(app, "jeanne@moulin.fr"), "/inscription/confirmer/")
    response = client.post(confirm)
    assert response.headers["Location"] == "/connexion"
    page = client.get("/connexion").get_data(as_text=True)
    assert 'value="jeanne@moulin.fr"' in page
    assert 'value="jeanne@moulin.fr"' not in client.get("/connexion").get_data(as_text=True)
