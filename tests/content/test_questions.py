"""Questions: help that says why and what a good answer is, short sentences, every weak answer
leading to a measure, and essential questions chosen with care."""

from __future__ import annotations

import pytest

from charter.core.action_plan import build_action_plan
from charter.core.questionnaire import UNKNOWN
from charter.core.questionnaire.readability import sentences, texts, word_count

from .files import QUESTIONNAIRE_IDS, expect_none, file_of, questionnaire

MAX_WORDS = 35
#: Every help text of a scored question ends with what a good answer looks like, introduced by
#: these words ("La bonne réponse : ...", "Une bonne réponse : ...").
GOOD_ANSWER = "bonne réponse"
#: The usual essentials of a small company's diagnosis, and the hygiene-guide measure an
#: essential question about each must cite.
USUAL_ESSENTIALS = {
    "hygiene-37": "sauvegardes",
    "hygiene-34": "mises à jour",
    "hygiene-13": "double authentification",
    "hygiene-29": "droits d'administrateur",
    "hygiene-2": "sensibilisation à l'hameçonnage",
    "hygiene-32": "accès à distance",
}
ESSENTIAL_MIN_WEIGHT = 2.5


@pytest.mark.parametrize("qid", QUESTIONNAIRE_IDS)
def test_every_scored_question_has_help_on_why_and_on_a_good_answer(qid: str) -> None:
    problems = []
    for question in questionnaire(qid).questions():
        where = f"{file_of(qid)}: question '{question.id}'"
        if len(sentences(question.help)) < 2:
            problems.append(
                f"{where}: help needs at least two sentences (why it matters, then "
                "what a good answer looks like)"
            )
        if GOOD_ANSWER not in question.help.lower():
            problems.append(
                f"{where}: help does not say what a good answer looks like "
                f"(« La bonne réponse : ... »)"
            )
    expect_none(problems, "questions without a proper help")


@pytest.mark.parametrize("qid", QUESTIONNAIRE_IDS)
def test_every_context_question_has_help(qid: str) -> None:
    problems = [
        f"{file_of(qid)}: context question '{c.id}': no help (say why it is asked and what the "
        "answer changes)"
        for c in questionnaire(qid).context
        if not c.help
    ]
    expect_none(problems, "context questions without help")


@pytest.mark.parametrize("qid", QUESTIONNAIRE_IDS)
def test_no_sentence_over_35_words_in_questions_and_help(qid: str) -> None:
    problems = [
        f"{file_of(qid)}: {text.where}: {word_count(s)} words (at most {MAX_WORDS}): « {s} »"
        for text in texts(questionnaire(qid))
        if text.is_question_or_help
        for s in sentences(text.text)
        if word_count(s) > MAX_WORDS
    ]
    expect_none(problems, "sentences too long")


@pytest.mark.parametrize("qid", QUESTIONNAIRE_IDS)
def test_every_answer_below_the_best_and_unknown_trigger_a_measure(qid: str) -> None:
    # Uses the real action plan: one answer at a time, every other question not applicable.
    q = questionnaire(qid)
    problems = []
    for question in q.questions():
        best = max(option.score or 0 for option in question.options)
        weak = [o.key for o in question.options if (o.score or 0) < best] + [UNKNOWN]
        for value in weak:
            plan = build_action_plan(q, {question.id: value})
            if not any(question.id in entry.questions for entry in plan):
                label = "« Je ne sais pas »" if value == UNKNOWN else f"option '{value}'"
                problems.append(
                    f"{file_of(qid)}: question '{question.id}': {label} triggers no measure"
                )
    expect_none(problems, "weak answers without a measure")


@pytest.mark.parametrize("qid", QUESTIONNAIRE_IDS)
def test_essential_questions_weigh_the_most(qid: str) -> None:
    problems = [
        f"{file_of(qid)}: question '{question.id}': essential but weight {question.weight:g} "
        f"(at least {ESSENTIAL_MIN_WEIGHT:g})"
        for question in questionnaire(qid).questions()
        if question.essential and question.weight < ESSENTIAL_MIN_WEIGHT
    ]
    expect_none(problems, "essential questions with a low weight")


@pytest.mark.parametrize(
    "qid", [qid for qid in QUESTIONNAIRE_IDS if questionnaire(qid).audience == "sme"]
)
def test_sme_questionnaires_make_the_usual_five_essential(qid: str) -> None:
    cited = {
        reference
        for question in questionnaire(qid).questions()
        if question.essential
        for reference in question.references
    }
    problems = [
        f"{file_of(qid)}: no essential question about {topic} (citing {reference})"
        for reference, topic in USUAL_ESSENTIALS.items()
        if reference not in cited
    ]
    expect_none(problems, "usual essentials missing")
