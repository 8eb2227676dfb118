"""Every file present in questionnaires/ must pass the validation (none yet is fine)."""

from __future__ import annotations

from pathlib import Path

from charter.core.questionnaire import check_directory

CONTENT = Path(__file__).resolve().parents[2] / "questionnaires"


def test_content_files_are_valid() -> None:
    if not CONTENT.is_dir():
        return
    problems = check_directory(CONTENT)
    assert problems == [], "\n".join(str(p) for p in problems)
