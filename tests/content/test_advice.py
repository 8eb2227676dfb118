"""Advice a security consultant can sign (issue 16): every measure says what it costs, how long
it takes and where to read more on an official site; the cases told are fictitious; the figures
are the same everywhere; no product is called free when it is not."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from charter.core.figures import FIGURES
from charter.core.questionnaire import load_link_catalogue
from charter.core.questionnaire.links import OFFICIAL_DOMAINS, is_official
from charter.core.questionnaire.loader import LINKS_FILE
from charter.core.questionnaire.readability import sentences, texts

from .files import CONTENT, QUESTIONNAIRE_IDS, expect_none, file_of, questionnaire

#: Towns and places of Normandy the first versions used in invented incidents told as facts.
#: A Region-branded document must not pin an invented incident on a real place.
PLACES = (
    "Alençon", "Argentan", "Avranches", "Bagnoles", "Barentin", "Bayeux", "Bernay", "Bolbec",
    "Caen", "Carentan", "Caux", "Cherbourg", "Coutances", "Deauville", "Dieppe", "Domfront",
    "Elbeuf", "Étretat", "Évreux", "Falaise", "Fécamp", "Flers", "Forges-les-Eaux", "Gisors",
    "Gournay", "Granville", "Havre", "Honfleur", "Isigny", "L'Aigle", "Lillebonne", "Lisieux",
    "Louviers", "Mont-Saint-Michel", "Mortagne", "Neufchâtel", "Pont-Audemer", "Pont-l'Évêque",
    "Rouen", "Saint-Lô", "Tréport", "Valognes", "Vernon", "Villedieu", "Vire", "Yvetot",
    "pays d'Auge",
)  # fmt: skip
#: How a case is told as a possibility, not as a fact.
HYPOTHETICAL = re.compile(
    r"\b(imaginez|prenons|supposons|exemple fictif|si|s'ils?)\b|\b\w+rai(?:t|ent)\b",
    re.IGNORECASE,
)
#: Products whose team use is paid: never to be called "gratuit" in the same sentence.
PAID_FOR_TEAMS = ("Bitwarden", "Veeam", "1Password", "Dashlane", "TeamViewer", "AnyDesk", "Intune")


@pytest.mark.parametrize("qid", QUESTIONNAIRE_IDS)
def test_every_measure_has_a_cost_a_time_and_official_links(qid: str) -> None:
    problems = []
    for measure in questionnaire(qid).measures:
        where = f"{file_of(qid)}: measure '{measure.id}'"
        if measure.cost is None:
            problems.append(f"{where}: no cost (in euros, {{min: 0, max: 0}} when free)")
        if not measure.time:
            problems.append(f"{where}: no time (how long it takes)")
        if not measure.links:
            problems.append(f"{where}: no link to an official resource")
        allowed = ", ".join(OFFICIAL_DOMAINS)
        problems += [
            f"{where}: link « {link.url} » is not on an official site ({allowed})"
            for link in measure.links
            if not is_official(link.url)
        ]
    expect_none(problems, "measures without cost, time or official links")


def test_the_link_catalogue_holds_official_addresses_only() -> None:
    catalogue = load_link_catalogue(CONTENT / LINKS_FILE)
    assert catalogue.links, "questionnaires/links.yaml is empty"
    problems = [
        f"questionnaires/{LINKS_FILE}: '{link.id}': « {link.url} » is not on an official site"
        for link in catalogue.links
        if not is_official(link.url)
    ]
    expect_none(problems, "unofficial addresses")
    # Every entry serves at least one measure: the catalogue is not a dumping ground.
    used = {
        link.url
        for qid in QUESTIONNAIRE_IDS
        for m in questionnaire(qid).measures
        for link in m.links
    }
    unused = [link.id for link in catalogue.links if link.url not in used]
    expect_none(unused, "links of the catalogue that no measure uses")


@pytest.mark.parametrize(
    ("url", "official"),
    [
        ("https://www.cybermalveillance.gouv.fr/tous-nos-contenus/x", True),
        ("https://messervices.cyber.gouv.fr/guides/x", True),
        ("https://www.cnil.fr/fr/x", True),
        ("https://17cyber.gouv.fr", True),
        ("http://www.cnil.fr/fr/x", False),  # https only
        ("https://cnil.fr.example.com/x", False),
        ("https://evilcnil.fr/x", False),
        ("https://www.cybermalveillance.gouv.fr@example.com/x", False),
        ("https://bitwarden.com", False),
    ],
)
def test_the_allowlist_check(url: str, official: bool) -> None:
    assert is_official(url) is official, urlsplit(url).hostname


@pytest.mark.parametrize("qid", QUESTIONNAIRE_IDS)
def test_every_case_is_fictitious_and_names_no_real_place(qid: str) -> None:
    problems = []
    for text in texts(questionnaire(qid)):
        for place in PLACES:
            if re.search(rf"(?<!\w){re.escape(place)}(?!\w)", text.text):
                problems.append(f"{file_of(qid)}: {text.where}: names a real place, « {place} »")
    for measure in questionnaire(qid).measures:
        case = sentences(measure.why)[1:]  # the first sentence states the risk
        if not any(HYPOTHETICAL.search(s) for s in case):
            problems.append(
                f"{file_of(qid)}: measure '{measure.id}', why: the case is told as a fact; write "
                "it in the conditional (« Imaginez… », « … pourrait… »)"
            )
    expect_none(problems, "invented incidents told as facts")


@pytest.mark.parametrize("qid", QUESTIONNAIRE_IDS)
def test_no_paid_product_is_called_free(qid: str) -> None:
    problems = [
        f"{file_of(qid)}: {text.where}: « {s} »"
        for text in texts(questionnaire(qid))
        for s in sentences(text.text)
        if "gratuit" in s.lower() and any(product in s for product in PAID_FOR_TEAMS)
    ]
    expect_none(problems, "sentences calling a paid product free")


#: (topic, words that show a sentence is about it, expressions of a frequency or a delay).
FIGURE_TOPICS = {
    "frequence-test-restauration": (
        re.compile(r"\b(restaur\w*|essai de récupération)\b", re.IGNORECASE),
        re.compile(
            r"\b(une fois par an|deux fois par an|chaque trimestre|par trimestre|tous les six "
            r"mois|chaque année|chaque mois)\b",
            re.IGNORECASE,
        ),
    ),
    "delai-information-client": (
        re.compile(
            r"\b(prévenir|prévenez|informer|message)\b.*\bclients?\b|\bclients?\b.*\b(prévenir|prévenez|informer)\b",
            re.IGNORECASE,
        ),
        re.compile(r"\b\d+ heures\b"),
    ),
}


@pytest.mark.parametrize("qid", QUESTIONNAIRE_IDS)
def test_one_figure_per_topic(qid: str) -> None:
    # A sentence that gives a restore-test frequency or a client-notification delay gives the
    # figure of charter/core/figures.py (72 hours is the CNIL's and the complaint's delay).
    problems = []
    for text in texts(questionnaire(qid)):
        for s in sentences(text.text):
            for name, (topic, expression) in FIGURE_TOPICS.items():
                if not topic.search(s):
                    continue
                for found in expression.findall(s):
                    value = found if isinstance(found, str) else found[0]
                    if value not in (FIGURES[name], FIGURES["delai-plainte"]):
                        problems.append(
                            f"{file_of(qid)}: {text.where}: « {value} » where the figure "
                            f"'{name}' says « {FIGURES[name]} »: « {s} »"
                        )
    expect_none(problems, "figures that differ from charter/core/figures.py")


@pytest.mark.parametrize("qid", QUESTIONNAIRE_IDS)
def test_no_placeholder_is_left_unreplaced(qid: str) -> None:
    problems = [
        f"{file_of(qid)}: {text.where}: « {text.text[:60]} »"
        for text in texts(questionnaire(qid))
        if "{{" in text.text or "}}" in text.text
    ]
    expect_none(problems, "figures left as placeholders")
