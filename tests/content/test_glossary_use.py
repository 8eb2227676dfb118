"""Every technical word of the texts is explained by the glossary where it stands."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from charter.core.questionnaire import GlossaryTerm
from charter.core.questionnaire.glossary import spans
from charter.core.questionnaire.readability import Text, sentences, texts, word_count

from .files import QUESTIONNAIRE_IDS, expect_none, file_of, glossary, questionnaire

JARGON = [
    line.strip()
    for line in (Path(__file__).parent / "jargon.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.lstrip().startswith("#")
]
#: An acronym: a word of capitals and digits holding at least two capitals ("VPN", "WPA3",
#: "2FA"); "Wi-Fi" or "BitLocker" are not.
ACRONYM = re.compile(r"(?<![\w-])(?=(?:[0-9]*[A-Z]){2})[A-Z0-9]+(?![\w])")
#: Words the issue names as the glossary's minimum.
REQUIRED = [
    "MFA",
    "VPN",
    "EDR",
    "phishing",
    "ransomware",
    "patch",
    "3-2-1",
    "WPA3",
    "Wi-Fi",
    "compte administrateur",
]
MAX_WORDS = 35


def glossed_texts(qid: str) -> Iterator[Text]:
    """Texts next to which the pages show "Mots expliqués": questions (text, help, options) and
    measures (title, why, how)."""
    for text in texts(questionnaire(qid)):
        if text.owner in ("question", "context", "measure"):
            yield text


def explained(text: str, start: int, end: int) -> bool:
    """Whether a glossary term matching in ``text`` covers ``text[start:end]``."""
    return any(a <= start and end <= b for term in glossary().terms for a, b in spans(term, text))


def test_jargon_list_is_clean() -> None:
    assert len(JARGON) == len({w.lower() for w in JARGON}), "a word is listed twice"
    assert all(not ACRONYM.fullmatch(w) for w in JARGON), "acronyms need no listing"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Le VPN, la MFA et le WPA3.", ["VPN", "MFA", "WPA3"]),
        ("Le 2FA et la clé USB", ["2FA", "USB"]),
        ("Wi-Fi, BitLocker, CERT-FR, A4, 3-2-1", ["CERT"]),
    ],
)
def test_acronym_pattern(text: str, found: list[str]) -> None:
    assert ACRONYM.findall(text) == found


@pytest.mark.parametrize("word", REQUIRED)
def test_the_words_the_issue_names_are_in_the_glossary(word: str) -> None:
    term = GlossaryTerm(id="required", term=word, definition="-")
    assert any(
        spans(term, name) == [(0, len(name))]
        for entry in glossary().terms
        for name in (entry.term, *entry.aliases)
    ), f"questionnaires/glossary.yaml: no term or alias for « {word} »"


@pytest.mark.parametrize("qid", QUESTIONNAIRE_IDS)
def test_every_acronym_is_explained_where_it_stands(qid: str) -> None:
    problems = sorted(
        {
            f"{file_of(qid)}: {text.where}: « {match.group()} » is not in the glossary"
            for text in glossed_texts(qid)
            for match in ACRONYM.finditer(text.text)
            if not explained(text.text, *match.span())
        }
    )
    expect_none(problems, "acronyms without a definition")


@pytest.mark.parametrize("qid", QUESTIONNAIRE_IDS)
def test_every_jargon_word_is_explained_where_it_stands(qid: str) -> None:
    problems = sorted(
        {
            f"{file_of(qid)}: {text.where}: « {text.text[a:b]} » is not in the glossary"
            for text in glossed_texts(qid)
            for word in JARGON
            for a, b in spans(GlossaryTerm(id="jargon", term=word, definition="-"), text.text)
            if not explained(text.text, a, b)
        }
    )
    expect_none(problems, "technical words without a definition")


def test_glossary_definitions_are_short_sentences() -> None:
    problems = [
        f"questionnaires/glossary.yaml: term '{term.id}': {word_count(s)} words "
        f"(at most {MAX_WORDS}): « {s} »"
        for term in glossary().terms
        for s in sentences(term.definition)
        if word_count(s) > MAX_WORDS
    ]
    expect_none(problems, "glossary sentences too long")
