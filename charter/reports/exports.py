"""Spreadsheet and data exports of a submitted diagnosis: the action plan (CSV, XLSX) and all
answers (JSON, CSV) for personal-data portability.

Pure functions over ``DiagnosisReportData`` (the same data as the PDF), returning bytes. CSV
files use a semicolon and UTF-8 with a byte-order mark, as French spreadsheet users expect.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from typing import Any

from charter.core.plan_tracking import DISMISSED, NOT_STARTED, STATE_LABELS
from charter.core.results import PlanEntry
from charter.reports.csv_writer import csv_bytes
from charter.reports.data import DiagnosisReportData
from charter.reports.diagnosis_sections import STATUSES, answer_label, question_status
from charter.reports.formatting import cost_label, effort_label, reference_label
from charter.reports.i18n import N_, _

#: Column headers (msgids, translated when a file is written).
PLAN_HEADERS = (
    N_("Rang"),
    N_("Quand"),
    N_("Mesure"),
    N_("Statut"),
    N_("Responsable"),
    N_("Échéance"),
    N_("Coût"),
    N_("Temps"),
    N_("Effort"),
    N_("Essentielle"),
    N_("Note"),
    N_("Pourquoi"),
    N_("Comment"),
    N_("Références ANSSI"),
    N_("Questions concernées"),
)
PLAN_WIDTHS = (7, 16, 45, 12, 20, 12, 24, 20, 10, 11, 40, 60, 70, 40, 60)
ANSWER_HEADERS = (
    N_("Thème"),
    N_("Identifiant"),
    N_("Question"),
    N_("Réponse"),
    N_("Code réponse"),
    N_("Appréciation"),
    N_("Commentaire"),
)


def _plan_rows(data: DiagnosisReportData) -> list[tuple[Any, ...]]:
    measures = {m.id: m for m in data.questionnaire.measures}
    questions = {q.id: q.text for q in data.questionnaire.questions()}
    rows: list[tuple[Any, ...]] = []
    soon, later = _("Dans les 6 mois"), _("Ensuite")
    entries: list[tuple[PlanEntry, str]] = [(e, soon) for e in data.result.priorities]
    entries += [(e, later) for e in data.result.others]
    for rank, (entry, when) in enumerate(entries, start=1):
        measure = measures[entry.measure_id]
        steps = [
            line.strip().removeprefix("- ").strip()
            for line in measure.how.splitlines()
            if line.strip()
        ]
        progress = data.plan_progress.get(entry.measure_id, NOT_STARTED)
        note = progress.note or ""
        if progress.state == DISMISSED and progress.reason:
            note = _("Écartée : %(reason)s", reason=progress.reason) + (f"\n{note}" if note else "")
        rows.append(
            (
                rank,
                when,
                measure.title,
                _(STATE_LABELS[progress.state]),
                progress.owner or "",
                progress.due_on,
                cost_label(entry.cost) or "",
                entry.time or "",
                effort_label(entry.effort),
                _("oui") if entry.essential else _("non"),
                note,
                measure.why,
                "\n".join(steps),
                " ; ".join(reference_label(r) for r in entry.references),
                " | ".join(questions.get(q, q) for q in entry.questions),
            )
        )
    return rows


def action_plan_csv(data: DiagnosisReportData) -> bytes:
    """The action plan, priorities first, as CSV (target dates read dd/mm/yyyy)."""
    rows = (
        tuple(v.strftime("%d/%m/%Y") if isinstance(v, date) else v for v in row)
        for row in _plan_rows(data)
    )
    return csv_bytes([_(header) for header in PLAN_HEADERS], rows)


def action_plan_xlsx(data: DiagnosisReportData) -> bytes:
    """The action plan as an Excel workbook: typed cells (the target date is a date), an
    autofilter, a frozen header row, readable widths; no text cell runs as a formula."""
    # openpyxl weighs 7 MB: imported by the few requests that export a workbook.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Plan d'action")
    sheet.append([_(header) for header in PLAN_HEADERS])
    rows = _plan_rows(data)
    for row in rows:
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(PLAN_HEADERS))}{len(rows) + 1}"
    for index, width in enumerate(PLAN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, datetime | date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula
    workbook.properties.title = _("Plan d'action") + f" — {data.organisation_name}"
    workbook.properties.creator = "Charte Cyber Normandie"
    # A fixed date: the same diagnosis always gives the same file.
    workbook.properties.created = workbook.properties.modified = _naive(data.submitted_at)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None, microsecond=0)


def _answer_rows(data: DiagnosisReportData) -> list[dict[str, Any]]:
    results = {r.id: r for r in data.result.questions}
    rows = []
    for theme in data.questionnaire.themes:
        for question in theme.questions:
            result = results.get(question.id)
            status = question_status(result) if result is not None else "not_applicable"
            rows.append(
                {
                    "theme": theme.title,
                    "question_id": question.id,
                    "question": question.text,
                    "answer": answer_label(question, result, data.answers.get(question.id)),
                    "answer_code": data.answers.get(question.id),
                    "assessment": _(STATUSES[status][1]),
                    "comment": data.comments.get(question.id),
                }
            )
    return rows


def answers_json(data: DiagnosisReportData) -> bytes:
    """Every answer of the diagnosis, with the context and the result, as JSON."""
    context = {
        c.id: {
            "question": c.text,
            "answer_code": data.answers.get(c.id),
            "answer": next((o.label for o in c.options if o.key == data.answers.get(c.id)), None),
        }
        for c in data.questionnaire.context
    }
    payload = {
        "organisation": data.organisation_name,
        "questionnaire": {
            "id": data.questionnaire.id,
            "version": data.questionnaire.version,
            "title": data.questionnaire.title,
            "sha256": data.questionnaire_hash,
        },
        "submitted_at": data.submitted_at.isoformat(),
        "index": data.result.index,
        "level": data.result.level.name if data.result.level else None,
        "context": context,
        "answers": _answer_rows(data),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")


def answers_csv(data: DiagnosisReportData) -> bytes:
    """Every scored answer of the diagnosis as CSV."""
    return csv_bytes(
        [_(header) for header in ANSWER_HEADERS],
        (
            (
                r["theme"],
                r["question_id"],
                r["question"],
                r["answer"],
                r["answer_code"] or "",
                r["assessment"],
                r["comment"] or "",
            )
            for r in _answer_rows(data)
        ),
    )
