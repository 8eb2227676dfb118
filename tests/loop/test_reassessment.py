"""Re-assessing (issue 17 §2): one draft per questionnaire, previous answers with a banner,
unreviewed answers marked until saved again, and what changed on the results."""

from __future__ import annotations

from sqlalchemy import func, select

from charter.definitions import questionnaire_of
from charter.extensions import db
from charter.models import Assessment, AssessmentStatus, Role
from tests.helpers import sign_in
from tests.journey import submitted_assessment, version_id

REVIEW = "Réponse reprise du diagnostic précédent, à revoir"


def _start(client, app, copy: bool = False):
    data = {"version_id": version_id(app, "pme-essentiel")}
    if copy:
        data["copy_previous"] = "1"
    return client.post("/pme/diagnostics", data=data)


def _drafts(app, organization_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(Assessment)
            .where(
                Assessment.organization_id == organization_id,
                Assessment.status == AssessmentStatus.DRAFT,
            )
        )


def test_starting_again_resumes_the_draft_of_the_same_questionnaire(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    sign_in(app, client, user)
    first = _start(client, app)
    assert first.status_code == 302
    again = _start(client, app)
    assert again.status_code == 302 and "/diagnostics/" in again.location
    assert _drafts(app, user.organization_id) == 1
    page = client.get(again.location, follow_redirects=True).get_data(as_text=True)
    assert "Vous aviez déjà commencé ce questionnaire" in page
    dashboard = client.get("/pme").get_data(as_text=True)
    assert dashboard.count("Reprendre<") == 1
    choose = client.get("/pme/diagnostics/nouveau").get_data(as_text=True)
    assert "Reprendre : " in choose


def test_a_reassessment_starts_from_previous_answers_marked_until_reviewed(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    previous_id = submitted_assessment(app, user, pick="worst")
    sign_in(app, client, user)
    response = _start(client, app, copy=True)
    context_page = client.get(response.location).get_data(as_text=True)
    assert "Ce diagnostic part de vos réponses du" in context_page
    with app.app_context():
        draft = db.session.scalars(
            select(Assessment).filter_by(status=AssessmentStatus.DRAFT)
        ).one()
        assert draft.based_on_id == previous_id
        questionnaire = questionnaire_of(draft.questionnaire_version)
        theme = questionnaire.themes[0]
        draft_id = draft.id
    theme_url = f"/pme/diagnostics/{draft_id}/themes/{theme.id}"
    page = client.get(theme_url).get_data(as_text=True)
    assert page.count(REVIEW) >= 1

    # Saving the page as it is reviews its answers (and only those).
    with app.app_context():
        draft = db.session.get(Assessment, draft_id)
        answers = {a.question_id: a for a in draft.answers}
        form = {}
        for question in theme.questions:
            if question.id in answers:
                form[f"q-{question.id}"] = answers[question.id].value
                form[f"r-{question.id}"] = str(answers[question.id].revision)
    assert client.post(theme_url, data=form).status_code == 302
    assert REVIEW not in client.get(theme_url).get_data(as_text=True)
    other = f"/pme/diagnostics/{draft_id}/themes/{questionnaire.themes[1].id}"
    assert REVIEW in client.get(other).get_data(as_text=True)


def test_the_dashboard_shows_the_score_over_time_once_there_are_two(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    submitted_assessment(app, user, pick="worst")
    sign_in(app, client, user)
    assert "votre score au fil du temps" not in client.get("/pme").get_data(as_text=True)
    submitted_assessment(app, user, pick="best")
    page = client.get("/pme").get_data(as_text=True)
    assert "Diagnostic essentiel : votre score au fil du temps" in page
    table = page[page.index("votre score au fil du temps") :]
    assert "Score global" in table and '<td class="number">100' in table


def test_the_review_shows_every_answer_with_a_link_to_change_it(app, client, factory):
    from tests.journey import answer_all, draft_assessment

    user = factory.user(Role.SME_MEMBER)
    draft_id = draft_assessment(app, user)
    answer_all(app, draft_id, user.id, "unknown")
    sign_in(app, client, user)
    page = client.get(f"/pme/diagnostics/{draft_id}/relecture").get_data(as_text=True)
    with app.app_context():
        questionnaire = questionnaire_of(db.session.get(Assessment, draft_id).questionnaire_version)
    theme = questionnaire.themes[0]
    question = theme.questions[0]
    assert "Vos réponses" in page
    assert f"/pme/diagnostics/{draft_id}/themes/{theme.id}#q-{question.id}" in page
    assert page.count("Je ne sais pas</dd>") == 0 and "Je ne sais pas — " in page
