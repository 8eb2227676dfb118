"""The provider's own self-assessment on the shared journey, and its dashboard summary."""

from __future__ import annotations

from datetime import timedelta

from charter.db import utcnow
from charter.extensions import db
from charter.models import Assessment, Role
from tests.helpers import sign_in
from tests.journey import submitted_assessment, version_id


def test_the_provider_takes_its_self_assessment_on_the_same_journey(app, provider):
    client = app.test_client()
    sign_in(app, client, provider.member)
    choose = client.get("/prestataire/autoevaluation/nouveau").get_data(as_text=True)
    assert "Autoévaluation du prestataire signataire" in choose
    assert "Diagnostic essentiel" not in choose
    response = client.post(
        "/prestataire/autoevaluation", data={"version_id": version_id(app, "prestataire-charte")}
    )
    assert response.headers["Location"].startswith("/prestataire/autoevaluation/")
    assert (
        client.post(
            "/prestataire/autoevaluation", data={"version_id": version_id(app, "pme-essentiel")}
        ).status_code
        == 400
    )


def test_the_dashboard_shows_the_latest_result_and_what_to_improve(app, provider):
    assessment_id = submitted_assessment(app, provider.member, "prestataire-charte", "worst")
    client = app.test_client()
    sign_in(app, client, provider.member)
    page = client.get("/prestataire").get_data(as_text=True)
    with app.app_context():
        result = db.session.get(Assessment, assessment_id).result
    assert "Dernière auto-évaluation" in page
    assert result["priorities"][0]["title"].replace("'", "&#39;") in page
    results = client.get(f"/prestataire/autoevaluation/{assessment_id}/resultats")
    assert results.status_code == 200


def test_the_dashboard_counts_accompanied_diagnoses_over_twelve_months(app, factory, provider):
    sme = factory.user(Role.SME_MEMBER)
    factory.client_link(
        provider.org, sme.organization_id, share=True, at=utcnow() - timedelta(days=30)
    )
    submitted_assessment(app, sme)
    submitted_assessment(app, sme)
    client = app.test_client()
    sign_in(app, client, provider.member)
    assert "2 diagnostics accompagnés ces 12 derniers mois" in client.get("/prestataire").get_data(
        as_text=True
    )


def test_another_providers_self_assessment_is_404(app, factory, provider):
    assessment_id = submitted_assessment(app, provider.member, "prestataire-charte")
    intruder = app.test_client()
    sign_in(app, intruder, factory.user(Role.PROVIDER_MEMBER))
    assert intruder.get(f"/prestataire/autoevaluation/{assessment_id}/resultats").status_code == 404
    assert (
        intruder.get(f"/prestataire/autoevaluation/{assessment_id}/rapport.pdf").status_code == 404
    )
