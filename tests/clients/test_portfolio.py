"""The provider's portfolio: shared results only, trend, filters, missing measures, CSV, and a
fixed number of SQL queries whatever the number of clients."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select, update

from charter.db import utcnow
from charter.extensions import db
from charter.models import Assessment, ClientLink, Organization, OrganizationKind, Role
from tests.factories import valid_siret
from tests.helpers import sign_in
from tests.journey import submitted_assessment


def test_sharing_clients_show_index_level_and_trend_others_show_not_shared(app, factory, provider):
    sharing = factory.user(Role.SME_MEMBER, factory.organization(name="Atelier Partagé"))
    private = factory.user(Role.SME_MEMBER, factory.organization(name="Garage Discret"))
    factory.client_link(provider.org, sharing.organization_id, share=True)
    factory.client_link(provider.org, private.organization_id, share=False)
    submitted_assessment(app, sharing, pick="worst")
    latest = submitted_assessment(app, sharing, pick="best")
    submitted_assessment(app, private, pick="best")
    client = app.test_client()
    sign_in(app, client, provider.member)
    page = client.get("/prestataire/clients").get_data(as_text=True)
    with app.app_context():
        index = db.session.get(Assessment, latest).index
    shared_row = page.split("Atelier Partagé")[1].split("</tr>")[0]
    private_row = page.split("Garage Discret")[1].split("</tr>")[0]
    assert "100" in shared_row and "Exemplaire" in shared_row and "en hausse" in shared_row
    assert index == 100
    assert "Non partagé" in private_row and "100" not in private_row


def test_filters_stale_never_and_level(app, factory, provider):
    fresh = factory.user(Role.SME_MEMBER, factory.organization(name="Frais"))
    old = factory.user(Role.SME_MEMBER, factory.organization(name="Ancien"))
    never = factory.user(Role.SME_MEMBER, factory.organization(name="Jamais"))
    for user in (fresh, old, never):
        factory.client_link(provider.org, user.organization_id, share=True)
    submitted_assessment(app, fresh, pick="best")
    stale = submitted_assessment(app, old, pick="worst")
    with app.app_context():
        db.session.execute(
            update(Assessment)
            .where(Assessment.id == stale)
            .values(submitted_at=utcnow() - timedelta(days=400))
        )
        db.session.commit()
    client = app.test_client()
    sign_in(app, client, provider.member)

    def names(query):
        page = client.get("/prestataire/clients" + query).get_data(as_text=True)
        return {n for n in ("Frais", "Ancien", "Jamais") if f">{n}</a>" in page}

    assert names("") == {"Frais", "Ancien", "Jamais"}
    assert names("?etat=stale") == {"Ancien"}
    assert names("?etat=never") == {"Jamais"}
    assert names("?niveau=exemplaire") == {"Frais"}
    assert "Aucun client ne correspond" in client.get(
        "/prestataire/clients?niveau=inconnu"
    ).get_data(as_text=True)


def test_the_most_often_missing_measures_with_counts(app, factory, provider):
    for _ in range(3):
        user = factory.user(Role.SME_MEMBER)
        factory.client_link(provider.org, user.organization_id, share=True)
        submitted_assessment(app, user, pick="worst")
    private = factory.user(Role.SME_MEMBER)
    factory.client_link(provider.org, private.organization_id, share=False)
    submitted_assessment(app, private, pick="worst")
    client = app.test_client()
    sign_in(app, client, provider.member)
    page = client.get("/prestataire/clients").get_data(as_text=True)
    section = page.split("qui manquent le plus")[1].split("</section>")[0]
    assert section.count("<li>") == 10
    assert "3 clients" in section and "4 clients" not in section


def test_csv_export_of_the_portfolio(app, factory, provider):
    user = factory.user(Role.SME_MEMBER, factory.organization(name="Boulangerie Test"))
    factory.client_link(provider.org, user.organization_id, share=True)
    submitted_assessment(app, user, pick="best")
    client = app.test_client()
    sign_in(app, client, provider.member)
    response = client.get("/prestataire/clients.csv")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Entreprise"
    assert rows[1][0] == "Boulangerie Test" and rows[1][3] == "oui" and rows[1][6] == "100,0"


def test_another_provider_sees_none_of_my_clients(app, factory, provider):
    user = factory.user(Role.SME_MEMBER, factory.organization(name="Client Privé De A"))
    factory.client_link(provider.org, user.organization_id, share=True)
    assessment_id = submitted_assessment(app, user)
    intruder = app.test_client()
    sign_in(app, intruder, factory.user(Role.PROVIDER_MEMBER))
    assert "Client Privé De A" not in intruder.get("/prestataire/clients").get_data(as_text=True)
    base = f"/prestataire/clients/{user.organization_id}"
    assert intruder.get(base).status_code == 404
    assert intruder.get(f"{base}/diagnostics/{assessment_id}/resultats").status_code == 404
    assert intruder.get(f"{base}/diagnostics/{assessment_id}/rapport.pdf").status_code == 404


def test_a_client_that_does_not_share_shows_only_its_name(app, factory, provider):
    user = factory.user(Role.SME_MEMBER, factory.organization(name="Menuiserie Secrète"))
    factory.client_link(provider.org, user.organization_id, share=False)
    assessment_id = submitted_assessment(app, user)
    client = app.test_client()
    sign_in(app, client, provider.member)
    base = f"/prestataire/clients/{user.organization_id}"
    assert "ne partage pas" in client.get(base).get_data(as_text=True)
    assert client.get(f"{base}/diagnostics/{assessment_id}/resultats").status_code == 404
    assert client.get(f"{base}/diagnostics/{assessment_id}/rapport.pdf").status_code == 404


def _bulk_clients(app, provider_id: int, count: int, template_result: dict) -> None:
    """``count`` SME clients, half sharing, each with two submitted diagnoses (bulk inserts)."""
    with app.app_context():
        version_id = db.session.scalar(select(Assessment.questionnaire_version_id).limit(1))
        start = db.session.scalar(select(func.max(Organization.id))) or 0
        orgs = [
            {
                "id": start + i + 1,
                "kind": OrganizationKind.SME,
                "name": f"Client {i:04d}",
                "siret": valid_siret(900_000 + start + i),
                "department": "76",
                "services": [],
                "directory_consent": False,
                "created_at": utcnow(),
            }
            for i in range(count)
        ]
        db.session.execute(insert(Organization), orgs)
        db.session.execute(
            insert(ClientLink),
            [
                {
                    "provider_id": provider_id,
                    "sme_id": o["id"],
                    "source": "invitation",
                    "share_results": i % 2 == 0,
                    "created_at": utcnow(),
                }
                for i, o in enumerate(orgs)
            ],
        )
        db.session.execute(
            insert(Assessment),
            [
                {
                    "organization_id": o["id"],
                    "questionnaire_version_id": version_id,
                    "status": "submitted",
                    "submitted_at": utcnow() - timedelta(days=days),
                    "created_at": utcnow(),
                    "updated_at": utcnow(),
                    "result": template_result,
                    "index": template_result["index"],
                    "level_id": template_result["level"]["id"],
                    "lock_version": 1,
                }
                for o in orgs
                for days in (10, 200)
            ],
        )
        db.session.commit()


@pytest.mark.slow
def test_the_portfolio_issues_the_same_number_of_queries_for_5_or_500_clients(
    app, factory, provider, query_counter
):
    seed = factory.user(Role.SME_MEMBER)
    with app.app_context():
        result = db.session.get(Assessment, submitted_assessment(app, seed)).result
    client = app.test_client()
    sign_in(app, client, provider.member)
    client.get("/prestataire/clients")  # warm the session row and caches

    _bulk_clients(app, provider.org.id, 5, result)
    with query_counter(app) as small:
        page = client.get("/prestataire/clients").get_data(as_text=True)
    assert page.count("Non partagé") == 2

    _bulk_clients(app, provider.org.id, 495, result)
    with query_counter(app) as large:
        page = client.get("/prestataire/clients").get_data(as_text=True)
    assert page.count("Non partagé") == 2 + 247
    assert large.count == small.count, (small.statements, large.statements)
    assert large.count <= 12
