"""The signatory page reads the kept standing: its verdict, and a query count that does not
depend on the number of signatories."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from charter.extensions import db
from charter.models import Role, SignatoryStanding
from tests.journey import submitted_assessment
from tests.region.helpers import compliant_provider, officer_client
from tests.signing.helpers import provider, region_officer


def _providers(factory, admin, start: int, stop: int) -> None:
    for n in range(start, stop):
        member = provider(factory, name=f"P{n:03d}", department="14")
        if n % 2:
            factory.signature(member, validate_by=admin)
            if n % 4 == 1:
                submitted_assessment(factory.app, member, slug="prestataire-charte")


def test_the_page_issues_a_fixed_number_of_queries(app, factory, query_counter):
    """1 or 56 other signatories: the same queries for the page of one of them."""
    admin = region_officer(factory, Role.REGION_ADMIN)
    shown = compliant_provider(factory, admin, name="Zeta Conseil")
    submitted_assessment(app, shown, slug="prestataire-charte", pick="best")
    region = officer_client(app, factory)
    url = f"/region/signataires/{shown.organization_id}"
    counts = []
    for start, stop in ((0, 1), (1, 57)):
        _providers(factory, admin, start, stop)
        region.get(url)  # warm-up (session row, caches)
        with query_counter(app) as counter:
            response = region.get(url)
        assert response.status_code == 200
        assert "Zeta Conseil" in response.text and "Conforme" in response.text
        counts.append(counter.count)
    # session and account, stale check, organisation, kept row, signatures, members,
    # self-assessment, timeline (2), change requests
    assert counts[0] == counts[1] <= 12, counts


@pytest.mark.standing_unchecked
def test_the_verdict_shown_is_the_kept_one(app, factory, region):
    """The page shows the kept row (written with each fact), not a recomputation."""
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = compliant_provider(factory, admin, name="Granit Conseil")
    url = f"/region/signataires/{member.organization_id}"
    assert "Toutes les règles sont respectées" in region.get(url).text
    with app.app_context():
        db.session.execute(
            update(SignatoryStanding)
            .where(SignatoryStanding.organization_id == member.organization_id)
            .values(
                verdict="a_regulariser", verdict_rank=1, reasons="outreach_missing", accompanied=0
            )
        )
        db.session.commit()
    page = region.get(url).text
    assert "À régulariser" in page and "Aucun diagnostic client accompagné" in page


def test_the_self_assessment_summary_counts_every_one_sent(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = provider(factory, name="Granit Conseil")
    factory.signature(member, validate_by=admin)
    submitted_assessment(app, member, slug="prestataire-charte", pick="worst")
    submitted_assessment(app, member, slug="prestataire-charte", pick="best")
    page = region.get(f"/region/signataires/{member.organization_id}").text
    summary = page[page.index("Dernière autoévaluation") :]
    assert "Autoévaluations envoyées</dt><dd>2<" in summary
    assert "100 sur 100" in summary or "100,0 sur 100" in summary
    assert "Exemplaire" in summary
