"""No state in process memory (docs/design.md §10): two servers, one PostgreSQL, one Redis.

A person logs in through one server and carries on through the other, as a load balancer
without sticky sessions would send them; logging out on one ends the session on both; rate
limits count across both (Redis), per visitor address as the reverse proxy reports it
(``ProxyFix``), not per process.
"""

from __future__ import annotations

import pytest

from charter.definitions import questionnaire_of
from charter.extensions import db
from charter.models import Answer, Assessment, Role
from tests.journey import draft_assessment
from tests.production.servers import Browser

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]


def _first_question(app, assessment_id):
    with app.app_context():
        questionnaire = questionnaire_of(
            db.session.get(Assessment, assessment_id).questionnaire_version
        )
        theme = questionnaire.themes[0]
        return theme.id, theme.questions[0]


def test_a_session_opened_on_one_server_carries_on_through_the_other(
    app, factory, serve, redis_url
):
    user = factory.user(Role.SME_MEMBER)
    assessment_id = draft_assessment(app, user, "pme-complet")
    theme_id, question = _first_question(app, assessment_id)
    first, second = (serve(workers=2, redis_url=redis_url) for _ in range(2))
    browser = Browser(first)

    login = browser.log_in(user.email, user.password)
    assert "Secure" in login.headers["Set-Cookie"]  # the proxy said https: ProxyFix believed it
    assert "Strict-Transport-Security" in login.headers

    theme_page = f"/pme/diagnostics/{assessment_id}/themes/{theme_id}"
    assert browser.get(theme_page, server=second).status == 200
    saved = browser.save_answer(
        assessment_id, question.id, question.options[0].key, 0, server=second
    )
    assert saved.status == 200, saved.text
    again = browser.save_answer(
        assessment_id, question.id, question.options[-1].key, 1, server=first
    )
    assert again.status == 200, again.text
    assert again.json()["revision"] == 2
    with app.app_context():
        answer = db.session.scalar(
            db.select(Answer).filter_by(assessment_id=assessment_id, question_id=question.id)
        )
        assert (answer.value, answer.revision) == (question.options[-1].key, 2)

    copy = dict(browser.cookies)
    assert browser.get("/pme", server=second).status == 200
    assert browser.post("/deconnexion", server=second).status == 302
    thief = Browser(first)
    thief.cookies = copy
    refused = thief.get("/pme")
    assert refused.status == 302
    assert refused.location.startswith("/connexion")

    for server in (first, second):
        log = server.log_text()
        assert user.password not in log
        assert copy["ccn_session"] not in log


def test_rate_limits_are_shared_by_the_servers_and_counted_per_visitor(serve, redis_url):
    first, second = (
        serve(workers=2, redis_url=redis_url, LIMIT_LOGIN="4 per minute") for _ in range(2)
    )
    attacker = Browser(first, ip="198.51.100.7")
    statuses = []
    for attempt in range(5):
        server = (first, second)[attempt % 2]
        attacker.get("/connexion", server=server)
        response = attacker.post(
            "/connexion", {"email": "personne@exemple.fr", "password": "pas le bon"}, server=server
        )
        statuses.append(response.status)
    # Four workers in two processes: per-process counters would have let every attempt through.
    assert statuses == [200, 200, 200, 200, 429]

    neighbour = Browser(second, ip="198.51.100.8")
    neighbour.get("/connexion")
    response = neighbour.post("/connexion", {"email": "personne@exemple.fr", "password": "x"})
    assert response.status == 200
