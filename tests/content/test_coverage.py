"""Coverage of the ANSSI references: hygiene measures all accounted for, CPME rules all asked,
and docs/coverage.md always equal to what the files say."""

from __future__ import annotations

import shutil

import pytest

from charter.cli.content import bundled_charters
from charter.core.coverage import FAMILIES, compute_coverage
from charter.core.coverage_page import coverage_page

from .files import (
    CONTENT,
    COVERAGE_PAGE,
    QUESTIONNAIRE_IDS,
    exclusions,
    expect_none,
    file_of,
    questionnaire,
    questionnaires,
)

HYGIENE = next(f for f in FAMILIES if f.prefix == "hygiene")
CPME = next(f for f in FAMILIES if f.prefix == "cpme")
COMMAND = ["charter", "questionnaires", "coverage"]


def coverage():
    return compute_coverage(questionnaires().values(), exclusions())


def test_the_full_sme_diagnosis_accounts_for_every_hygiene_measure() -> None:
    # The issue asks for 1 to 40; the reinforced 41 and 42 are accounted for too.
    missing = coverage().unaccounted("pme-complet", HYGIENE.references())
    expect_none(
        [
            f"{file_of('pme-complet')}: {reference} is neither cited by a question or a measure "
            "nor listed in questionnaires/coverage-exclusions.yaml with a reason"
            for reference in missing
        ],
        "hygiene measures not accounted for",
    )


def test_the_quick_sme_diagnosis_asks_about_every_cpme_rule() -> None:
    table = coverage()
    expect_none(
        [
            f"{file_of('pme-essentiel')}: {reference} is cited by no question or measure"
            for reference in CPME.references()
            if table.cell(reference, "pme-essentiel").status != "covered"
        ],
        "CPME rules not covered",
    )


def test_no_reference_is_both_covered_and_left_out() -> None:
    expect_none(
        [
            f"questionnaires/coverage-exclusions.yaml: {reference} is listed as left out of "
            f"{qid}, which cites it: remove the exclusion or the citations"
            for qid, reference in coverage().contradictions()
        ],
        "contradictory exclusions",
    )


@pytest.mark.parametrize("qid", QUESTIONNAIRE_IDS)
def test_every_scored_question_cites_an_anssi_reference(qid: str) -> None:
    expect_none(
        [
            f"{file_of(qid)}: question '{question.id}' cites no reference"
            for question in questionnaire(qid).questions()
            if not question.references
        ],
        "questions without a reference",
    )


def test_the_committed_coverage_page_matches_the_files() -> None:
    expected = coverage_page(questionnaires().values(), exclusions(), bundled_charters())
    assert COVERAGE_PAGE.read_text(encoding="utf-8") == expected, (
        "docs/coverage.md is out of date: run "
        "'flask --app charter charter questionnaires coverage' and commit the result"
    )


def test_the_check_command_passes_on_the_committed_page(runner) -> None:
    result = runner.invoke(args=[*COMMAND, "--check"])
    assert result.exit_code == 0, result.output
    assert "est à jour" in result.output


@pytest.fixture
def folder(tmp_path):
    """A copy of questionnaires/ with an empty docs/ beside it."""
    shutil.copytree(CONTENT, tmp_path / "questionnaires")
    (tmp_path / "docs").mkdir()
    return tmp_path


def test_the_command_writes_the_page_and_check_spots_a_stale_one(app, runner, folder) -> None:
    app.config["QUESTIONNAIRES_DIR"] = str(folder / "questionnaires")
    page = folder / "docs" / "coverage.md"
    assert runner.invoke(args=[*COMMAND, "--check"]).exit_code == 1  # no page yet
    written = runner.invoke(args=COMMAND)
    assert written.exit_code == 0, written.output
    assert page.read_text(encoding="utf-8") == COVERAGE_PAGE.read_text(encoding="utf-8")
    assert runner.invoke(args=[*COMMAND, "--check"]).exit_code == 0

    exclusions_file = folder / "questionnaires" / "coverage-exclusions.yaml"
    exclusions_file.write_text(
        exclusions_file.read_text(encoding="utf-8").replace("hygiene-38", "hygiene-9"),
        encoding="utf-8",
    )
    stale = runner.invoke(args=[*COMMAND, "--check"])
    assert stale.exit_code == 1
    assert "n'est plus à jour" in stale.output
    assert page.read_text(encoding="utf-8") == COVERAGE_PAGE.read_text(encoding="utf-8")

    other = folder / "elsewhere.md"
    assert runner.invoke(args=[*COMMAND, "--output", str(other)]).exit_code == 0
    assert "hygiene-38" in other.read_text(encoding="utf-8")


def test_the_command_refuses_invalid_files(app, runner, folder) -> None:
    app.config["QUESTIONNAIRES_DIR"] = str(folder / "questionnaires")
    (folder / "questionnaires" / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    result = runner.invoke(args=COMMAND)
    assert result.exit_code == 1
    assert "broken.yaml" in result.output
    assert not (folder / "docs" / "coverage.md").exists()


def test_stats_give_counts_and_sentence_lengths(runner) -> None:
    result = runner.invoke(args=[*COMMAND, "--check", "--stats"])
    assert result.exit_code == 0, result.output
    essentiel = questionnaire("pme-essentiel")
    assert (
        f"pme-essentiel : {len(essentiel.questions())} questions notées, "
        f"{len(essentiel.context)} questions de contexte, {len(essentiel.measures)} mesures"
    ) in result.output
    assert "  questions et aides : " in result.output
    assert "  tous les textes : " in result.output
