"""The charter files: both shipped versions load, and the canonical text and hash are stable."""

from __future__ import annotations

from pathlib import Path

import pytest

from charter.core.charter_text import (
    CharterFileError,
    CharterText,
    canonical_text,
    load_charter_file,
    paragraphs,
    text_hash,
)

CHARTERS = Path(__file__).resolve().parents[2] / "charter" / "data" / "charters"


@pytest.fixture(scope="module")
def v1() -> CharterText:
    return load_charter_file(CHARTERS / "charte-v1.yaml")


def test_both_shipped_versions_load(v1: CharterText) -> None:
    v2 = load_charter_file(CHARTERS / "charte-v2-example.yaml")
    assert (v1.version, v2.version) == ("1", "2")
    assert [c.number for c in v1.commitments] == list(range(1, 11))
    assert [c.number for c in v2.commitments] == list(range(1, 12))
    assert text_hash(v1) != text_hash(v2)


def test_canonical_text_holds_every_word_and_is_normalised(v1: CharterText) -> None:
    text = canonical_text(v1)
    assert text.startswith(v1.title + "\n\nVersion 1\n\n")
    assert "Engagement 10 : Renouveler et tenir son profil à jour" in text
    assert "  " not in text and "\r" not in text and text.endswith("\n")
    for paragraph in paragraphs(v1.preamble):
        assert " ".join(paragraph.split()) in text


def test_the_hash_changes_with_any_word_and_not_with_line_wrapping(v1: CharterText) -> None:
    first = v1.commitments[0]
    rewrapped = first.model_copy(update={"text": first.text.replace(" ", "\n", 3)})
    same = v1.model_copy(update={"commitments": (rewrapped, *v1.commitments[1:])})
    assert text_hash(same) == text_hash(v1)
    changed = first.model_copy(update={"text": first.text.replace("ANSSI", "Anssi")})
    other = v1.model_copy(update={"commitments": (changed, *v1.commitments[1:])})
    assert text_hash(other) != text_hash(v1)
    assert len(text_hash(v1)) == 64


def problems_of(tmp_path: Path, preamble: str, commitments: str) -> str:
    """Write a charter file with this preamble and these commitments; return its problems."""
    path = tmp_path / "charte-bad.yaml"
    path.write_text(
        f"version: '3'\ntitle: Charte\nsummary: Résumé\npreamble: {preamble}\n"
        f"commitments:\n{commitments}",
        encoding="utf-8",
    )
    with pytest.raises(CharterFileError) as error:
        load_charter_file(path)
    return str(error.value)


def test_a_broken_file_lists_every_problem(tmp_path: Path) -> None:
    message = problems_of(
        tmp_path,
        "'  '",
        "  - {number: 2, title: B, text: b}\n  - {number: 1, title: A, text: a, extra: x}\n",
    )
    assert "preamble: must not be empty" in message
    assert "commitments[1].extra: unknown field" in message


def test_numbering_rules(tmp_path: Path) -> None:
    message = problems_of(
        tmp_path,
        "Texte",
        "  - {number: 2, title: B, text: b}\n  - {number: 1, title: A, text: a}\n"
        "  - {number: 2, title: C, text: c}\n",
    )
    assert "commitments[2].number: number 2 is repeated" in message
    assert "increasing number order" in message


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CharterFileError, match="cannot read the file"):
        load_charter_file(tmp_path / "absent.yaml")
