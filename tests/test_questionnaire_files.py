"""Questionnaire files on the application side: start-up validation, check, load, versions."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from charter.definitions import InvalidQuestionnaires
from charter.extensions import db
from charter.models import QuestionnaireVersion

SOURCE = Path(__file__).parent.parent / "questionnaires"


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "questionnaires"
    shutil.copytree(SOURCE, target)
    return target


def test_the_app_refuses_to_start_with_an_invalid_file_and_names_the_problem(folder, make_app):
    path = folder / "pme-essentiel.yaml"
    path.write_text(path.read_text().replace("weight: 3", "weight: 7", 1))
    with pytest.raises(InvalidQuestionnaires) as raised:
        make_app(QUESTIONNAIRES_DIR=str(folder))
    message = str(raised.value)
    assert "pme-essentiel.yaml" in message
    assert "weight must be between 0.5 and 3" in message


def test_check_command_lists_every_problem_and_fails(app, runner, folder):
    (folder / "broken.yaml").write_text("id: broken\nversion: zero\n")
    app.config["QUESTIONNAIRES_DIR"] = str(folder)
    result = runner.invoke(args=["charter", "questionnaires", "check"])
    assert result.exit_code == 1
    assert "broken.yaml" in result.output
    assert "version" in result.output


def shipped_version(path):
    """The ``version:`` written in a questionnaire file."""
    return int(re.search(r"^version: (\d+)$", path.read_text(), re.MULTILINE).group(1))


def bump_version(path):
    """Raise a file's version by one, as an author does for any change."""
    current = shipped_version(path)
    path.write_text(path.read_text().replace(f"version: {current}", f"version: {current + 1}", 1))


def test_check_command_passes_on_the_shipped_files(runner):
    result = runner.invoke(args=["charter", "questionnaires", "check"])
    assert result.exit_code == 0, result.output


def test_load_is_idempotent(app, runner):
    result = runner.invoke(args=["charter", "questionnaires", "load"])
    assert result.exit_code == 0
    assert "pme-essentiel : inchangé" in result.output  # the test database has them already
    with app.app_context():
        assert len(db.session.scalars(select(QuestionnaireVersion)).all()) == 3


def test_a_changed_file_under_the_same_version_is_refused(folder, make_app):
    path = folder / "pme-essentiel.yaml"
    text = path.read_text()
    marker = "title: "
    start = text.index(marker) + len(marker)
    path.write_text(text[:start] + "Diagnostic express " + text[start:])
    app = make_app(QUESTIONNAIRES_DIR=str(folder))
    result = app.test_cli_runner().invoke(args=["charter", "questionnaires", "load"])
    assert result.exit_code != 0
    current = shipped_version(path)
    assert f"Raise 'version' to {current + 1}" in result.output
    bump_version(path)
    app = make_app(QUESTIONNAIRES_DIR=str(folder))
    assert app.test_cli_runner().invoke(args=["charter", "questionnaires", "load"]).exit_code == 0
    with app.app_context():
        versions = db.session.scalars(
            select(QuestionnaireVersion.version).filter_by(slug="pme-essentiel")
        ).all()
    assert sorted(versions) == [current, current + 1]


def test_an_assessment_keeps_its_version_after_a_new_one_is_loaded(app, factory, folder, make_app):
    from charter.models import Assessment, Role
    from tests.journey import submitted_assessment

    user = factory.user(Role.SME_MEMBER)
    assessment_id = submitted_assessment(app, user)
    path = folder / "pme-essentiel.yaml"
    current = shipped_version(path)
    bump_version(path)
    newer = make_app(QUESTIONNAIRES_DIR=str(folder))
    newer.test_cli_runner().invoke(args=["charter", "questionnaires", "load"])
    with newer.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        assert assessment.questionnaire_version.version == current
