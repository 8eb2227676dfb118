"""Terms files: validation with precise messages, a stable fingerprint, what changed."""

from __future__ import annotations

import pytest

from charter.core.terms import TermsFileError, compare, load_terms, parse_terms, split_paragraphs
from charter.services.terms import BUNDLED_TERMS

V1 = BUNDLED_TERMS / "cgu-v1.yaml"
V2 = BUNDLED_TERMS / "cgu-v2-example.yaml"


def minimal(**changes):
    data = {
        "version": "9",
        "title": "Conditions",
        "effective_date": "2027-01-01",
        "summary": "En bref.",
        "sections": [{"title": "Objet", "text": "Premier paragraphe.\n\nSecond paragraphe."}],
    }
    return data | changes


def test_the_bundled_versions_load():
    v1, v2 = load_terms(V1), load_terms(V2)
    assert (v1.version, v2.version) == ("1", "2")
    assert v1.effective_date < v2.effective_date
    assert len(v1.sections) == len(v2.sections) == 11


def test_the_hash_is_stable_and_covers_every_word():
    document = parse_terms(minimal())
    assert document.text_hash == parse_terms(minimal()).text_hash
    changed = minimal(sections=[{"title": "Objet", "text": "Premier paragraphe modifié."}])
    assert parse_terms(changed).text_hash != document.text_hash
    assert parse_terms(minimal(effective_date="2027-01-02")).text_hash != document.text_hash


def test_paragraphs_are_split_on_blank_lines_and_joined_inside():
    assert split_paragraphs("Un\ndeux.\n\n\nTrois.  \n") == ("Un deux.", "Trois.")


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"version": "1 bis"}, "version"),
        ({"sections": []}, "sections"),
        ({"summary": "  "}, "summary"),
        ({"effective_date": "bientôt"}, "effective_date"),
        ({"signed": True}, "signed"),
    ],
)
def test_invalid_files_name_the_field(changes, where):
    with pytest.raises(TermsFileError) as caught:
        parse_terms(minimal(**changes), "cgu-x.yaml")
    assert f"cgu-x.yaml: {where}" in str(caught.value)


def test_a_section_title_used_twice_is_refused():
    twice = [{"title": "Objet", "text": "a"}, {"title": "Objet", "text": "b"}]
    with pytest.raises(TermsFileError, match=r"sections\[1\]\.title"):
        parse_terms(minimal(sections=twice))


def test_an_unreadable_file_is_a_terms_error(tmp_path):
    broken = tmp_path / "cgu.yaml"
    broken.write_text("version: [unclosed\n")
    with pytest.raises(TermsFileError, match="invalid YAML"):
        load_terms(broken)


def test_compare_shows_the_paragraphs_added_by_version_2():
    changes = compare(load_terms(V1), load_terms(V2))
    assert [(c.title, c.status) for c in changes] == [("Règles d'utilisation", "changed")]
    added = changes[0].added
    assert len(added) == 2
    assert any("données ouvertes" in p for p in added)
    assert changes[0].removed == ()


def test_compare_reports_sections_added_and_removed():
    old = parse_terms(minimal())
    new = parse_terms(minimal(sections=[{"title": "Nouveau", "text": "Texte."}]))
    assert [(c.title, c.status) for c in compare(old, new)] == [
        ("Nouveau", "added"),
        ("Objet", "removed"),
    ]
    assert compare(None, new) == []
