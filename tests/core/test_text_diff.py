"""Paragraph and word differences between two versions of a text."""

from __future__ import annotations

from charter.core.text_diff import Segment, diff_paragraphs, has_changes


def test_identical_texts_have_no_change() -> None:
    blocks = diff_paragraphs(["Un.", "Deux."], ["Un.", "Deux."])
    assert not has_changes(blocks) and [b.kind for b in blocks] == ["same", "same"]


def test_a_changed_paragraph_is_diffed_word_by_word() -> None:
    [block] = diff_paragraphs(
        ["Le prestataire sauvegarde les données chaque semaine."],
        ["Le prestataire sauvegarde les données chaque jour."],
    )
    assert block.kind == "changed"
    assert Segment("removed", "semaine.") in block.segments
    assert Segment("added", "jour.") in block.segments
    assert "".join(s.text for s in block.segments if s.kind != "added") == (
        "Le prestataire sauvegarde les données chaque semaine."
    )


def test_added_and_removed_paragraphs() -> None:
    blocks = diff_paragraphs(["A.", "B.", "C."], ["A.", "C.", "D."])
    assert [(b.kind, b.segments[0].text) for b in blocks] == [
        ("same", "A."),
        ("removed", "B."),
        ("same", "C."),
        ("added", "D."),
    ]
    assert has_changes(blocks)
