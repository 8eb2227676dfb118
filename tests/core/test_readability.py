"""Cutting texts into sentences and counting words, as the content gates and statistics do."""

from __future__ import annotations

import pytest

from charter.core.questionnaire.readability import (
    SentenceLengths,
    Text,
    sentences,
    statistics_of,
    texts,
    word_count,
)

from .builders import build, context_question, measure, question, theme, trigger


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Une phrase. Une autre !", ["Une phrase.", "Une autre !"]),
        (
            "La bonne réponse : un disque ; deux copies.",
            ["La bonne réponse :", "un disque ;", "deux copies."],
        ),
        ("Vraiment ? Oui… Bien sûr", ["Vraiment ?", "Oui…", "Bien sûr"]),
        ("Des outils, p. ex. Bitwarden. Fin", ["Des outils, p. ex. Bitwarden.", "Fin"]),
        ("Disques, clés, etc. pour tout. Fin", ["Disques, clés, etc. pour tout.", "Fin"]),
        ("Disques, clés, etc. Autre phrase", ["Disques, clés, etc.", "Autre phrase"]),
        ("M. Martin appelle. Mme Durand répond", ["M. Martin appelle.", "Mme Durand répond"]),
        ("Voir cf. la fiche. Puis", ["Voir cf. la fiche.", "Puis"]),
        ("Sur 17cyber.gouv.fr ou au 1.5 près.", ["Sur 17cyber.gouv.fr ou au 1.5 près."]),
        ("- Étape un\n- Étape deux", ["Étape un", "Étape deux"]),
        ("  \n : \n", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("Sauvegardez l'entreprise.", 2),
        ("La règle 3-2-1 pour le Wi-Fi", 6),
        ("« Oui » : — non", 2),
        ("", 0),
    ],
)
def test_word_count(sentence: str, count: int) -> None:
    assert word_count(sentence) == count


def _sample():
    return build(
        theme("t", question("a", help="Une aide courte. Puis une phrase de six mots ici.")),
        context=[context_question("c")],
        measures=[measure("m", trigger("a"))],
    )


def test_texts_lists_every_user_facing_text_with_its_place() -> None:
    found = {(t.owner, t.owner_id, t.field) for t in texts(_sample())}
    assert ("context", "c", "text") in found
    assert ("context", "c", "options[1].label") in found
    assert ("question", "a", "help") in found
    assert ("measure", "m", "how") in found
    assert ("level", "debutant", "description") in found
    assert ("theme", "t", "title") in found
    assert Text("question", "a", "help", "x").where == "question 'a', help"
    assert Text("question", "a", "help", "x").is_question_or_help
    assert not Text("question", "a", "options[0].label", "x").is_question_or_help


def test_statistics() -> None:
    figures = statistics_of(_sample())
    assert (figures.scored_questions, figures.context_questions, figures.measures) == (1, 1, 1)
    # Questions and help: "Question a ?" (2 words), "Une aide courte." (3),
    # "Puis une phrase de six mots ici." (7), "Contexte c ?" (2): median 2.5, longest 7.
    assert figures.questions_and_help.count == 4
    assert figures.questions_and_help.median == 2.5
    assert figures.questions_and_help.longest == 7
    assert figures.questions_and_help.longest_where == "question 'a', help"
    assert figures.all_texts.count > figures.questions_and_help.count
    assert SentenceLengths.of([]).count == 0
