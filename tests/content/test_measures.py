"""Measures: a title that starts with a verb, a why with a concrete case, a how in steps, an
effort, a priority rank and an ANSSI reference."""

from __future__ import annotations

import re

import pytest

from charter.core.questionnaire.readability import sentences

from .files import QUESTIONNAIRE_IDS, expect_none, file_of, questionnaire

#: French infinitives end in -er, -ir (-oir included) or -re. Some of those endings belong far
#: more often to nouns ("gestionnaire", "procédure", "chiffre", "première", "lettre"): a word
#: with such an ending counts as a verb only when it is listed with it.
INFINITIVE_ENDINGS = ("er", "ir", "re")
# fmt: off
NOUN_ENDINGS: dict[str, frozenset[str]] = {
    "ère": frozenset(),
    "bre": frozenset(),
    "fre": frozenset(),
    "gre": frozenset(),
    "aire": frozenset({"faire", "refaire", "défaire", "satisfaire", "plaire", "déplaire", "taire",
                       "traire", "extraire", "distraire", "soustraire"}),
    "oire": frozenset({"boire", "croire"}),
    "ure": frozenset({"conclure", "exclure", "inclure"}),
    "cre": frozenset({"vaincre", "convaincre"}),
    "pre": frozenset({"rompre", "interrompre", "corrompre"}),
    "tre": frozenset({"mettre", "remettre", "permettre", "promettre", "transmettre", "soumettre",
                      "admettre", "omettre", "commettre", "compromettre", "battre", "combattre",
                      "débattre", "abattre", "être", "connaître", "reconnaître", "paraître",
                      "apparaître", "disparaître", "naître", "croître", "accroître"}),
    "vre": frozenset({"vivre", "survivre", "revivre", "suivre", "poursuivre"}),
}
#: Common nouns and adjectives that the rules above still take for verbs.
NOT_VERBS = frozenset({
    "premier", "dernier", "dossier", "fichier", "papier", "clavier", "cahier", "chantier",
    "métier", "quartier", "atelier", "courrier", "calendrier", "boîtier", "panier", "escalier",
    "particulier", "régulier", "entier", "léger", "étranger", "hiver", "hier", "cher", "fer",
    "mer", "plaisir", "loisir", "désir", "avenir", "soir", "espoir", "tiroir", "couloir",
    "comptoir", "miroir", "pouvoir", "devoir", "pire", "navire", "empire",
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
    word = re.sub(r"[^\w-]", "", word.lower())
    if word in NOT_VERBS or not word.endswith(INFINITIVE_ENDINGS):
        return False
    for ending, verbs in NOUN_ENDINGS.items():
        if word.endswith(ending):
            return word in verbs
    return True


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
        ("Gestionnaire de mots de passe", False),
        ("Procédure d'incident", False),
        ("Inventaire du parc", False),
        ("Première étape", False),
        ("Dossier client", False),
        ("Lettre type", False),
        ("Affaire classée", False),
        ("Mettre en place", True),
        ("Reconnaître un faux message", True),
        ("Faire régler la box", True),
        ("Inclure la sécurité au contrat", True),
        ("Suivre les alertes", True),
        ("Connaître ses prestataires", True),
        ("Écrire une fiche réflexe", True),
        ("Prendre soin de son identité", True),
        ("Vérifier chaque RIB", True),
        ("Équiper l'équipe", True),
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
