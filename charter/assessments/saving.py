"""Saving answers from the journey: a whole posted page (without JavaScript) or one answer
sent by the autosave script (JSON). Both tell the visitor what changed when another tab got
there first, and never overwrite it silently.

Who calls this: the journey's theme, context and autosave views.
"""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify, request
from flask_babel import gettext as _

from charter.assessments import pages
from charter.auth.forms import ConfirmForm
from charter.bounds import MAX_ID, bounded_id
from charter.definitions import questionnaire_of
from charter.extensions import db
from charter.models import Assessment
from charter.services import assessments as service

CONFLICT_MESSAGE = (
    "Cette réponse a été modifiée entre-temps (dans un autre onglet ou par une autre personne). "
    "La réponse enregistrée est maintenant : « %(label)s ». Votre choix n'a pas été enregistré : "
    "choisissez à nouveau si vous voulez le remplacer."
)

Typed = dict[str, tuple[str | None, str | None]]


def conflict_message(assessment: Assessment, outcome: service.SaveOutcome) -> str:
    """Tell the visitor what is now recorded for a question another tab changed."""
    questionnaire = questionnaire_of(assessment.questionnaire_version)
    question = next((q for q in questionnaire.questions() if q.id == outcome.question_id), None)
    label = (
        pages.answer_label(question, outcome.current_value)
        if question
        else outcome.current_value or _("Sans réponse")
    )
    return _(CONFLICT_MESSAGE, label=label)


def save_posted_page(
    assessment: Assessment, question_ids: list[str], actor_id: int | None
) -> tuple[Typed, dict[str, str]] | None:
    """Save every question of a posted page; None when all went well, else what was typed and,
    per question, what went wrong."""
    form = ConfirmForm()
    typed = {
        qid: (request.form.get(f"q-{qid}") or None, request.form.get(f"c-{qid}"))
        for qid in question_ids
    }
    if not form.validate_on_submit():
        refusal = (
            form.form_errors[0] if form.form_errors else _("Envoi refusé : rechargez la page.")
        )
        return typed, dict.fromkeys(typed, refusal)
    problems: dict[str, str] = {}
    for qid, (value, comment) in typed.items():
        outcome = service.save_answer(
            db.session,
            actor_id=actor_id,
            assessment_id=assessment.id,
            question_id=qid,
            value=value,
            comment=comment,
            expected_revision=bounded_id(request.form.get(f"r-{qid}")),
        )
        if outcome.status == "conflict":
            problems[qid] = conflict_message(assessment, outcome)
        elif outcome.status == "invalid":
            problems[qid] = _("Cette réponse n'est pas possible : choisissez une option.")
        elif outcome.status == "locked":
            abort(409)
    if problems:
        return {k: v for k, v in typed.items() if k in problems}, problems
    return None


def save_json(assessment: Assessment, actor_id: int | None) -> Any:
    """One answer from the autosave script: 200, 409 (conflict or sent), 422 or 400."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or not isinstance(payload.get("question"), str):
        return jsonify(status="invalid", message=_("Requête incomplète.")), 400
    value, comment, revision = (payload.get(k) for k in ("value", "comment", "revision"))
    if (
        (value is not None and not isinstance(value, str))
        or (comment is not None and not isinstance(comment, str))
        or (revision is not None and (not isinstance(revision, int) or isinstance(revision, bool)))
        or (isinstance(revision, int) and not 0 <= revision <= MAX_ID)
    ):
        return jsonify(status="invalid", message=_("Requête mal formée.")), 400
    outcome = service.save_answer(
        db.session,
        actor_id=actor_id,
        assessment_id=assessment.id,
        question_id=payload["question"][:80],
        value=value,
        comment=comment,
        expected_revision=revision,
    )
    body = {"status": outcome.status, "question": outcome.question_id, "revision": outcome.revision}
    if outcome.status == "saved":
        return jsonify(body | {"message": _("Réponse enregistrée.")})
    if outcome.status == "conflict":
        return jsonify(
            body
            | {
                "value": outcome.current_value,
                "comment": outcome.current_comment,
                "message": conflict_message(assessment, outcome),
            }
        ), 409
    if outcome.status == "locked":
        return jsonify(
            body | {"message": _("Ce diagnostic est déjà envoyé : il ne peut plus changer.")}
        ), 409
    return jsonify(body | {"message": _("Cette réponse n'est pas possible.")}), 422
