"""Issue 15 §2: bad input gets a 4xx (in French for people), never a 500."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from charter.definitions import questionnaire_of
from charter.extensions import db
from charter.models import Answer, Assessment, Role
from tests.helpers import sign_in
from tests.journey import draft_assessment, version_id
from tests.signing.helpers import region_officer

HUGE = "9223372036854775808"  # 2**63: far beyond any id column


def _answers(app, assessment_id):
    """Answers saved besides the sector and head-count prefilled from the profile."""
    from charter.referential import PROFILE_CONTEXT

    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(Answer)
            .filter_by(assessment_id=assessment_id)
            .where(Answer.question_id.not_in(list(PROFILE_CONTEXT)))
        )


def _token(client, path):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
@pytest.mark.parametrize("token", ["missing", "stale"])
def test_journey_posts_with_a_bad_token_are_4xx_and_keep_what_was_typed(app, factory, token):
    user = factory.user(Role.SME_MEMBER)
    assessment_id = draft_assessment(app, user)
    client = app.test_client()
    sign_in(app, client, user)
    data = {"csrf_token": _token(app.test_client(), "/connexion")} if token == "stale" else {}
    with app.app_context():
        questionnaire = questionnaire_of(
            db.session.get(Assessment, assessment_id).questionnaire_version
        )
    theme = questionnaire.themes[0]
    question = theme.questions[0]
    base = f"/pme/diagnostics/{assessment_id}"
    started = client.post(
        "/pme/diagnostics", data=data | {"version_id": version_id(app, "pme-essentiel")}
    )
    assert started.status_code == 400
    typed = data | {f"q-{question.id}": question.options[-1].key, f"c-{question.id}": "Typé ici"}
    page = client.post(f"{base}/themes/{theme.id}", data=typed)
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    assert "Typé ici" in text and "n&#39;a pas été enregistré" in text
    for path in ("contexte", "suppression", "envoi"):
        response = client.post(f"{base}/{path}", data=data)
        assert 300 <= response.status_code < 500, (path, response.status_code)
    assert _answers(app, assessment_id) == 0
    assert client.get(base + "/relecture").status_code == 200  # the draft is still there
    valid = client.post(
        f"{base}/themes/{theme.id}",
        data=typed | {"csrf_token": _token(client, f"{base}/themes/{theme.id}")},
    )
    assert valid.status_code == 302 and _answers(app, assessment_id) >= 1


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_the_provider_self_assessment_start_with_a_stale_token_is_400(app, factory):
    provider = factory.user(Role.PROVIDER_MEMBER)
    client = app.test_client()
    sign_in(app, client, provider)
    response = client.post("/prestataire/autoevaluation", data={"csrf_token": "stale"})
    assert response.status_code == 400


def test_ids_larger_than_the_database_holds_are_404_or_a_french_400(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    sign_in(app, client, user)
    assert client.get(f"/pme/diagnostics/{HUGE}").status_code == 404
    assert client.get(f"/pme/diagnostics/{HUGE}/resultats").status_code == 404
    refused = client.post("/pme/diagnostics", data={"version_id": HUGE})
    assert refused.status_code == 400
    assert "numéro envoyé n&#39;est pas valable" in refused.get_data(as_text=True)
    assert client.post("/pme/diagnostics", data={"version_id": "²"}).status_code == 400


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"acteur": HUGE}, 400),
        ({"acteur": "²"}, 200),
        ({"acteur": "12"}, 200),
        ({"au": "9999-12-31"}, 400),
        ({"du": "0001-01-01"}, 400),
        ({"du": "2026-01-01", "au": "2026-12-31"}, 200),
        ({"page": HUGE}, 200),
    ],
)
def test_audit_log_filters_out_of_range(app, client, factory, query, status):
    sign_in(app, client, region_officer(factory, Role.REGION_ADMIN))
    response = client.get("/region/journal", query_string=query)
    assert response.status_code == status
    if status == 400:
        assert "Erreur 400" in response.get_data(as_text=True)


def test_deeply_nested_json_is_a_400_on_any_route(app, client, factory):
    deep = "[" * 600 + "]" * 600
    for path in ("/connexion", "/mot-de-passe/oubli", "/pme/diagnostics/1/reponse"):
        response = client.post(path, data=deep, content_type="application/json")
        assert response.status_code == 400, path
    sign_in(app, client, factory.user(Role.SME_MEMBER))
    response = client.post(
        "/pme/diagnostics/1/reponse",
        data='{"a":' * 5000 + "1" + "}" * 5000,
        content_type="application/json",
    )
    assert response.status_code == 400


def test_a_lone_surrogate_in_an_autosave_comment_is_a_400(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    assessment_id = draft_assessment(app, user)
    sign_in(app, client, user)
    with app.app_context():
        question = questionnaire_of(
            db.session.get(Assessment, assessment_id).questionnaire_version
        ).questions()[0]
    body = json.dumps(
        {"question": question.id, "value": question.options[0].key, "comment": "\udfff"}
    )
    assert "\\udfff" in body
    response = client.post(
        f"/pme/diagnostics/{assessment_id}/reponse", data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "message" in response.json
    assert _answers(app, assessment_id) == 0


def test_restoring_a_corrupt_file_says_so_in_one_french_line(app, runner, tmp_path):
    corrupt = tmp_path / "abimee.sqlite3"
    corrupt.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    result = runner.invoke(args=["charter", "restore", "--yes", str(corrupt)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Erreur : ")
    assert "Traceback" not in result.output
