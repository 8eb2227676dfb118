"""The provider's dashboard shows its verdict as the Region sees it, as a checklist with what to
do and until when each rule counts."""

from __future__ import annotations

from charter.models import Role
from tests.helpers import sign_in
from tests.journey import submitted_assessment
from tests.region.helpers import compliant_provider
from tests.signing.helpers import provider, region_officer


def dashboard(app, member) -> str:
    client = app.test_client()
    sign_in(app, client, member)
    response = client.get("/prestataire")
    assert response.status_code == 200
    return response.text


def test_validated_today_without_self_assessment_sees_what_to_do(app, factory):
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = provider(factory, name="Nouveau Venu")
    factory.signature(member, validate_by=admin)
    page = dashboard(app, member)
    assert "Votre conformité, telle que la Région la voit" in page
    assert "À régulariser" in page
    assert "Aucune autoévaluation transmise" in page
    assert 'href="/prestataire/autoevaluation">Faire mon autoévaluation' in page
    assert "Aucun diagnostic client accompagné" in page
    assert 'href="/prestataire/invitations">Inviter un client' in page
    assert "pour un seuil de" not in page  # no self-assessment yet: the rule is spelled out
    assert "au moins 60 sur 100" in page
    assert "Rien à faire pour le moment" not in page


def test_the_checklist_changes_when_a_self_assessment_is_sent(app, factory):
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = provider(factory)
    factory.signature(member, validate_by=admin)
    assert "Aucune autoévaluation transmise" in dashboard(app, member)
    submitted_assessment(app, member, slug="prestataire-charte", pick="best")
    page = dashboard(app, member)
    assert "Aucune autoévaluation transmise" not in page
    assert "Votre autoévaluation expire le" in page
    assert "pour un seuil de 60 sur 100" in page
    assert "Toutes les questions essentielles sont satisfaites." in page


def test_a_low_self_assessment_shows_the_threshold_and_the_essentials(app, factory):
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = provider(factory)
    factory.signature(member, validate_by=admin)
    submitted_assessment(app, member, slug="prestataire-charte", pick="worst")
    page = dashboard(app, member)
    assert "Indice de l&#39;autoévaluation inférieur au seuil requis" in page or (
        "inférieur au seuil requis" in page
    )
    assert "pour un seuil de 60 sur 100" in page
    assert "questions essentielles ne sont pas satisfaites" in page
    assert "Faire mon autoévaluation" in page


def test_a_compliant_provider_sees_three_ticks_and_their_dates(app, factory):
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = compliant_provider(factory, admin)
    page = dashboard(app, member)
    assert "Conforme" in page and "À régulariser" not in page
    assert page.count("check check-ok") == 3
    assert "Valide jusqu" in page
    assert "Votre autoévaluation expire le" in page
    assert "Ils comptent jusqu" in page
    assert "1 diagnostic accompagné ces 12 derniers mois, pour un minimum de 1." in page


def test_a_pending_signature_explains_instead_of_linking_to_invitations(app, factory):
    member = provider(factory)
    factory.signature(member)
    page = dashboard(app, member)
    assert "Non conforme" in page
    assert "La Région examine votre signature" in page
    assert 'href="/prestataire/invitations"' not in page
    assert "Vous pourrez inviter vos clients dès que votre signature" in page
