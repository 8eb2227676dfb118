"""The SME self-diagnosis journey: start, context, themes, autosave, review, submit, results."""

from __future__ import annotations

import re

from sqlalchemy import select

from charter.definitions import definitions, questionnaire_of
from charter.extensions import db
from charter.models import Answer, Assessment, AssessmentStatus, QuestionnaireVersion, Role
from tests.helpers import sign_in
from tests.journey import answer_all, draft_assessment, submitted_assessment, version_id


def _questionnaire(app, assessment_id):
    with app.app_context():
        return questionnaire_of(db.session.get(Assessment, assessment_id).questionnaire_version)


def test_choose_page_lists_the_sme_questionnaires_with_duration(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    sign_in(app, client, user)
    page = client.get("/pme/diagnostics/nouveau").get_data(as_text=True)
    assert "Diagnostic essentiel" in page
    with app.app_context():
        minutes = definitions().questionnaires["pme-essentiel"].duration_minutes
    assert f"environ {minutes} minutes" in page
    with app.app_context():
        provider_title = db.session.scalar(
            select(QuestionnaireVersion.title).filter_by(slug="prestataire-charte")
        )
    assert provider_title not in page


def test_start_goes_to_the_context_page(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    sign_in(app, client, user)
    response = client.post(
        "/pme/diagnostics", data={"version_id": version_id(app, "pme-essentiel")}
    )
    assert re.fullmatch(r"/pme/diagnostics/\d+/contexte", response.headers["Location"])
    assert "Votre entreprise" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_provider_questionnaire_cannot_be_started_from_the_sme_area(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    sign_in(app, client, user)
    response = client.post(
        "/pme/diagnostics", data={"version_id": version_id(app, "prestataire-charte")}
    )
    assert response.status_code == 400


def test_theme_page_saves_without_javascript_and_moves_on(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    assessment_id = draft_assessment(app, user)
    sign_in(app, client, user)
    questionnaire = _questionnaire(app, assessment_id)
    theme = questionnaire.themes[0]
    data = {f"q-{q.id}": q.options[-1].key for q in theme.questions}
    data |= {f"r-{q.id}": "0" for q in theme.questions}
    data[f"c-{theme.questions[0].id}"] = "Disque externe rangé au bureau"
    response = client.post(f"/pme/diagnostics/{assessment_id}/themes/{theme.id}", data=data)
    assert response.headers["Location"].endswith(f"/themes/{questionnaire.themes[1].id}")
    with app.app_context():
        stored = {
            a.question_id: a
            for a in db.session.scalars(select(Answer).filter_by(assessment_id=assessment_id))
        }
    assert stored[theme.questions[0].id].comment == "Disque externe rangé au bureau"
    assert all(stored[q.id].value == q.options[-1].key for q in theme.questions)
    page = client.get(f"/pme/diagnostics/{assessment_id}/themes/{theme.id}").get_data(as_text=True)
    assert "checked" in page
    assert "Thème 1 sur" in page


def test_autosave_saves_one_answer_and_returns_its_revision(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    assessment_id = draft_assessment(app, user)
    sign_in(app, client, user)
    question = _questionnaire(app, assessment_id).questions()[0]
    url = f"/pme/diagnostics/{assessment_id}/reponse"
    first = client.post(
        url, json={"question": question.id, "value": question.options[0].key, "revision": 0}
    )
    assert first.status_code == 200
    assert first.json == {
        "status": "saved",
        "question": question.id,
        "revision": 1,
        "message": "Réponse enregistrée.",
    }
    second = client.post(url, json={"question": question.id, "value": "unknown", "revision": 1})
    assert second.json["revision"] == 2


def test_a_stale_tab_is_told_what_changed_and_overwrites_nothing(app, factory):
    user = factory.user(Role.SME_MEMBER)
    assessment_id = draft_assessment(app, user)
    tab_a, tab_b = app.test_client(), app.test_client()
    sign_in(app, tab_a, user)
    sign_in(app, tab_b, user)
    question = _questionnaire(app, assessment_id).questions()[0]
    best, worst = question.options[-1], question.options[0]
    url = f"/pme/diagnostics/{assessment_id}/reponse"
    assert (
        tab_a.post(
            url, json={"question": question.id, "value": best.key, "revision": 0}
        ).status_code
        == 200
    )
    stale = tab_b.post(url, json={"question": question.id, "value": worst.key, "revision": 0})
    assert stale.status_code == 409
    assert stale.json["status"] == "conflict"
    assert stale.json["value"] == best.key
    assert best.label in stale.json["message"]
    with app.app_context():
        assert (
            db.session.scalar(
                select(Answer.value).filter_by(assessment_id=assessment_id, question_id=question.id)
            )
            == best.key
        )
    # After reading the message, the user may replace it knowingly (new revision).
    assert (
        tab_b.post(
            url,
            json={"question": question.id, "value": worst.key, "revision": stale.json["revision"]},
        ).status_code
        == 200
    )


def test_saving_again_what_is_already_stored_is_not_a_conflict(app, factory):
    """A retry after a lost reply (the save was committed, the answer never came back) finds
    its own answer stored: it is told "saved", not "changed in another tab"."""
    user = factory.user(Role.SME_MEMBER)
    assessment_id = draft_assessment(app, user)
    client = app.test_client()
    sign_in(app, client, user)
    question = _questionnaire(app, assessment_id).questions()[0]
    url = f"/pme/diagnostics/{assessment_id}/reponse"
    payload = {"question": question.id, "value": question.options[0].key, "comment": "Vu"}
    assert client.post(url, json=payload | {"revision": 0}).json["revision"] == 1
    retry = client.post(url, json=payload | {"revision": 0})
    assert retry.status_code == 200
    assert (retry.json["status"], retry.json["revision"]) == ("saved", 1)
    other = client.post(url, json=payload | {"comment": "Autre", "revision": 0})
    assert other.status_code == 409


def test_a_stale_page_without_javascript_keeps_what_was_typed(app, factory):
    user = factory.user(Role.SME_MEMBER)
    assessment_id = draft_assessment(app, user)
    tab_a, tab_b = app.test_client(), app.test_client()
    sign_in(app, tab_a, user)
    sign_in(app, tab_b, user)
    questionnaire = _questionnaire(app, assessment_id)
    theme = questionnaire.themes[0]
    question = theme.questions[0]
    tab_a.post(
        f"/pme/diagnostics/{assessment_id}/reponse",
        json={"question": question.id, "value": question.options[-1].key, "revision": 0},
    )
    response = tab_b.post(
        f"/pme/diagnostics/{assessment_id}/themes/{theme.id}",
        data={
            f"q-{question.id}": question.options[0].key,
            f"r-{question.id}": "0",
            f"c-{question.id}": "mon commentaire à moi",
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "modifiée entre-temps" in page
    assert "mon commentaire à moi" in page


def test_invalid_answers_are_refused(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    assessment_id = draft_assessment(app, user)
    sign_in(app, client, user)
    url = f"/pme/diagnostics/{assessment_id}/reponse"
    question = _questionnaire(app, assessment_id).questions()[0]
    assert (
        client.post(
            url, json={"question": question.id, "value": "n'existe-pas", "revision": 0}
        ).status_code
        == 422
    )
    assert client.post(url, json={"question": "inconnue", "value": None}).status_code == 422
    assert client.post(url, json={"question": 3}).status_code == 400
    assert client.post(url, json=["not", "an", "object"]).status_code == 400
    assert client.post(url, data="not json").status_code == 400
    assert client.post(url, json={"question": question.id, "value": 7}).status_code == 400


def test_a_posted_score_or_organisation_is_ignored(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    other = factory.organization()
    assessment_id = draft_assessment(app, user)
    sign_in(app, client, user)
    question = _questionnaire(app, assessment_id).questions()[0]
    client.post(
        f"/pme/diagnostics/{assessment_id}/reponse",
        json={
            "question": question.id,
            "value": question.options[0].key,
            "revision": 0,
            "score": 3,
            "organization_id": other.id,
        },
    )
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        assert assessment.organization_id == user.organization_id
        assert assessment.result is None


def test_review_lists_unanswered_questions_with_links(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    assessment_id = draft_assessment(app, user)
    sign_in(app, client, user)
    page = client.get(f"/pme/diagnostics/{assessment_id}/relecture").get_data(as_text=True)
    first = _questionnaire(app, assessment_id).questions()[0]
    assert f"#q-{first.id}" in page
    assert "sans réponse" in page
    assert "Envoyer et voir mon résultat" not in page
    refused = client.post(f"/pme/diagnostics/{assessment_id}/envoi")
    assert refused.headers["Location"].endswith("/relecture")


def test_submission_freezes_the_scores(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    assessment_id = draft_assessment(app, user)
    answer_all(app, assessment_id, user.id, "middle")
    sign_in(app, client, user)
    assert "Envoyer et voir mon résultat" in client.get(
        f"/pme/diagnostics/{assessment_id}/relecture"
    ).get_data(as_text=True)
    response = client.post(f"/pme/diagnostics/{assessment_id}/envoi")
    assert response.headers["Location"].endswith(f"/{assessment_id}/resultats")
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        assert assessment.status is AssessmentStatus.SUBMITTED
        assert assessment.result["index"] == assessment.index
        frozen = dict(assessment.result)
    question = _questionnaire(app, assessment_id).questions()[0]
    late = client.post(
        f"/pme/diagnostics/{assessment_id}/reponse",
        json={"question": question.id, "value": "unknown", "revision": None},
    )
    assert late.status_code == 409
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).result == frozen
    theme_page = client.get(f"/pme/diagnostics/{assessment_id}/contexte")
    assert theme_page.headers["Location"].endswith("/resultats")


def test_results_page_holds_index_level_themes_and_the_six_priorities(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    first = _questionnaire(app, draft_assessment(app, user)).questions()[0]
    assessment_id = submitted_assessment(app, user, pick="worst", overrides={first.id: "unknown"})
    sign_in(app, client, user)
    page = client.get(f"/pme/diagnostics/{assessment_id}/resultats").get_data(as_text=True)
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        result = assessment.result
    assert f'<span class="score-value">{_fr(result["index"])}</span>' in page
    assert result["level"]["name"] in page
    assert len(result["priorities"]) == 6
    for entry in result["priorities"]:
        assert entry["title"].replace("'", "&#39;") in page
    assert "1 réponse « Je ne sais pas » : le résultat réel peut être plus bas" in page
    # One chart (a bar per theme) inside its data table: figures readable at any width.
    assert page.count('class="score-bar"') == len(result["themes"]) - sum(
        t["score"] is None for t in result["themes"]
    )
    assert "Comment le score est calculé" in page
    assert "Normandie Cyber" in page


def _fr(value):
    from charter.reports.formatting import number_text

    return number_text(value)


def test_a_new_diagnosis_can_start_from_the_previous_answers_and_shows_progress(
    app, client, factory
):
    user = factory.user(Role.SME_MEMBER)
    submitted_assessment(app, user, pick="worst")
    second = draft_assessment(app, user, copy_previous=True)
    with app.app_context():
        copied = db.session.scalars(select(Answer).filter_by(assessment_id=second)).all()
    assert len(copied) > 10
    answer_all(app, second, user.id, "best")
    with app.app_context():
        from charter.services.assessments import submit

        submit(db.session, actor_id=user.id, assessment_id=second)
    sign_in(app, client, user)
    page = client.get(f"/pme/diagnostics/{second}/resultats").get_data(as_text=True)
    assert "Vos progrès depuis le" in page
    assert "+" in page.split("Évolution")[1][:3000]


def test_dashboard_lists_drafts_and_sent_diagnoses(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    sign_in(app, client, user)
    empty = client.get("/pme").get_data(as_text=True)
    assert "pas encore fait de diagnostic" in empty
    draft_assessment(app, user)
    submitted_assessment(app, user)
    page = client.get("/pme").get_data(as_text=True)
    assert "en cours" in page and "Reprendre" in page
    assert "envoyé" in page and "Voir le résultat" in page


def test_resume_goes_to_the_first_incomplete_theme(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    assessment_id = draft_assessment(app, user)
    sign_in(app, client, user)
    assert client.get(f"/pme/diagnostics/{assessment_id}").headers["Location"].endswith("/contexte")
    questionnaire = _questionnaire(app, assessment_id)
    answer_all(app, assessment_id, user.id, "best")
    with app.app_context():
        last = questionnaire.themes[-1].questions[-1]
        db.session.execute(
            Answer.__table__.update()
            .where(Answer.assessment_id == assessment_id, Answer.question_id == last.id)
            .values(value=None)
        )
        db.session.commit()
    location = client.get(f"/pme/diagnostics/{assessment_id}").headers["Location"]
    assert location.endswith(f"/themes/{questionnaire.themes[-1].id}")


def test_a_draft_can_be_deleted_after_confirmation(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    assessment_id = draft_assessment(app, user)
    sign_in(app, client, user)
    assert "Supprimer ce brouillon ?" in client.get(
        f"/pme/diagnostics/{assessment_id}/suppression"
    ).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Assessment, assessment_id) is not None
    client.post(f"/pme/diagnostics/{assessment_id}/suppression")
    with app.app_context():
        assert db.session.get(Assessment, assessment_id) is None
