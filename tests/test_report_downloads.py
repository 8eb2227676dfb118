"""Serving the PDF report and the exports of a submitted diagnosis (issue: scored report)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from charter.core.numbers import number_text
from charter.extensions import db
from charter.models import Answer, Assessment, Organization, Role
from tests.helpers import sign_in
from tests.journey import draft_assessment, submitted_assessment
from tests.reports.helpers import all_text, image_count, page_texts, qpdf_check


@pytest.fixture
def sent(app, factory):
    """An SME member and one of their submitted diagnoses (weak answers: six priorities)."""
    user = factory.user(Role.SME_MEMBER)
    return user, submitted_assessment(app, user, pick="worst")


def _result(app, assessment_id):
    with app.app_context():
        return db.session.get(Assessment, assessment_id).result


def test_the_report_holds_what_the_results_page_holds(app, client, sent, tmp_path):
    user, assessment_id = sent
    sign_in(app, client, user)
    response = client.get(f"/pme/diagnostics/{assessment_id}/rapport.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="rapport-entreprise-')
    assert disposition.endswith('.pdf"')
    pdf = response.data
    text = all_text(pdf)
    result = _result(app, assessment_id)
    with app.app_context():
        name = db.session.get(Organization, user.organization_id).name
    assert name in text
    assert number_text(result["index"]) in text
    assert result["level"]["name"] in text
    assert len(result["priorities"]) == 6
    for entry in result["priorities"]:
        assert entry["title"] in text
    pages = page_texts(pdf)
    assert f"page 1 / {len(pages)}" in pages[0]
    assert all(name in page for page in pages)
    assert qpdf_check(pdf, tmp_path).returncode == 0


def test_the_same_diagnosis_gives_the_same_bytes(app, client, sent):
    user, assessment_id = sent
    sign_in(app, client, user)
    first = client.get(f"/pme/diagnostics/{assessment_id}/rapport.pdf").data
    second = client.get(f"/pme/diagnostics/{assessment_id}/rapport.pdf").data
    assert first == second


def test_markup_in_a_name_or_comment_is_printed_literally(app, client, factory):
    org = factory.organization(name='Atelier <img src="/etc/hostname"/> & Fils')
    user = factory.user(Role.SME_MEMBER, org)
    assessment_id = draft_assessment(app, user)
    from tests.journey import answer_all

    answer_all(app, assessment_id, user.id, "middle")
    with app.app_context():
        db.session.execute(
            update(Answer)
            .where(Answer.assessment_id == assessment_id)
            .values(comment='<font color="red">rouge</font>')
        )
        db.session.commit()
        from charter.services.assessments import submit

        submit(db.session, actor_id=user.id, assessment_id=assessment_id)
    sign_in(app, client, user)
    pdf = client.get(f"/pme/diagnostics/{assessment_id}/rapport.pdf").data
    text = all_text(pdf)
    assert '<img src="/etc/hostname"/>' in text
    assert '<font color="red">rouge</font>' in text
    assert image_count(pdf) == 0


def test_another_sme_gets_404_and_a_draft_has_no_report(app, client, factory, sent):
    _owner, assessment_id = sent
    intruder = factory.user(Role.SME_MEMBER)
    sign_in(app, client, intruder)
    assert client.get(f"/pme/diagnostics/{assessment_id}/rapport.pdf").status_code == 404
    assert client.get(f"/pme/diagnostics/{assessment_id}/plan-action.csv").status_code == 404
    own_draft = draft_assessment(app, intruder)
    assert client.get(f"/pme/diagnostics/{own_draft}/rapport.pdf").status_code == 404


def test_the_action_plan_as_csv_for_french_spreadsheets(app, client, sent):
    user, assessment_id = sent
    sign_in(app, client, user)
    response = client.get(f"/pme/diagnostics/{assessment_id}/plan-action.csv")
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Rang", "Quand", "Mesure", "Statut"]
    result = _result(app, assessment_id)
    assert len(rows) - 1 == len(result["priorities"]) + len(result["others"])
    assert [r[2] for r in rows[1:7]] == [e["title"] for e in result["priorities"]]
    assert rows[1][1] == "Dans les 6 mois" and rows[7][1] == "Ensuite"


def test_the_action_plan_as_a_workbook(app, client, sent):
    user, assessment_id = sent
    sign_in(app, client, user)
    response = client.get(f"/pme/diagnostics/{assessment_id}/plan-action.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "Rang"
    assert sheet["A2"].value == 1  # a number, not text
    assert sheet["C2"].value == _result(app, assessment_id)["priorities"][0]["title"]


def test_all_answers_as_json_and_csv(app, client, sent):
    user, assessment_id = sent
    sign_in(app, client, user)
    data = json.loads(client.get(f"/pme/diagnostics/{assessment_id}/reponses.json").data)
    assert data["questionnaire"]["id"] == "pme-essentiel"
    assert data["index"] == _result(app, assessment_id)["index"]
    assert len(data["answers"]) >= 15
    assert all(a["answer"] for a in data["answers"])
    csv_rows = (
        client.get(f"/pme/diagnostics/{assessment_id}/reponses.csv")
        .data.decode("utf-8-sig")
        .splitlines()
    )
    assert csv_rows[0].startswith("Thème;Identifiant;Question;Réponse")
    assert len(csv_rows) == len(data["answers"]) + 1


def test_unknown_export_is_404(app, client, sent):
    user, assessment_id = sent
    sign_in(app, client, user)
    assert client.get(f"/pme/diagnostics/{assessment_id}/plan-action.pdf").status_code == 404
    assert client.get(f"/pme/diagnostics/{assessment_id}/secret.csv").status_code == 404


class TestRateLimit:
    @pytest.fixture
    def app_config(self):
        return {"RATELIMIT_ENABLED": True, "LIMIT_DOCUMENTS": "2 per minute"}

    def test_documents_are_rate_limited(self, app, client, sent):
        user, assessment_id = sent
        sign_in(app, client, user)
        url = f"/pme/diagnostics/{assessment_id}/rapport.pdf"
        assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.parametrize("others", [4, 5])
def test_peers_appear_only_with_five_other_organisations(app, client, factory, others):
    user = factory.user(Role.SME_MEMBER, factory.organization(sector="sante-social"))
    for _ in range(others):
        peer = factory.user(Role.SME_MEMBER, factory.organization(sector="sante-social"))
        submitted_assessment(app, peer, pick="best")
    assessment_id = submitted_assessment(app, user, pick="worst")
    sign_in(app, client, user)
    page = client.get(f"/pme/diagnostics/{assessment_id}/resultats").get_data(as_text=True)
    pdf_text = all_text(client.get(f"/pme/diagnostics/{assessment_id}/rapport.pdf").data)
    if others >= 5:
        assert "Comparaison avec des entreprises comparables" in page
        assert "5 autres organisations" in page
        assert "Santé" in pdf_text
    else:  # the page says why there is none
        assert "moins de 5 entreprises comparables pour l'instant" in page
