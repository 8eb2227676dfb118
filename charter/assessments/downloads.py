"""Downloads of a submitted assessment: the PDF report and the exports.

Who calls this: the journey (the organisation's own members) and, later, the provider's client
pages (with the client's consent). The data are gathered first, then the read transaction is
ended, then the document is built: no transaction stays open while a PDF renders.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from flask import Response, abort, current_app, request
from flask_babel import get_locale

from charter.assessments.results import report_data
from charter.db import end_read_transaction
from charter.downloads import attachment
from charter.extensions import db
from charter.models import Assessment
from charter.reports import DiagnosisReportData, render_diagnosis_report
from charter.reports.exports import action_plan_csv, action_plan_xlsx, answers_csv, answers_json
from charter.services import documents, report_stamps

EXPORTS: dict[tuple[str, str], tuple[Callable[[DiagnosisReportData], bytes], str]] = {
    ("plan-action", "csv"): (action_plan_csv, "text/csv; charset=utf-8"),
    ("plan-action", "xlsx"): (
        action_plan_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("reponses", "json"): (answers_json, "application/json"),
    ("reponses", "csv"): (answers_csv, "text/csv; charset=utf-8"),
}


def file_stem(assessment: Assessment, what: str) -> str:
    """A file name with the organisation and the date: ``rapport-boulangerie-martin-2026-11-26``."""
    organization = assessment.organization
    return _stem(organization.name if organization else None, assessment, what)


def _stem(name: str | None, assessment: Assessment, what: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name or "diagnostic")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.encode("ascii", "ignore").decode().lower()).strip(
        "-"
    )
    day = assessment.submitted_at.date().isoformat() if assessment.submitted_at else "brouillon"
    return f"{what}-{slug[:60] or 'organisation'}-{day}"


def _gather(assessment: Assessment) -> tuple[DiagnosisReportData, str]:
    if assessment.is_draft:
        abort(404)
    data = report_data(assessment)
    stem = file_stem(assessment, "rapport")
    end_read_transaction(db.session)  # no transaction open while the document renders
    return data, stem


def send_report(assessment: Assessment) -> Response:
    """The PDF report as an attachment: built at the first download and stored, then served
    from the stored copy while nothing it prints has changed (charter.services.documents).
    The caller has checked access; a draft is refused here, before anything is read.

    The stored copy's stamp is read from the few values that can change
    (charter.services.report_stamps), not from the report's data, which is gathered only to
    build a copy. The stamp is the response's strong entity tag: a client that already holds
    these bytes gets a 304 (the download stays ``no-store``: a private document).
    """
    if assessment.is_draft:
        abort(404)
    assessment_id = assessment.id
    found = report_stamps.report_stamp(
        db.session, assessment, current_app.config, str(get_locale())
    )
    wanted = found.stamp
    stem = _stem(found.organization_name, assessment, "rapport")
    if request.if_none_match.contains(wanted):
        end_read_transaction(db.session)
        response = Response(status=304)
    else:
        pdf = documents.stored_or_built(
            db.session,
            "assessment_id",
            assessment_id,
            wanted,
            lambda: report_data(assessment),
            render_diagnosis_report,
        )
        response = attachment(pdf, "application/pdf", f"{stem}.pdf")
    response.set_etag(wanted)
    return response


def send_export(assessment: Assessment, kind: str, fmt: str) -> Response:
    """One of the exports of :data:`EXPORTS`; 404 for an unknown one."""
    if (kind, fmt) not in EXPORTS:
        abort(404)
    build, mimetype = EXPORTS[(kind, fmt)]
    data, stem = _gather(assessment)
    return attachment(build(data), mimetype, stem.replace("rapport", kind, 1) + f".{fmt}")
