"""The diagnosis report: content found by text extraction, structure, metadata, determinism."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest

from charter.core.numbers import number_text
from charter.core.questionnaire import Questionnaire, definition_hash
from charter.core.scoring import score_assessment
from charter.reports import DiagnosisReportData, render_diagnosis_report
from charter.reports.formatting import reference_label
from charter.reports.samples import sample_diagnosis
from tests.reports.helpers import all_text, page_texts, qpdf_check, questionnaire, reader

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["quick", "full"])
def test_report_shows_organisation_index_level_and_priorities(
    name: str, request: pytest.FixtureRequest
) -> None:
    data: DiagnosisReportData = request.getfixturevalue(f"{name}_data")
    pdf: bytes = request.getfixturevalue(f"{name}_pdf")
    pages = page_texts(pdf)
    cover, text = pages[0], " ".join(pages)
    assert data.result.index is not None and data.result.level is not None
    assert data.organisation_name in cover
    assert number_text(data.result.index) in cover
    assert data.result.level.name in cover
    assert data.questionnaire.title in cover
    assert "12 mars 2026" in cover
    assert len(data.result.priorities) == 6
    for entry in data.result.priorities:
        assert entry.title in cover  # the summary table on the cover...
        assert f"{data.result.priorities.index(entry) + 1}. {entry.title}" in text  # ...its block
    for entry in data.result.others:
        assert entry.title in text  # the annex
    for theme in data.questionnaire.themes:
        assert theme.title in text
    for question in data.questionnaire.questions():
        assert " ".join(question.text.split()) in text


@pytest.mark.parametrize("name", ["quick", "full"])
def test_every_page_has_footer_with_page_count(name: str, request: pytest.FixtureRequest) -> None:
    data: DiagnosisReportData = request.getfixturevalue(f"{name}_data")
    pages = page_texts(request.getfixturevalue(f"{name}_pdf"))
    total = len(pages)
    assert total >= 5
    for number, page in enumerate(pages, start=1):
        assert f"page {number} / {total}" in page
        assert data.organisation_name in page


@pytest.mark.parametrize("name", ["quick", "full"])
def test_qpdf_finds_no_error(name: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    check = qpdf_check(request.getfixturevalue(f"{name}_pdf"), tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors" in check.stdout


def test_sections_show_answers_statuses_comments_and_references(
    full_data: DiagnosisReportData, full_pdf: bytes
) -> None:
    text = all_text(full_pdf)
    for label in ("Bon", "À améliorer", "Insuffisant", "Incertain", "Non applicable"):
        assert label in text
    for glyph in ("✔", "▲", "✖"):
        assert glyph in text
    assert "Je ne sais pas" in text
    for comment in full_data.comments.values():
        assert " ".join(comment.split()) in text
    assert "Guide d'hygiène ANSSI, mesure 37" in text
    assert reference_label("cpme-4") in text
    assert "Votre progression" in text and "Diagnostic du 3 mars 2025" in text
    assert "Comparaison avec des entreprises comparables" in text
    assert "12 autres entreprises" in text
    assert "Médiane" in text and "1er quartile" in text and "3e quartile" in text
    assert full_data.questionnaire_hash in text
    assert "pme-complet" in text
    assert "Infogérance du Bessin SARL" in text
    for address in (
        "https://adnormandie.fr/besoin/",  # the rest wraps onto the next line
        "https://17cyber.gouv.fr",
        "https://cyber.gouv.fr",
        "www.cnil.fr",
    ):
        assert address in text
    assert "72 heures" in text and "centre régional de réponse aux incidents" in text.lower()


def test_uncertainty_is_reported(full_data: DiagnosisReportData, full_pdf: bytes) -> None:
    result = full_data.result
    assert result.unknown_count > 0
    text = all_text(full_pdf)
    assert f"{result.unknown_count} réponses « Je ne sais pas »" in text
    assert f"sur {result.applicable_count} questions applicables" in text


def test_optional_sections_are_left_out(quick: Questionnaire) -> None:
    data = sample_diagnosis(quick, with_previous=False, with_peers=False)
    bare = dataclasses.replace(data, provider_name=None, help=None)
    text = all_text(render_diagnosis_report(bare))
    assert "Votre progression" not in text
    assert "Comparaison avec des entreprises comparables" not in text
    assert "Votre prestataire" not in text
    assert "Méthode de calcul" in text and "Qui peut vous aider" in text


def test_metadata(quick_data: DiagnosisReportData, quick_pdf: bytes) -> None:
    document = reader(quick_pdf)
    info = document.metadata
    assert info is not None
    assert (
        info.title == f"Rapport d'autodiagnostic de cybersécurité — {quick_data.organisation_name}"
    )
    assert info.author == "Charte Cyber Normandie"
    assert info.subject is not None and "Diagnostic essentiel" in info.subject
    assert info["/CreationDate"] == "D:20260312093000+00'00'"
    assert info["/ModDate"] == "D:20260312093000+00'00'"
    assert document.trailer["/Root"]["/Lang"] == "fr-FR"
    assert "/Outlines" in document.trailer["/Root"]  # bookmarks to the sections


def test_fonts_are_embedded(full_pdf: bytes) -> None:
    for page in reader(full_pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert font["/Subtype"] == "/TrueType", font["/BaseFont"]
            assert "DejaVuSans" in font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_same_data_gives_identical_bytes(quick_data: DiagnosisReportData, quick_pdf: bytes) -> None:
    assert render_diagnosis_report(quick_data) == quick_pdf


def test_identical_bytes_in_another_process(quick_pdf: bytes) -> None:
    # Another interpreter, another hash seed: nothing may depend on memory addresses or order.
    script = (
        "import hashlib, sys\n"
        "from charter.core.questionnaire import load_questionnaire\n"
        "from charter.reports import render_diagnosis_report\n"
        "from charter.reports.samples import sample_diagnosis\n"
        "q = load_questionnaire('questionnaires/pme-essentiel.yaml')\n"
        "sys.stdout.write(hashlib.sha256(render_diagnosis_report(sample_diagnosis(q)))"
        ".hexdigest())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    env.pop("SOURCE_DATE_EPOCH", None)
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert done.stdout == hashlib.sha256(quick_pdf).hexdigest()


def test_naive_dates_and_wrong_questionnaire_are_refused(
    quick_data: DiagnosisReportData, full: Questionnaire
) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        dataclasses.replace(quick_data, submitted_at=datetime(2026, 3, 12, 9, 30))  # noqa: DTZ001
    with pytest.raises(ValueError, match="questionnaire version"):
        dataclasses.replace(quick_data, questionnaire=full)
    with pytest.raises(ValueError, match="go together"):
        dataclasses.replace(quick_data, previous_submitted_at=None)


def test_provider_self_assessment_has_its_own_title() -> None:
    provider = questionnaire("prestataire-charte")
    data = dataclasses.replace(sample_diagnosis(provider), provider_name=None)
    pages = page_texts(render_diagnosis_report(data))
    assert "Rapport d'autoévaluation du prestataire" in pages[0]
    assert "Accompagné par" not in pages[0]
    assert f"page {len(pages)} / {len(pages)}" in pages[-1]


def test_concurrent_renders_give_the_same_bytes(
    quick_data: DiagnosisReportData, quick_pdf: bytes
) -> None:
    # gunicorn threads or a thread pool may render several reports at once.
    with ThreadPoolExecutor(max_workers=4) as pool:
        outputs = list(pool.map(lambda _: render_diagnosis_report(quick_data), range(6)))
    assert all(output == quick_pdf for output in outputs)


@pytest.mark.parametrize("case", ["all best", "nothing answered"])
def test_extreme_diagnoses_render(case: str, quick: Questionnaire, tmp_path: Path) -> None:
    if case == "all best":
        answers = {q.id: max(q.options, key=lambda o: o.score or 0).key for q in quick.questions()}
    else:
        answers = {}
    result = score_assessment(quick, {}, answers)
    data = DiagnosisReportData(
        organisation_name="Entreprise test",
        questionnaire=quick,
        result=result,
        submitted_at=datetime(2026, 1, 1, 8, tzinfo=UTC),
        questionnaire_hash=definition_hash(quick),
    )
    pdf = render_diagnosis_report(data)
    pages = page_texts(pdf)
    assert qpdf_check(pdf, tmp_path).returncode == 0
    assert "1er janvier 2026" in pages[0]
    if case == "all best":
        assert "Exemplaire" in pages[0] and "Aucune action prioritaire" in pages[0]
        assert "Vos actions prioritaires" not in " ".join(pages)
    else:
        assert "Premiers pas" in pages[0] and "Part d'incertitude : 100" in pages[0]
        assert f"Dont {len(quick.questions())} sans réponse." in " ".join(pages)
