"""Measures: a title that starts with a verb, a why with a concrete case, a how in steps, an
effort, a priority rank and an ANSSI reference."""

from __future__ import annotations

import re

import pytest

from charter.core.questionnaire.readability import sentences

from .files import QUESTIONNAIRE_IDS, expect_none, file_of, questionnaire

#: French infinitives end in -er, -ir (-oir included) or -re.
INFINITIVE_ENDINGS = ("er", "ir", "re")
#: Common words with those endings that are not verbs, so that "Premier pas" or "Votre Wi-Fi"
#: is not taken for an infinitive.
# fmt: off
NOT_VERBS = frozenset({
    "premier", "première", "dernier", "dernière", "dossier", "fichier", "papier", "clavier",
    "cahier", "chantier", "métier", "quartier", "plaisir", "loisir", "avenir", "soir", "espoir",
    "tiroir", "couloir", "comptoir", "miroir", "notre", "votre", "autre", "entre", "contre",
    "titre", "filtre", "chiffre", "registre", "centre", "ordre", "nombre", "membre", "libre",
    "propre", "chambre", "lettre", "livre", "mémoire", "ordinaire", "annuaire", "glossaire",
    "inventaire", "formulaire", "salaire",
})
# fmt: on
EFFORTS = ("low", "medium", "high")
MIN_STEPS = 3
ANSSI_GUIDES = ("hygiene-", "cpme-")


def first_verb(title: str) -> str:
    """The word that should be an infinitive: the first, after a reflexive "Se"/"S'"."""
    words = title.split()
    first = words[0].lower()
    if first == "se" and len(words) > 1:
        return words[1].lower()
    return first.removeprefix("s'").removeprefix("s’")


def is_infinitive(word: str) -> bool:
    word = re.sub(r"[^\w-]", "", word)
    return word.endswith(INFINITIVE_ENDINGS) and word not in NOT_VERBS


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Activer la double authentification", True),
        ("Se connecter sans Wi-Fi public", True),
        ("S'équiper d'un gestionnaire", True),
        ("Mettre en place une sauvegarde", True),
        ("Prévoir un plan", True),
        ("Sauvegarde automatique", False),
        ("Premier pas vers la sécurité", False),
        ("Votre Wi-Fi", False),
        ("Chiffre d'affaires", False),
    ],
)
def test_infinitive_check(title: str, expected: bool) -> None:
    assert is_infinitive(first_verb(title)) is expected


@pytest.mark.parametrize("qid", QUESTIONNAIRE_IDS)
def test_every_measure_has_all_its_fields(qid: str) -> None:
    problems = []
    for measure in questionnaire(qid).measures:

        def problem(text: str, measure_id: str = measure.id) -> None:
            problems.append(f"{file_of(qid)}: measure '{measure_id}': {text}")

        if not is_infinitive(first_verb(measure.title)):
            problem(f"title « {measure.title} » does not start with an infinitive verb")
        if len(sentences(measure.why)) < 2:
            problem("why needs at least two sentences: the risk, and a concrete case")
        lines = [line.strip() for line in measure.how.splitlines() if line.strip()]
        steps = [line for line in lines if line.startswith("- ")]
        if len(steps) < MIN_STEPS or len(steps) != len(lines):
            problem(f"how needs at least {MIN_STEPS} steps, one a line, each starting with '- '")
        if measure.effort not in EFFORTS:
            problem(f"effort '{measure.effort}' is not one of {', '.join(EFFORTS)}")
        if measure.priority < 1:
            problem(f"priority {measure.priority} is not a rank (1 or more)")
        if not any(r.startswith(ANSSI_GUIDES) for r in measure.references):
            problem("no reference to an ANSSI guide measure (hygiene-N or cpme-N)")
        if not measure.triggers:
            problem("no trigger: the measure can never appear in an action plan")
    expect_none(problems, "incomplete measures")


@pytest.mark.parametrize("qid", QUESTIONNAIRE_IDS)
def test_every_scored_question_leads_to_a_measure_that_cites_its_topic(qid: str) -> None:
    # A measure proposed for a question should speak of the same ANSSI topic as the question.
    q = questionnaire(qid)
    problems = []
    for question in q.questions():
        measures = [m for m in q.measures if any(t.question == question.id for t in m.triggers)]
        cited = {r for m in measures for r in m.references}
        if question.references and not cited & set(question.references):
            problems.append(
                f"{file_of(qid)}: question '{question.id}' cites {', '.join(question.references)} "
                f"but none of its measures ({', '.join(m.id for m in measures)}) does"
            )
    expect_none(problems, "questions whose measures cite another topic")
