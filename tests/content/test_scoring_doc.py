"""docs/scoring.md states the levels of the real files: a test renders them again."""

from __future__ import annotations

from charter.core.doc_tables import LEVELS_END, LEVELS_START, levels_table, replace_block

from .files import ROOT, questionnaires

PAGE = ROOT / "docs" / "scoring.md"


def test_the_levels_of_the_scoring_page_are_those_of_the_files() -> None:
    page = PAGE.read_text(encoding="utf-8")
    expected = replace_block(
        page, LEVELS_START, LEVELS_END, levels_table(questionnaires().values())
    )
    assert page == expected, (
        "docs/scoring.md: the levels table differs from the questionnaire files; replace the "
        f"block between the markers with:\n{levels_table(questionnaires().values())}"
    )
