"""The compliance list's content is memoised (charter/region/compliance_content.py): a decision,
an event or a request for changes shows on the very next view, and what differs between two
officers is never shared."""

from __future__ import annotations

from charter.models import Role
from tests.helpers import without_tokens
from tests.journey import submitted_assessment
from tests.region.helpers import compliant_provider, officer_client
from tests.signing.helpers import provider, region_officer

LIST = "/region/signataires"


def _row(page: str, name: str) -> str:
    """The table row of ``name`` in a page of the list."""
    start = page.index(name)
    return page[page.rindex("<tr>", 0, start) : page.index("</tr>", start)]


def _decide(client, organization_id: int, action: str, reason: str) -> None:
    url = f"/region/signataires/{organization_id}/decision/{action}"
    response = client.post(url, data={"reason": reason, "confirmed": "1"})
    assert response.status_code == 302, response.text


def test_the_same_view_twice_is_served_from_the_memo(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    compliant_provider(factory, admin, name="Granit Conseil")
    first = region.get(LIST).text
    store = app.extensions["fragments"]
    hits = store.hits
    # The same page but for the form tokens, which carry the second they were made in.
    assert without_tokens(region.get(LIST).text) == without_tokens(first)
    assert store.hits == hits + 1  # the tests below do exercise the memoised text


def test_a_decision_shows_on_the_next_view_of_the_list(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = compliant_provider(factory, admin, name="Granit Conseil")
    for _ in range(2):  # rendered, then memoised
        row = _row(region.get(LIST).text, "Granit Conseil")
        assert "Conforme" in row and "Valide" in row and "Suspendue" not in row

    _decide(region, member.organization_id, "suspendre", "Plainte d'un client fondée.")
    row = _row(region.get(LIST).text, "Granit Conseil")
    assert "Non conforme" in row and "Suspendue" in row and "Signature suspendue" in row

    _decide(region, member.organization_id, "retablir", "Plainte retirée.")
    row = _row(region.get(LIST).text, "Granit Conseil")
    assert "Conforme" in row and "Valide" in row and "Suspendue" not in row


def test_a_self_assessment_shows_on_the_next_view_of_the_list(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = provider(factory, name="Bocage Réseaux")
    factory.signature(member, validate_by=admin)
    for _ in range(2):
        row = _row(region.get(f"{LIST}?tri=verdict").text, "Bocage Réseaux")
        assert "Aucune autoévaluation transmise" in row
    submitted_assessment(app, member, slug="prestataire-charte", pick="best")
    row = _row(region.get(f"{LIST}?tri=verdict").text, "Bocage Réseaux")
    assert "Aucune autoévaluation transmise" not in row
    assert '<td class="number" data-label="Indice">—</td>' not in row  # an index is shown


def test_a_request_for_changes_shows_on_the_next_view_of_the_list(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = compliant_provider(factory, admin, name="Granit Conseil")
    assert "Demande en cours" not in _row(region.get(LIST).text, "Granit Conseil")
    _decide(region, member.organization_id, "demander-des-modifications", "Vos services ?")
    assert "Demande en cours" in _row(region.get(LIST).text, "Granit Conseil")


def test_the_import_link_is_not_shared_between_officers(app, factory, region):
    compliant_provider(factory, region_officer(factory, Role.REGION_ADMIN), name="Granit")
    administrator = officer_client(app, factory, Role.REGION_ADMIN)
    link = "Importer les signataires de la charte sur papier"
    assert link not in region.get(LIST).text
    assert link in administrator.get(LIST).text
    assert link not in region.get(LIST).text
