"""The memoised question blocks of the journey's pages (charter/assessments/blocks.py): a
changed answer shows on the next view, two drafts never share their answers, and the filled
text is the text a direct rendering of the same answers gives."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import render_template
from jinja2 import ChoiceLoader, DictLoader

from charter.assessments import blocks
from charter.assessments.fields import FieldRenderer, register_renderer, renderer_for
from charter.assessments.glossary import question_terms
from charter.assessments.pages import QuestionView
from charter.core.questionnaire import NOT_APPLICABLE, UNKNOWN
from charter.definitions import questionnaire_of
from charter.extensions import db
from charter.fragments import memo
from charter.models import Assessment, Role
from tests.helpers import sign_in
from tests.journey import draft_assessment


def _checked(page: str, question_id: str) -> list[str]:
    """The values of the checked radios of a question on a page."""
    return re.findall(rf'name="q-{question_id}" value="([^"]+)" checked', page)


def _first_theme(app: Any, assessment_id: int) -> Any:
    with app.app_context():
        version = db.session.get(Assessment, assessment_id).questionnaire_version
        return questionnaire_of(version).themes[0]


def test_a_changed_answer_shows_on_the_next_view(app: Any, client: Any, factory: Any) -> None:
    user = factory.user(Role.SME_MEMBER)
    assessment_id = draft_assessment(app, user)
    sign_in(app, client, user)
    theme = _first_theme(app, assessment_id)
    question = theme.questions[0]
    url = f"/pme/diagnostics/{assessment_id}/themes/{theme.id}"
    before = client.get(url).get_data(as_text=True)
    assert _checked(before, question.id) == []
    assert f'name="r-{question.id}" value="0"' in before

    saved = client.post(
        f"/pme/diagnostics/{assessment_id}/reponse",
        json={
            "question": question.id,
            "value": question.options[0].key,
            "comment": "Sauvegarde <chez> « Martin & fils »",
            "revision": 0,
        },
    )
    assert saved.status_code == 200
    hits = app.extensions["fragments"].hits
    after = client.get(url).get_data(as_text=True)
    assert app.extensions["fragments"].hits > hits  # memoised blocks, filled with the answer
    assert _checked(after, question.id) == [question.options[0].key]
    assert f'name="r-{question.id}" value="1"' in after
    assert "Sauvegarde &lt;chez&gt; « Martin &amp; fils »</textarea>" in after
    assert '<details class="comment" open>' in after

    changed = client.post(
        f"/pme/diagnostics/{assessment_id}/reponse",
        json={"question": question.id, "value": UNKNOWN, "comment": "", "revision": 1},
    )
    assert changed.status_code == 200
    again = client.get(url).get_data(as_text=True)
    assert _checked(again, question.id) == [UNKNOWN]
    assert f'name="r-{question.id}" value="2"' in again
    assert "Martin" not in again


def test_two_drafts_never_show_each_others_answers(app: Any, client: Any, factory: Any) -> None:
    first_user = factory.user(Role.SME_MEMBER)
    other_user = factory.user(Role.SME_MEMBER)
    first = draft_assessment(app, first_user)
    other = draft_assessment(app, other_user)
    theme = _first_theme(app, first)
    question = theme.questions[0]
    sign_in(app, client, first_user)
    client.post(
        f"/pme/diagnostics/{first}/reponse",
        json={"question": question.id, "value": question.options[0].key, "revision": 0},
    )
    mine = client.get(f"/pme/diagnostics/{first}/themes/{theme.id}").get_data(as_text=True)
    assert _checked(mine, question.id) == [question.options[0].key]
    sign_in(app, client, other_user)
    theirs = client.get(f"/pme/diagnostics/{other}/themes/{theme.id}").get_data(as_text=True)
    assert _checked(theirs, question.id) == []


def test_the_filled_blocks_are_what_a_direct_rendering_prints(app: Any, factory: Any) -> None:
    user = factory.user(Role.SME_MEMBER)
    assessment_id = draft_assessment(app, user)
    with app.test_request_context():
        assessment = db.session.get(Assessment, assessment_id)
        questionnaire = questionnaire_of(assessment.questionnaire_version)
        questions = [q for theme in questionnaire.themes for q in theme.questions][:8]
        views = [
            QuestionView(
                question=q,
                value=[q.options[-1].key, UNKNOWN, NOT_APPLICABLE, None, q.options[0].key][i % 5],
                comment=["", 'Un <b>commentaire</b> & "guillemets"', None][i % 3],
                revision=i,
                terms=question_terms(q),
                carried_over=i in (1, 5),
            )
            for i, q in enumerate(questions)
        ]
        for scored in (True, False):
            direct = render_template(
                blocks.BLOCKS_TEMPLATE,
                questions=views,
                scored=scored,
                field_template=lambda q: renderer_for(q.type).template,
            )
            version = assessment.questionnaire_version
            rendered = blocks.question_blocks(version, views, scored=scored)
            hits = memo().hits
            memoised = blocks.question_blocks(version, views, scored=scored)
            assert memo().hits == hits + 1
            assert str(rendered) == str(memoised) == direct
            assert " checked" in direct
            assert ("&lt;b&gt;commentaire" in direct) is scored  # comments: scored pages only
            assert "<§" not in direct


def test_a_field_template_printing_the_answer_itself_is_refused(app: Any, factory: Any) -> None:
    """A new question type must print the answer through the view's methods: read directly,
    one draft's answer would be memoised for every draft."""
    user = factory.user(Role.SME_MEMBER)
    assessment_id = draft_assessment(app, user)
    app.jinja_env.loader = ChoiceLoader(
        [DictLoader({"_careless.html": "<input value='{{ qv.value }}'>"}), app.jinja_env.loader]
    )
    previous = renderer_for("single_choice")
    register_renderer("single_choice", FieldRenderer("_careless.html", previous.read))
    try:
        with app.test_request_context():
            assessment = db.session.get(Assessment, assessment_id)
            question = questionnaire_of(assessment.questionnaire_version).themes[0].questions[0]
            view = QuestionView(question=question, value="x", comment=None, revision=1)
            with pytest.raises(RuntimeError, match="cannot print an answer"):
                blocks.question_blocks(assessment.questionnaire_version, [view], scored=True)
    finally:
        register_renderer("single_choice", previous)
