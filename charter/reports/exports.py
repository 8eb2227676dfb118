"""Spreadsheet and data exports of a submitted diagnosis: the action plan (CSV, XLSX) and all
answers (JSON, CSV) for personal-data portability.

Pure functions over ``DiagnosisReportData`` (the same data as the PDF), returning bytes. CSV
files use a semicolon and UTF-8 with a byte-order mark, as French spreadsheet users expect.
"""

from __future__ import annotations

import io
import json
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from charter.core.results import PlanEntry
from charter.reports.csv_writer import csv_bytes
from charter.reports.data import DiagnosisReportData
from charter.reports.diagnosis_sections import STATUSES, answer_label, question_status
from charter.reports.formatting import effort_label, reference_label

PLAN_HEADERS = (
    "Rang",
    "Échéance",
    "Mesure",
    "Effort",
    "Essentielle",
    "Pourquoi",
    "Comment",
    "Références ANSSI",
    "Questions concernées",
)
ANSWER_HEADERS = (
    "Thème",
    "Identifiant",
    "Question",
    "Réponse",
    "Code réponse",
    "Appréciation",
    "Commentaire",
)


def _plan_rows(data: DiagnosisReportData) -> list[tuple[Any, ...]]:
    measures = {m.id: m for m in data.questionnaire.measures}
    questions = {q.id: q.text for q in data.questionnaire.questions()}
    rows: list[tuple[Any, ...]] = []
    entries: list[tuple[PlanEntry, str]] = [(e, "Dans les 6 mois") for e in data.result.priorities]
    entries += [(e, "Ensuite") for e in data.result.others]
    for rank, (entry, when) in enumerate(entries, start=1):
        measure = measures[entry.measure_id]
        steps = [
            line.strip().removeprefix("- ").strip()
            for line in measure.how.splitlines()
            if line.strip()
        ]
        rows.append(
            (
                rank,
                when,
                measure.title,
                effort_label(entry.effort),
                "oui" if entry.essential else "non",
                measure.why,
                "\n".join(steps),
                " ; ".join(reference_label(r) for r in entry.references),
                " | ".join(questions.get(q, q) for q in entry.questions),
            )
        )
    return rows


def action_plan_csv(data: DiagnosisReportData) -> bytes:
    """The action plan, priorities first, as CSV."""
    return csv_bytes(PLAN_HEADERS, _plan_rows(data))


def action_plan_xlsx(data: DiagnosisReportData) -> bytes:
    """The action plan as an Excel workbook: typed cells, frozen header row, readable widths."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan d'action"
    sheet.append(list(PLAN_HEADERS))
    for row in _plan_rows(data):
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHI", (7, 16, 45, 10, 11, 60, 70, 40, 60), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.properties.title = f"Plan d'action — {data.organisation_name}"
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
                    "assessment": STATUSES[status][1],
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
        ANSWER_HEADERS,
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
