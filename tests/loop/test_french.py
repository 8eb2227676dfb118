"""French that reads right on the SME's pages (issue 17 §4)."""

from __future__ import annotations

from datetime import date

from charter.models import Role
from tests.helpers import sign_in
from tests.journey import draft_assessment, submitted_assessment


def test_the_first_of_the_month_is_written_1er(app):
    with app.test_request_context():
        render = app.jinja_env.filters["date_fr"]
        assert render(date(2026, 12, 1)) == "1er décembre 2026"
        assert render(date(2026, 12, 11)) == "11 décembre 2026"
        assert render(date(2026, 12, 21)) == "21 décembre 2026"


def test_no_plural_in_brackets_and_no_hash_on_the_results_page(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    assessment_id = submitted_assessment(app, user, pick="middle")
    sign_in(app, client, user)
    page = client.get(f"/pme/diagnostics/{assessment_id}/resultats").get_data(as_text=True)
    assert "(s)" not in page
    assert "SHA-256" not in page and data_hash(app, assessment_id) not in page
    draft_id = draft_assessment(app, user, slug="pme-complet")
    context = client.get(f"/pme/diagnostics/{draft_id}/contexte").get_data(as_text=True)
    assert "0 réponse sur " in context and "0 réponses" not in context


def data_hash(app, assessment_id: int) -> str:
    from charter.extensions import db
    from charter.models import Assessment

    with app.app_context():
        return db.session.get(Assessment, assessment_id).questionnaire_version.sha256
