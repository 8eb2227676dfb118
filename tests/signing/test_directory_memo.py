"""The public directory's memoised listing (issue 21): a change of who is listed shows at the
next view, a revalidation is answered before anything is rendered, and the same view twice
renders the listing once."""

from __future__ import annotations

import pytest

from charter import fragments
from charter.extensions import db
from charter.models import Organization
from charter.public import directory as view
from charter.services import organizations
from tests.signing.helpers import provider, region_officer


@pytest.fixture
def reviewer(factory):
    return region_officer(factory)


def listed(factory, reviewer, name, **fields):
    member = provider(factory, name=name, **fields)
    factory.signature(member, validate_by=reviewer)
    return member


def page(client, **query):
    response = client.get("/annuaire", query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_signatory_newly_listed_or_delisted_shows_at_the_next_view(app, factory, reviewer):
    client = app.test_client()
    first = listed(factory, reviewer, "Alpha Réseaux")
    assert "Alpha Réseaux" in page(client) and "1 prestataire signataire" in page(client)
    second = listed(factory, reviewer, "Bêta Sécurité", department="27")
    text = page(client)
    assert "Bêta Sécurité" in text and "2 prestataires signataires" in text
    assert "Bêta Sécurité" in page(client, departement="27")
    with app.app_context():
        organizations.set_directory_consent(db.session, second.organization_id, second.id, False)
    text = page(client)
    assert "Bêta Sécurité" not in text and "1 prestataire signataire" in text
    assert "Bêta Sécurité" not in page(client, departement="27")
    with app.app_context():
        db.session.get(Organization, first.organization_id).name = "Alpha Renommé"
        db.session.commit()
    assert "Alpha Renommé" in page(client) and "Alpha Réseaux" not in page(client)


def test_the_same_view_renders_its_listing_once(app, factory, reviewer, monkeypatch):
    listed(factory, reviewer, "Gamma Info")
    client = app.test_client()
    calls = []
    real = view.page_of

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(view, "page_of", counting)
    first, second = page(client), page(client)
    assert first == second and "Gamma Info" in second and len(calls) == 1
    # Another search or page is another stamp.
    assert "Gamma Info" not in page(client, q="introuvable") and len(calls) == 2
    with app.app_context():
        assert fragments.memo().hits >= 2


def test_a_revalidation_is_answered_before_any_rendering(app, factory, reviewer, monkeypatch):
    listed(factory, reviewer, "Delta Conseil")
    client = app.test_client()
    etag = client.get("/annuaire").headers["ETag"]

    def refuse(*_args, **_kwargs):
        raise AssertionError("rendered for a revalidation")

    monkeypatch.setattr(view, "page_of", refuse)
    monkeypatch.setattr(view.fragments, "render_fragment", refuse)
    with app.app_context():
        fragments.memo().clear()  # nothing memoised to fall back on either
    response = client.get("/annuaire", headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.data == b""
    # A change of the listing changes the tag: the next revalidation gets the new page.
    monkeypatch.undo()
    listed(factory, reviewer, "Epsilon Web")
    response = client.get("/annuaire", headers={"If-None-Match": etag})
    assert response.status_code == 200 and "Epsilon Web" in response.get_data(as_text=True)


def test_the_exports_follow_the_listing(app, factory, reviewer):
    client = app.test_client()
    listed(factory, reviewer, "Zêta Infogérance")
    first = client.get("/annuaire.csv")
    assert "Zêta Infogérance" in first.get_data(as_text=True)
    assert first.data.startswith("\ufeff".encode())  # the BOM survives the memo
    assert client.get("/annuaire.csv").data == first.data
    assert "Zêta Infogérance" in client.get("/annuaire.json").get_data(as_text=True)
    listed(factory, reviewer, "Êta Hébergement")
    for address in ("/annuaire.csv", "/annuaire.json"):
        text = client.get(address).get_data(as_text=True)
        assert "Êta Hébergement" in text and "Zêta Infogérance" in text
