"""The compliance list: columns, verdicts and reasons, filters, sorting, pages, query count."""

from __future__ import annotations

from charter.models import Role
from tests.journey import submitted_assessment
from tests.region.helpers import bare_provider, compliant_provider, officer_client
from tests.signing.helpers import provider, region_officer


def test_every_provider_is_listed_with_its_verdict_and_reasons(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    compliant_provider(factory, admin, name="Granit Conseil", department="50")
    signed_only = provider(factory, name="Bocage Réseaux", department="61")
    factory.signature(signed_only, validate_by=admin)
    bare_provider(factory, name="Jamais Signé", department="27")
    page = region.get("/region/signataires").get_data(as_text=True)
    assert "3 signataires" in page
    granit = page[page.index("Granit Conseil") :]
    assert "Conforme" in granit[:3000]
    bocage = page[page.index("Bocage Réseaux") :]
    assert "À régulariser" in bocage[:3000]
    assert "Aucune autoévaluation transmise" in bocage[:3000]
    assert "Aucun diagnostic client accompagné" in bocage[:3000]
    never = page[page.index("Jamais Signé") :]
    assert "Non conforme" in never[:3000] and "Aucune signature de la charte" in never[:3000]


def test_filters_live_in_the_address_and_combine(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    compliant_provider(factory, admin, name="Granit Conseil", department="50")
    late = provider(factory, name="Seine Lente", department="76")
    factory.signature(late, validate_by=admin)
    other = provider(factory, name="Manche Lente", department="50")
    factory.signature(other, validate_by=admin)
    page = region.get("/region/signataires?verdict=a_regulariser&departement=50").text
    assert "Manche Lente" in page and "Seine Lente" not in page and "Granit" not in page
    assert "1 signataire" in page
    assert 'value="50" selected' in page and 'value="a_regulariser" selected' in page
    # the export links carry the same filters
    assert "/region/signataires.csv?departement=50&amp;verdict=a_regulariser" in page
    by_text = region.get("/region/signataires?q=seine").text
    assert "Seine Lente" in by_text and "Manche Lente" not in by_text


def test_search_by_siret_and_by_status(app, factory, region):
    target = bare_provider(factory, name="Cherché")
    bare_provider(factory, name="Autre")
    page = region.get(f"/region/signataires?q={target.siret[:9]}").text
    assert "Cherché" in page and "Autre" not in page
    none = region.get("/region/signataires?statut=none").text
    assert "2 signataires" in none
    assert "Aucun signataire ne correspond" in region.get("/region/signataires?statut=active").text


def test_sorting_on_a_column_and_its_reverse(app, factory, region):
    for name in ("Alpha", "Charlie", "Bravo"):
        bare_provider(factory, name=name)
    page = region.get("/region/signataires").text
    assert page.index("Alpha") < page.index("Bravo") < page.index("Charlie")
    assert 'aria-sort="ascending"' in page
    reverse = region.get("/region/signataires?ordre=desc").text
    assert reverse.index("Charlie") < reverse.index("Bravo") < reverse.index("Alpha")
    assert 'aria-sort="descending"' in reverse
    by_siret = region.get("/region/signataires?tri=siret").text
    assert by_siret.count('aria-sort="ascending"') == 1


def test_unknown_filter_values_are_ignored(app, factory, region):
    bare_provider(factory, name="Présent")
    response = region.get("/region/signataires?verdict=x&tri=%3Cscript%3E&departement=99&page=-4")
    assert response.status_code == 200 and "Présent" in response.text


def test_pagination_keeps_the_filters(app, factory, region):
    for n in range(30):
        bare_provider(factory, name=f"Prestataire {n:02d}", department="14")
    page = region.get("/region/signataires?departement=14&par_page=25").text
    assert "page 1 sur 2" in page
    assert "departement=14" in page[page.index('rel="next"') - 200 :][:400]
    second = region.get("/region/signataires?departement=14&par_page=25&page=2").text
    assert "Prestataire 29" in second and "Prestataire 00" not in second


def _providers(factory, admin, start: int, stop: int) -> None:
    for n in range(start, stop):
        member = provider(factory, name=f"P{n:03d}", department="14")
        if n % 2:
            factory.signature(member, validate_by=admin)
            if n % 4 == 1:
                submitted_assessment(factory.app, member, slug="prestataire-charte")


def test_the_page_issues_a_fixed_number_of_queries(app, factory, query_counter):
    """5 or 60 signatories, sorted by verdict, 100 per page: the same number of queries."""
    admin = region_officer(factory, Role.REGION_ADMIN)
    compliant_provider(factory, admin, name="Zeta")
    region = officer_client(app, factory)
    counts = []
    for start, stop in ((0, 4), (4, 59)):
        _providers(factory, admin, start, stop)
        region.get("/region/signataires?par_page=100")  # warm-up (session row, caches)
        with query_counter(app) as counter:
            response = region.get("/region/signataires?par_page=100&tri=verdict")
        assert response.status_code == 200
        assert response.text.count("<tr>") == stop + 2  # header row + every provider
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 12, counts
