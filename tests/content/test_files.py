"""Every file of questionnaires/ validates: questionnaires, glossary and coverage exclusions."""

from __future__ import annotations

from pathlib import Path

import pytest

from charter.core.questionnaire import check_directory

from .files import ALL_FILES, CONTENT, QUESTIONNAIRE_IDS, expect_none


def test_the_folder_holds_the_three_questionnaires_and_their_companions() -> None:
    assert set(QUESTIONNAIRE_IDS) >= {"pme-essentiel", "pme-complet", "prestataire-charte"}
    assert {"glossary.yaml", "coverage-exclusions.yaml"} <= set(ALL_FILES)


@pytest.mark.parametrize("name", ALL_FILES)
def test_file_validates(name: str) -> None:
    problems = [str(p) for p in check_directory(CONTENT) if Path(p.file).name == name]
    expect_none(problems, f"problems in questionnaires/{name}")
