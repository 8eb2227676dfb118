"""Every weight and every essential flag of a scored question says why, in a YAML comment.

Checked on the raw text, as a reviewer reads it: the ``weight:`` line of each scored question
and each ``essential: true`` line carry a ``#`` comment on the same line or on the line just
before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import yaml

from .files import CONTENT, QUESTIONNAIRE_IDS, expect_none, file_of, questionnaire

MIN_WORDS = 3  # "# essential" alone justifies nothing
_INLINE = re.compile(r"\s#(.*)$")


def _value(mapping: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    return next(((k, v) for k, v in mapping.value if k.value == key), None)


def flagged_lines(text: str) -> Iterator[tuple[str, str, int]]:
    """(question id, key, line index) of each scored question's weight and essential: true."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    themes = _value(root, "themes")
    for theme in themes[1].value if themes else []:
        questions = _value(theme, "questions")
        for question in questions[1].value if questions else []:
            qid = _value(question, "id")
            name = qid[1].value if qid else "?"
            weight = _value(question, "weight")
            if weight:
                yield name, "weight", weight[0].start_mark.line
            essential = _value(question, "essential")
            if essential and essential[1].value == "true":
                yield name, "essential", essential[0].start_mark.line


def justification(lines: list[str], index: int) -> str:
    """The comment on line ``index`` or, failing that, on the line just before ('' if none)."""
    inline = _INLINE.search(lines[index])
    if inline:
        return inline.group(1).strip()
    before = lines[index - 1].strip() if index else ""
    return before.removeprefix("#").strip() if before.startswith("#") else ""


def test_the_check_reads_inline_and_preceding_comments() -> None:
    text = (
        "themes:\n  - id: t\n    weight: 1\n    questions:\n"
        "      - id: a\n        weight: 3  # the last resort after any incident\n"
        "        essential: true\n"
        "      - id: b\n        # Weight 2: matters for every client at once.\n"
        "        weight: 2\n        essential: false\n"
    )
    lines = text.splitlines()
    found = {(q, key): justification(lines, i) for q, key, i in flagged_lines(text)}
    assert found == {
        ("a", "weight"): "the last resort after any incident",
        ("a", "essential"): "",
        ("b", "weight"): "Weight 2: matters for every client at once.",
    }


@pytest.mark.parametrize("qid", QUESTIONNAIRE_IDS)
def test_every_weight_and_essential_flag_is_justified(qid: str) -> None:
    text = (CONTENT / f"{qid}.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    problems = [
        f"{file_of(qid)}, line {index + 1}: question '{question}': '{key}' has no comment saying "
        f"why (at least {MIN_WORDS} words, on the same line or the line before)"
        for question, key, index in flagged_lines(text)
        if len(justification(lines, index).split()) < MIN_WORDS
    ]
    expect_none(problems, "weights or essential flags without a reason")


def theme_weight_lines(text: str) -> Iterator[tuple[str, int]]:
    """(theme id, line index) of each theme's weight."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    themes = _value(root, "themes")
    for theme in themes[1].value if themes else []:
        tid = _value(theme, "id")
        weight = _value(theme, "weight")
        if weight:
            yield (tid[1].value if tid else "?"), weight[0].start_mark.line


@pytest.mark.parametrize("qid", QUESTIONNAIRE_IDS)
def test_every_theme_weight_is_justified(qid: str) -> None:
    # A theme's weight moves the index as much as many questions: it must say why too.
    text = (CONTENT / f"{qid}.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    problems = [
        f"{file_of(qid)}, line {index + 1}: theme '{theme}': 'weight' has no comment saying why "
        f"(at least {MIN_WORDS} words)"
        for theme, index in theme_weight_lines(text)
        if len(justification(lines, index).split()) < MIN_WORDS
    ]
    expect_none(problems, "theme weights without a reason")


def test_backups_weigh_more_than_organisation_in_the_full_diagnosis() -> None:
    themes = {t.id: t.weight for t in questionnaire("pme-complet").themes}
    assert themes["sauvegardes-continuite"] > themes["organisation-inventaire"]
    assert len(set(themes.values())) > 1, "all themes weigh the same: say what matters more"
