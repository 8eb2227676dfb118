"""Ask once (issue 17 §4): one list of sectors and size bands everywhere, the diagnosis
prefilled from the profile, and the profile updated (saying so) when the answer changes."""

from __future__ import annotations

import pytest

from charter.definitions import definitions
from charter.extensions import db
from charter.models import Organization, Role
from charter.referential import PROFILE_LISTS, SECTORS, SIZE_BANDS
from tests.helpers import sign_in
from tests.journey import draft_assessment, submitted_assessment
from tests.reports.helpers import all_text


@pytest.mark.parametrize("slug", ["pme-essentiel", "pme-complet"])
def test_the_questionnaires_offer_the_referential_lists(app, slug):
    with app.test_request_context():
        questionnaire = definitions().questionnaires[slug]
        for question_id, listing in PROFILE_LISTS.items():
            context = next(c for c in questionnaire.context if c.id == question_id)
            assert [(o.key, o.label) for o in context.options] == [
                (code, str(label)) for code, label in listing.items()
            ]
    assert "metiers-de-bouche" in SECTORS and "250-ou-plus" in SIZE_BANDS


def test_the_diagnosis_starts_from_the_profile_and_updates_it(app, client, factory):
    organization = factory.organization(sector="metiers-de-bouche", size_band="10-49")
    user = factory.user(Role.SME_MEMBER, organization=organization)
    draft_id = draft_assessment(app, user)
    sign_in(app, client, user)
    page = client.get(f"/pme/diagnostics/{draft_id}/contexte").get_data(as_text=True)
    assert 'value="metiers-de-bouche" checked' in page or (
        'value="metiers-de-bouche"' in page and "checked" in page
    )
    with app.app_context():
        from charter.models import Assessment

        answers = {a.question_id: a.value for a in db.session.get(Assessment, draft_id).answers}
    assert answers["secteur"] == "metiers-de-bouche" and answers["effectif"] == "10-49"

    form = {f"q-{k}": v for k, v in answers.items()}
    form |= {f"r-{k}": "1" for k in answers}
    form["q-effectif"] = "250-ou-plus"
    for question_id in ("wifi", "mobiles", "hors-locaux"):
        form.setdefault(f"q-{question_id}", "non")
    response = client.post(f"/pme/diagnostics/{draft_id}/contexte", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    page = client.get(response.location).get_data(as_text=True)
    assert "Le profil de votre entreprise est mis à jour : 250 personnes ou plus." in page
    with app.app_context():
        assert db.session.get(Organization, organization.id).size_band == "250-ou-plus"


def test_the_pdf_profile_follows_the_diagnosis_answers(app, client, factory):
    user = factory.user(Role.SME_MEMBER)  # profile: commerce, 1 to 9
    assessment_id = submitted_assessment(
        app, user, overrides={"secteur": "industrie", "effectif": "50-249"}
    )
    sign_in(app, client, user)
    text = all_text(client.get(f"/pme/diagnostics/{assessment_id}/rapport.pdf").data)
    assert "Industrie, production, fabrication" in text and "50 à 249 personnes" in text
    assert "Commerce, boutique" not in text
