"""Reading files: YAML errors, directories, glossary, coverage, snapshots and hostile input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from charter.core.questionnaire import (
    Questionnaire,
    QuestionnaireError,
    canonical_snapshot,
    check_directory,
    definition_hash,
    load_coverage_exclusions,
    load_glossary,
    load_questionnaire,
    load_questionnaires,
    parse_questionnaire,
)

from .builders import context_question, measure, question, questionnaire_data, theme, trigger


def write(directory: Path, name: str, data: Any) -> Path:
    path = directory / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def load_problems(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire(path)
    return [(p.path, p.message) for p in info.value.problems]


def test_load_valid_file(tmp_path: Path) -> None:
    path = write(tmp_path, "test.yaml", questionnaire_data())
    assert load_questionnaire(path).id == "test"


def test_yaml_syntax_error_gives_line_number(tmp_path: Path) -> None:
    path = write(tmp_path, "test.yaml", "id: test\nthemes:\n  - id: a\n   title: [oops\n")
    ((where, message),) = load_problems(path)
    assert where == ""
    assert message.startswith("invalid YAML at line 4, column")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("- a\n- b\n", "the file must be a mapping of 'key: value' lines"),
        ("just text", "the file must be a mapping of 'key: value' lines"),
        ("a: !!python/object:os.system {}\n", None),
        ("a: " + "9" * 5000 + "\n", None),
        ("a: &a [*a]\n", None),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", None),
    ],
)
def test_hostile_or_odd_files_give_a_problem(
    tmp_path: Path, text: str, message: str | None
) -> None:
    path = write(tmp_path, "test.yaml", text)
    ((where, found),) = load_problems(path)
    assert where == ""
    if message is not None:
        assert found == message


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    ((_, message),) = load_problems(write(tmp_path, "test.yaml", "\n".join(lines) + "\n"))
    assert "more than" in message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "test.yaml"
    path.write_bytes(b"id: caf\xe9\n")
    assert load_problems(path) == [("", "not UTF-8 text (byte 7)")]


def test_missing_file(tmp_path: Path) -> None:
    ((_, message),) = load_problems(tmp_path / "absent.yaml")
    assert message.startswith("cannot read the file")


def test_directory_collects_problems_of_every_file(tmp_path: Path) -> None:
    write(tmp_path, "test.yaml", questionnaire_data())
    write(tmp_path, "bad-one.yaml", questionnaire_data(id="bad-one", version=0))
    write(tmp_path, "bad-two.yaml", "id: [unclosed\n")
    write(tmp_path, "glossary.yaml", {"terms": []})
    write(tmp_path, "coverage-exclusions.yaml", {"left_out": []})
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaires(tmp_path)
    files = [Path(p.file).name for p in info.value.problems]
    assert files == ["bad-one.yaml", "bad-two.yaml"]
    assert "bad-one.yaml: version: " in str(info.value)


def test_directory_loads_all_but_glossary_and_coverage(tmp_path: Path) -> None:
    write(tmp_path, "test.yaml", questionnaire_data())
    write(tmp_path, "autre.yaml", questionnaire_data(id="autre"))
    write(tmp_path, "glossary.yaml", {"terms": []})
    write(tmp_path, "coverage-exclusions.yaml", {"left_out": []})
    write(tmp_path, "notes.txt", "not yaml")
    assert sorted(load_questionnaires(tmp_path)) == ["autre", "test"]


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(QuestionnaireError, match="directory not found"):
        load_questionnaires(tmp_path / "absent")


def test_glossary(tmp_path: Path) -> None:
    term = {
        "id": "mfa",
        "term": "double authentification",
        "aliases": ["MFA", "2FA"],
        "definition": "Un second code en plus du mot de passe.",
    }
    assert load_glossary(write(tmp_path, "glossary.yaml", {"terms": [term]})).terms[0].id == "mfa"
    twice = {**term, "id": "mfa2", "term": "Wi-Fi", "aliases": ["mfa"]}
    with pytest.raises(QuestionnaireError) as info:
        load_glossary(write(tmp_path, "glossary.yaml", {"terms": [term, term, twice]}))
    assert [p.path for p in info.value.problems] == [
        "terms[1].id",
        "terms[1].term",
        "terms[1].aliases[0]",
        "terms[1].aliases[1]",
        "terms[2].aliases[0]",
    ]


def test_coverage_exclusions(tmp_path: Path) -> None:
    item = {"questionnaire": "test", "reference": "hygiene-28", "reason": "Trop technique."}
    loaded = load_coverage_exclusions(write(tmp_path, "c.yaml", {"left_out": [item]}))
    assert loaded.left_out[0].reference == "hygiene-28"
    with pytest.raises(QuestionnaireError) as info:
        load_coverage_exclusions(write(tmp_path, "c.yaml", {"left_out": [item, item]}))
    assert [p.path for p in info.value.problems] == ["left_out[1]"]


def test_check_directory(tmp_path: Path) -> None:
    write(tmp_path, "test.yaml", questionnaire_data())
    write(tmp_path, "glossary.yaml", {"terms": [{"id": "x"}]})
    item = {"questionnaire": "absent", "reference": "hygiene-28", "reason": "Pourquoi."}
    write(tmp_path, "coverage-exclusions.yaml", {"left_out": [item]})
    found = [(Path(p.file).name, p.path) for p in check_directory(tmp_path)]
    assert found == [
        ("glossary.yaml", "terms[0].term"),
        ("glossary.yaml", "terms[0].definition"),
        ("coverage-exclusions.yaml", "left_out[0].questionnaire"),
    ]


def rich_questionnaire() -> Questionnaire:
    return parse_questionnaire(
        questionnaire_data(
            theme(
                "t1",
                question("q1", essential=True, references=["cpme-4"]),
                question(
                    "q2",
                    weight=2.5,
                    allow_not_applicable=True,
                    applies_if=[{"context": "wifi", "in": ["oui"]}],
                ),
            ),
            theme("t2", question("q3"), weight=2),
            context=[context_question("wifi")],
            measures=[measure("m1", trigger("q1"), trigger("q2", ["s0", "unknown"]))],
            description="Diagnostic « essentiel » — données, sauvegardes, été.",
        )
    )


def test_snapshot_round_trip_and_json() -> None:
    q = rich_questionnaire()
    snapshot = canonical_snapshot(q)
    assert json.loads(json.dumps(snapshot)) == snapshot
    assert list(snapshot) == sorted(snapshot)
    assert snapshot["themes"][0]["questions"][1]["applies_if"][0]["in"] == ["oui"]
    rebuilt = Questionnaire.from_snapshot(json.loads(json.dumps(snapshot)))
    assert rebuilt == q
    assert canonical_snapshot(rebuilt) == snapshot
    assert definition_hash(rebuilt) == definition_hash(q)


def test_hash_is_sha256_of_compact_sorted_json() -> None:
    import hashlib

    q = rich_questionnaire()
    text = json.dumps(
        canonical_snapshot(q), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert "« essentiel »" in text  # ensure_ascii=False keeps French characters
    assert definition_hash(q) == hashlib.sha256(text.encode()).hexdigest()


def test_hash_ignores_key_order_and_follows_content() -> None:
    data = questionnaire_data()
    reordered = dict(reversed(list(data.items())))
    assert definition_hash(parse_questionnaire(data)) == definition_hash(
        parse_questionnaire(reordered)
    )
    changed = questionnaire_data(title="Autre titre")
    assert definition_hash(parse_questionnaire(data)) != definition_hash(
        parse_questionnaire(changed)
    )
