"""Gathering what a submitted assessment shows: the results page and the PDF report read the
same ``DiagnosisReportData``, so they always hold the same figures.

Who calls this: the journey's results view, the report download (after the transaction ends).
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from markupsafe import Markup

from charter.assessments.glossary import measure_terms
from charter.core.scoring import progress
from charter.definitions import questionnaire_of
from charter.extensions import db
from charter.models import Assessment
from charter.referential import SECTORS, SIZE_BANDS
from charter.reports import (
    DiagnosisReportData,
    drawing_to_svg,
)
from charter.reports.diagnosis_annexes import incident_steps
from charter.reports.diagnosis_sections import STATUSES, answer_label, question_status
from charter.reports.formatting import effort_label, reference_label
from charter.reports.plan_parts import facts, flags, is_legacy, quick_wins
from charter.services import help_contacts
from charter.services.assessments import frozen_result, last_submitted
from charter.services.peers import frozen_peers
from charter.services.plan_tracking import progress_of
from charter.templating import gettext as _


def report_data(assessment: Assessment) -> DiagnosisReportData:
    """Everything the results page and the PDF show for a submitted assessment."""
    version = assessment.questionnaire_version
    questionnaire = questionnaire_of(version)
    result = frozen_result(assessment)
    organization = assessment.organization
    previous = last_submitted(db.session, organization.id, version.slug, before=assessment)
    answers = {a.question_id: a.value for a in assessment.answers if a.value}
    return DiagnosisReportData(
        organisation_name=organization.name,
        questionnaire=questionnaire,
        result=result,
        submitted_at=assessment.submitted_at,
        questionnaire_hash=version.sha256,
        answers=answers,
        comments={a.question_id: a.comment for a in assessment.answers if a.comment},
        # The diagnosis's own answers first: the profile may have changed since.
        sector_label=str(SECTORS.get(answers.get("secteur") or organization.sector or "", ""))
        or None,
        size_label=str(SIZE_BANDS.get(answers.get("effectif") or organization.size_band or "", ""))
        or None,
        previous=frozen_result(previous) if previous else None,
        previous_submitted_at=previous.submitted_at if previous else None,
        peers=frozen_peers(assessment.peers),
        contacts=help_contacts.contacts(current_app.config),
        help=help_contacts.help_section(db.session, organization, current_app.config["BASE_URL"]),
        plan_progress=progress_of(db.session, organization.id),
    )


def chart_markup(drawing: Any, title: str, description: str, prefix: str) -> Markup:
    """A chart as inline SVG for a template.

    Safe to mark up: ``drawing_to_svg`` escapes every text it writes (labels, title,
    description) and emits no script and no style attribute.
    """
    return Markup(drawing_to_svg(drawing, title, description, id_prefix=prefix))  # noqa: S704


def _steps(how: str) -> list[str]:
    return [
        line.strip()[2:].strip() if line.strip().startswith(("- ", "* ")) else line.strip()
        for line in how.splitlines()
        if line.strip()
    ]


def results_context(assessment: Assessment) -> dict[str, Any]:
    """Template variables of the results page."""
    data = report_data(assessment)
    result, questionnaire = data.result, data.questionnaire
    measures = {m.id: m for m in questionnaire.measures}
    question_results = {r.id: r for r in result.questions}

    def plan(entries: Any) -> list[dict[str, Any]]:
        return [
            {
                "entry": e,
                "anchor": f"action-{e.measure_id}",
                "measure": measures[e.measure_id],
                "steps": _steps(measures[e.measure_id].how),
                "effort": effort_label(e.effort),
                "legacy": is_legacy(e),
                "facts": facts(e, effort_label(e.effort)),
                "flags": flags(e),
                "references": [reference_label(r) for r in e.references],
                "terms": measure_terms(measures[e.measure_id]),
            }
            for e in entries
        ]

    details = []
    for theme in questionnaire.themes:
        rows = []
        for question in theme.questions:
            qr = question_results.get(question.id)
            if qr is None:
                continue
            status = question_status(qr)
            glyph, label, _colour = STATUSES[status]
            rows.append(
                {
                    "question": question,
                    "answer": answer_label(question, qr, data.answers.get(question.id)),
                    "status": status,
                    "glyph": glyph,
                    "status_label": _(label),
                    "comment": data.comments.get(question.id),
                }
            )
        details.append({"theme": theme, "score": result.theme(theme.id), "rows": rows})

    change = progress(data.previous, result) if data.previous else None
    return {
        "assessment": assessment,
        "data": data,
        "result": result,
        "questionnaire": questionnaire,
        "priorities": plan(result.priorities),
        "others": plan(result.others),
        "quick_wins": quick_wins((*result.priorities, *result.others)),
        "incident_steps": incident_steps(questionnaire.audience),
        "details": details,
        "change": change,
        "change_by_theme": {t.id: t for t in change.themes} if change else {},
        "statuses": STATUSES,
    }
