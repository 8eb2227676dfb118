"""The real content files of ``questionnaires/``, loaded once for all the content gates."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from charter.core.questionnaire import (
    CoverageExclusions,
    Glossary,
    Questionnaire,
    load_coverage_exclusions,
    load_glossary,
    load_questionnaires,
)
from charter.core.questionnaire.loader import COVERAGE_FILE, GLOSSARY_FILE, SHARED_FILES

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "questionnaires"
COVERAGE_PAGE = ROOT / "docs" / "coverage.md"
ALL_FILES = sorted(path.name for path in CONTENT.glob("*.yaml"))
QUESTIONNAIRE_IDS = [Path(name).stem for name in ALL_FILES if name not in SHARED_FILES]


@cache
def questionnaires() -> dict[str, Questionnaire]:
    """Every questionnaire of the folder, by id (raises with every problem if one is invalid)."""
    return load_questionnaires(CONTENT)


def questionnaire(questionnaire_id: str) -> Questionnaire:
    return questionnaires()[questionnaire_id]


@cache
def glossary() -> Glossary:
    return load_glossary(CONTENT / GLOSSARY_FILE)


@cache
def exclusions() -> CoverageExclusions:
    return load_coverage_exclusions(CONTENT / COVERAGE_FILE)


def file_of(questionnaire_id: str) -> str:
    """How messages name a questionnaire file."""
    return f"questionnaires/{questionnaire_id}.yaml"


def expect_none(problems: list[str], what: str) -> None:
    """Fail with how many problems there are, then one per line (file, id, what is wrong)."""
    if problems:
        pytest.fail(f"{len(problems)} {what}:\n  " + "\n  ".join(problems), pytrace=False)
