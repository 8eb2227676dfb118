"""The public directory and its open data: who is listed, search, filters, pages, exports."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest

from charter.db import utcnow
from charter.extensions import db
from charter.models import SignatureStatus
from charter.services import signatures
from tests.signing.helpers import provider, region_officer

#: The documented columns (docs/open-data.md), in order.
COLUMNS = [
    "nom",
    "siret",
    "departement",
    "commune",
    "services",
    "site_web",
    "numero_attestation",
    "version_charte",
    "validee_le",
    "valable_jusqu_au",
    "url_verification",
]


@pytest.fixture
def reviewer(factory):
    return region_officer(factory)


@pytest.fixture
def listed(factory, reviewer):
    """Three listed providers and four that must not be listed."""
    names = {}
    for name, department, city, services in (
        ("Numérique Évreux", "27", "Évreux", ["developpement", "hebergement"]),
        ("Bocage Réseaux", "50", "Saint-Lô", ["reseau"]),
        ("Caen Sécurité", "14", "Caen", ["securite", "reseau"]),
    ):
        member = provider(factory, name=name, department=department, city=city, services=services)
        names[name] = factory.signature(member, validate_by=reviewer)
    factory.signature(provider(factory, name="En Attente"))
    factory.signature(
        provider(factory, name="Sans Consentement", directory_consent=False),
        validate_by=reviewer,
    )
    long_ago = utcnow() - timedelta(days=800)
    factory.signature(
        provider(factory, name="Expirée SARL"),
        validate_by=reviewer,
        signed_at=long_ago,
        validated_at=long_ago,
    )
    return names


def page_of(app, **query):
    return app.test_client().get("/annuaire", query_string=query).get_data(as_text=True)


def test_only_valid_consenting_signatories_are_listed(app, listed):
    page = page_of(app)
    assert "3 prestataires signataires" in page
    for name in ("Numérique Évreux", "Bocage Réseaux", "Caen Sécurité"):
        assert name in page
    for hidden in ("En Attente", "Sans Consentement", "Expirée SARL"):
        assert hidden not in page
    assert page.index("Bocage Réseaux") < page.index("Caen Sécurité") < page.index("Numérique")
    number = listed["Caen Sécurité"].certificate_number
    assert f'href="/verification/{number}"' in page
    assert "Sécurité informatique, audit" in page and "Calvados (14)" in page


def test_a_suspended_signatory_leaves_the_directory(app, listed, reviewer):
    with app.test_request_context():
        signatures.set_status(
            db.session, listed["Caen Sécurité"].id, SignatureStatus.SUSPENDED, reviewer.id, "x"
        )
    assert "Caen Sécurité" not in page_of(app)


def test_search_ignores_case_and_accents_and_filters_combine(app, listed):
    assert "Numérique Évreux" in page_of(app, q="numerique")
    assert "Numérique Évreux" in page_of(app, q="EVREUX")
    found = page_of(app, service="reseau")
    assert "Bocage Réseaux" in found and "Caen Sécurité" in found and "Évreux" not in found
    only = page_of(app, service="reseau", departement="14")
    assert "1 prestataire correspond à votre recherche" in only and "Caen Sécurité" in only
    none = page_of(app, q="introuvable")
    assert "Aucun prestataire ne correspond à cette recherche" in none
    assert 'href="/annuaire"' in none  # a way back to the whole list


def test_unknown_filter_values_are_ignored(app, listed):
    page = page_of(app, departement="75", service="<script>", page="abc")
    assert "3 prestataires signataires" in page
    assert "<script>" not in page


@pytest.mark.parametrize("app_config", [{"DIRECTORY_PAGE_SIZE": 2}])
def test_pages_keep_the_search(app, listed):
    first = page_of(app)
    assert "page 1 sur 2" in first
    assert 'aria-label="Pagination"' in first
    assert 'href="/annuaire?page=2"' in first
    second = page_of(app, page=2)
    assert "Numérique Évreux" in second and "Bocage" not in second
    assert page_of(app, page=99).count('class="card provider-card"') == 1  # last page
    filtered = page_of(app, service="reseau")
    assert "Pagination" not in filtered  # two results fit on one page


def test_empty_directory(app):
    assert "Aucun prestataire ne figure encore dans l'annuaire." in page_of(app)


def test_csv_export_for_french_spreadsheets(app, listed, factory, reviewer):
    factory.signature(
        provider(factory, name='=HYPERLINK("http://x")', city="-Caen"), validate_by=reviewer
    )
    response = app.test_client().get("/annuaire.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == COLUMNS
    by_name = {row[0]: row for row in rows[1:]}
    evreux = by_name["Numérique Évreux"]
    assert evreux[2] == "27" and evreux[4] == "developpement|hebergement"
    assert evreux[6] == listed["Numérique Évreux"].certificate_number
    assert evreux[10].endswith(f"/verification/{evreux[6]}")
    assert '\'=HYPERLINK("http://x")' in by_name  # formulas are neutralised
    assert by_name['\'=HYPERLINK("http://x")'][3] == "'-Caen"
    filtered = app.test_client().get("/annuaire.csv", query_string={"departement": "50"})
    assert len(filtered.data.decode("utf-8-sig").strip().splitlines()) == 2


def test_json_export(app, listed):
    response = app.test_client().get("/annuaire.json", query_string={"q": "caen"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = json.loads(response.data)
    assert body["nombre"] == 1
    assert body["licence"].startswith("Licence Ouverte")
    [record] = body["signataires"]
    assert record["nom"] == "Caen Sécurité"
    assert record["services"] == ["securite", "reseau"]
    assert record["numero_attestation"] == listed["Caen Sécurité"].certificate_number
    assert list(record) == COLUMNS


def test_only_http_websites_become_links(app, factory, reviewer):
    factory.signature(
        provider(factory, name="Lien Douteux", website="javascript://x.fr/%0Aalert(1)"),
        validate_by=reviewer,
    )
    factory.signature(
        provider(factory, name="Lien Sain", website="https://lien-sain.example"),
        validate_by=reviewer,
    )
    page = page_of(app)
    assert "javascript:" not in page
    assert 'href="https://lien-sain.example" rel="noopener nofollow ugc"' in page


def test_a_visitor_s_copy_may_be_cached_and_revalidated(app, listed, reviewer):
    client = app.test_client()
    first = client.get("/annuaire")
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "public, max-age=300"
    assert "Set-Cookie" not in first.headers  # nothing personal in a shared copy
    etag = first.headers["ETag"]
    again = client.get("/annuaire", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    other_page = client.get("/annuaire?q=caen", headers={"If-None-Match": etag})
    assert other_page.status_code == 200
    with app.test_request_context():
        signatures.set_status(
            db.session, listed["Caen Sécurité"].id, SignatureStatus.SUSPENDED, reviewer.id, "x"
        )
    changed = client.get("/annuaire", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "Caen Sécurité" not in changed.get_data(as_text=True)


def test_open_data_answers_304_while_unchanged(app, listed):
    client = app.test_client()
    for path in ("/annuaire.csv", "/annuaire.json"):
        first = client.get(path)
        assert first.headers["Cache-Control"] == "public, max-age=300", path
        again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304, path


def test_a_signed_in_visitor_s_copy_stays_private(app, listed, factory):
    from tests.helpers import sign_in

    member = provider(factory)
    client = app.test_client()
    sign_in(app, client, member)
    page = client.get("/annuaire")
    assert page.status_code == 200 and "Numérique Évreux" in page.get_data(as_text=True)
    assert "public" not in page.headers["Cache-Control"]
