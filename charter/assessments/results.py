"""Gathering what a submitted assessment shows: the results page and the PDF report read the
same ``DiagnosisReportData``, so they always hold the same figures.

Who calls this: the report download (after the transaction ends); the results page
(``results_page``) takes the steps of a measure from here.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from markupsafe import Markup

from charter.definitions import questionnaire_of
from charter.extensions import db
from charter.models import Assessment
from charter.referential import SECTORS, SIZE_BANDS
from charter.reports import (
    DiagnosisReportData,
    drawing_to_svg,
)
from charter.services import help_contacts
from charter.services.assessments import frozen_result, last_submitted
from charter.services.peers import frozen_peers
from charter.services.plan_tracking import progress_of
from charter.templating import gettext as _


def report_data(assessment: Assessment) -> DiagnosisReportData:
    """Everything the results page and the PDF show for a submitted assessment.

    An anonymous quick diagnosis (no organisation yet) has no history, no provider and no
    recorded progress: those parts stay empty until it is kept.
    """
    version = assessment.questionnaire_version
    questionnaire = questionnaire_of(version)
    result = frozen_result(assessment)
    organization = assessment.organization
    previous = (
        last_submitted(db.session, organization.id, version.slug, before=assessment)
        if organization is not None
        else None
    )
    answers = {a.question_id: a.value for a in assessment.answers if a.value}
    sector = answers.get("secteur") or (organization.sector if organization else None)
    size_band = answers.get("effectif") or (organization.size_band if organization else None)
    return DiagnosisReportData(
        organisation_name=organization.name if organization else _("Votre entreprise"),
        questionnaire=questionnaire,
        result=result,
        submitted_at=assessment.submitted_at,
        questionnaire_hash=version.sha256,
        answers=answers,
        comments={a.question_id: a.comment for a in assessment.answers if a.comment},
        # The diagnosis's own answers first: the profile may have changed since.
        sector_label=str(SECTORS.get(sector or "", "")) or None,
        size_label=str(SIZE_BANDS.get(size_band or "", "")) or None,
        previous=frozen_result(previous) if previous else None,
        previous_submitted_at=previous.submitted_at if previous else None,
        peers=frozen_peers(assessment.peers),
        contacts=help_contacts.contacts(current_app.config),
        help=help_contacts.help_section(db.session, organization, current_app.config["BASE_URL"])
        if organization is not None
        else None,
        plan_progress=progress_of(db.session, organization.id) if organization else {},
    )


def chart_markup(drawing: Any, title: str, description: str, prefix: str) -> Markup:
    """A chart as inline SVG for a template.

    Safe to mark up: ``drawing_to_svg`` escapes every text it writes (labels, title,
    description) and emits no script and no style attribute.
    """
    return Markup(drawing_to_svg(drawing, title, description, id_prefix=prefix))  # noqa: S704


def steps(how: str) -> list[str]:
    """The steps of a measure's « how to », one per line, without list marks."""
    return [
        line.strip()[2:].strip() if line.strip().startswith(("- ", "* ")) else line.strip()
        for line in how.splitlines()
        if line.strip()
    ]
