"""No answer is ever lost: expired sessions and CSRF tokens, and other tenants' identifiers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from charter.db import utcnow
from charter.definitions import questionnaire_of
from charter.extensions import db
from charter.models import Answer, Assessment, Role, UserSession
from tests.helpers import login, redirect_target, sign_in
from tests.journey import draft_assessment, submitted_assessment


def _first_question(app, assessment_id):
    with app.app_context():
        version = db.session.get(Assessment, assessment_id).questionnaire_version
        return questionnaire_of(version).questions()[0]


def _expire_sessions(app, user_id):
    with app.app_context():
        for row in db.session.scalars(select(UserSession).filter_by(user_id=user_id)):
            row.last_seen_at = utcnow() - timedelta(hours=3)
        db.session.commit()


def test_an_expired_session_keeps_saved_answers_and_resumes_after_login(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    assessment_id = draft_assessment(app, user)
    login(client, user)
    question = _first_question(app, assessment_id)
    url = f"/pme/diagnostics/{assessment_id}/reponse"
    saved = client.post(
        url,
        json={"question": question.id, "value": question.options[-1].key, "revision": 0},
        headers={"Accept": "application/json"},
    )
    assert saved.status_code == 200
    _expire_sessions(app, user.id)
    late = client.post(
        url,
        json={"question": question.id, "value": question.options[0].key, "revision": 1},
        headers={"Accept": "application/json"},
    )
    assert late.status_code == 401
    assert "réponses déjà enregistrées sont conservées" in late.json["message"]
    theme_url = f"/pme/diagnostics/{assessment_id}/themes/{question.id}"
    page = client.get(theme_url)
    assert page.headers["Location"].startswith("/connexion?next=")
    next_url = re.search(r"next=([^&]+)", page.headers["Location"]).group(1)
    back = login(client, user, next_url=next_url)
    assert back.headers["Location"] == theme_url
    with app.app_context():
        assert (
            db.session.scalar(
                select(Answer.value).filter_by(assessment_id=assessment_id, question_id=question.id)
            )
            == question.options[-1].key
        )


class TestCsrf:
    """CSRF stays on for autosave and theme pages, without losing what was typed."""

    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    @staticmethod
    def _csrf(client, path):
        page = client.get(path).get_data(as_text=True)
        return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)

    def test_autosave_needs_the_csrf_header(self, app, client, factory):
        user = factory.user(Role.SME_MEMBER)
        assessment_id = draft_assessment(app, user)
        sign_in(app, client, user)
        question = _first_question(app, assessment_id)
        url = f"/pme/diagnostics/{assessment_id}/reponse"
        body = {"question": question.id, "value": question.options[-1].key, "revision": 0}
        refused = client.post(url, json=body)
        assert refused.status_code == 400
        assert refused.json["error"] == "csrf"
        token = self._csrf(client, f"/pme/diagnostics/{assessment_id}/contexte")
        assert client.post(url, json=body, headers={"X-CSRFToken": token}).status_code == 200

    def test_the_csrf_token_lives_as_long_as_the_session(self, app, client, factory):
        assert app.config["WTF_CSRF_TIME_LIMIT"] is None
        user = factory.user(Role.SME_MEMBER)
        assessment_id = draft_assessment(app, user)
        sign_in(app, client, user)
        token = self._csrf(client, f"/pme/diagnostics/{assessment_id}/contexte")
        question = _first_question(app, assessment_id)
        from unittest import mock

        from charter.db import utcnow as real_now

        later = real_now() + timedelta(hours=5)
        with mock.patch("itsdangerous.timed.time.time", return_value=later.timestamp()):
            response = client.post(
                f"/pme/diagnostics/{assessment_id}/reponse",
                json={"question": question.id, "value": "unknown", "revision": 0},
                headers={"X-CSRFToken": token},
            )
        assert response.status_code != 400

    def test_a_stale_csrf_token_on_a_theme_page_keeps_what_was_typed(self, app, client, factory):
        user = factory.user(Role.SME_MEMBER)
        assessment_id = draft_assessment(app, user)
        sign_in(app, client, user)
        with app.app_context():
            version = db.session.get(Assessment, assessment_id).questionnaire_version
            theme = questionnaire_of(version).themes[0]
        question = theme.questions[0]
        response = client.post(
            f"/pme/diagnostics/{assessment_id}/themes/{theme.id}",
            data={
                "csrf_token": "expired-or-forged",
                f"q-{question.id}": question.options[-1].key,
                f"r-{question.id}": "0",
                f"c-{question.id}": "texte tapé avant l'expiration",
            },
        )
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        assert "texte tapé avant l" in page
        assert f'value="{question.options[-1].key}" checked' in page
        with app.app_context():  # nothing was saved with a bad token
            assert db.session.scalar(_typed(assessment_id)) is None

    def test_a_stale_csrf_token_never_bypasses_the_login(self, app, client, factory):
        user = factory.user(Role.SME_MEMBER)
        assessment_id = draft_assessment(app, user)
        response = client.post(
            f"/pme/diagnostics/{assessment_id}/themes/sauvegardes", data={"csrf_token": "forged"}
        )
        saves = f"/pme/diagnostics/{assessment_id}/themes/sauvegardes"
        assert redirect_target(response) == f"/connexion?next={saves}"


class TestOtherTenants:
    """Another SME gets a 404 for every identifier of this one."""

    def test_draft_answer_save_and_results_are_404_for_another_sme(self, app, client, factory):
        owner = factory.user(Role.SME_MEMBER)
        intruder = factory.user(Role.SME_MEMBER)
        draft = draft_assessment(app, owner)
        sent = submitted_assessment(app, owner)
        question = _first_question(app, draft)
        sign_in(app, client, intruder)
        for path in (
            f"/pme/diagnostics/{draft}",
            f"/pme/diagnostics/{draft}/contexte",
            f"/pme/diagnostics/{draft}/themes/sauvegardes",
            f"/pme/diagnostics/{draft}/relecture",
            f"/pme/diagnostics/{draft}/suppression",
            f"/pme/diagnostics/{sent}/resultats",
        ):
            assert client.get(path).status_code == 404, path
        save = client.post(
            f"/pme/diagnostics/{draft}/reponse", json={"question": question.id, "value": "unknown"}
        )
        assert save.status_code == 404
        assert client.post(f"/pme/diagnostics/{draft}/envoi").status_code == 404
        assert client.post(f"/pme/diagnostics/{draft}/suppression").status_code == 404
        with app.app_context():
            assert db.session.scalar(_typed(draft)) is None
            assert db.session.get(Assessment, draft) is not None


def _typed(assessment_id: int):
    """The draft's answers besides those prefilled from the company profile."""
    from charter.referential import PROFILE_CONTEXT

    return (
        select(Answer)
        .filter_by(assessment_id=assessment_id)
        .where(Answer.question_id.not_in(list(PROFILE_CONTEXT)))
    )
