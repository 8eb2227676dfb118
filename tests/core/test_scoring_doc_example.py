"""The worked example of docs/scoring.md (section 9), figure by figure.

The figures are hard-coded here as in the doc: change one, change the other.
"""

from __future__ import annotations

from typing import Any

import pytest

from charter.core.questionnaire import Questionnaire
from charter.core.scoring import score_assessment

from .builders import build, measure, theme, trigger


def q(qid: str, weight: float, options: list[tuple[str, float]], **extra: Any) -> dict[str, Any]:
    return {
        "id": qid,
        "text": f"{qid} ?",
        "help": "Aide.",
        "weight": weight,
        "options": [{"key": k, "label": k, "score": s} for k, s in options],
        **extra,
    }


def example() -> Questionnaire:
    sauvegardes = theme(
        "sauvegardes",
        q(
            "sauvegarde-reguliere",
            3,
            [("non", 0), ("parfois", 1), ("oui-non-teste", 2), ("oui-teste", 3)],
            essential=True,
        ),
        q("restauration-testee", 1, [("non", 0), ("oui", 3)]),
        q("copie-hors-ligne", 2, [("non", 0), ("oui", 3)]),
        weight=1,
    )
    acces = theme(
        "acces",
        q("mots-de-passe", 2, [("non", 0), ("partiel", 1.5), ("presque", 2.5), ("oui", 3)]),
        q("wifi-invites", 1, [("non", 0), ("oui", 3)], allow_not_applicable=True),
        weight=2,
    )
    measures = [
        measure("mettre-en-place-sauvegardes", trigger("sauvegarde-reguliere"), priority=1),
        measure("tester-restauration", trigger("restauration-testee"), priority=2),
        measure("renforcer-mots-de-passe", trigger("mots-de-passe"), priority=2),
        measure("deconnecter-la-copie", trigger("copie-hors-ligne", ["non"]), priority=3),
        measure("separer-wifi-invites", trigger("wifi-invites"), priority=1),
    ]
    return build(
        sauvegardes, acces, measures=measures, essential_cap="intermediaire", essential_pass_score=2
    )


ANSWERS = {
    "sauvegarde-reguliere": "parfois",
    "restauration-testee": "unknown",
    "copie-hors-ligne": "oui",
    "mots-de-passe": "presque",
    "wifi-invites": "not_applicable",
}


def r(value: float | None, digits: int) -> float:
    """Round like the doc does; the value must exist."""
    assert value is not None
    return round(value, digits)


def test_levels_are_those_of_the_doc() -> None:
    levels = [(lv.name, lv.min) for lv in example().levels]
    assert levels == [("Premiers pas", 0), ("En progrès", 40), ("Avancé", 65), ("Exemplaire", 85)]


def test_question_notes() -> None:
    result = score_assessment(example(), {}, ANSWERS)
    notes = {r.id: r.q for r in result.questions}
    assert r(notes["sauvegarde-reguliere"], 4) == 0.3333
    assert notes["restauration-testee"] == 0
    assert notes["copie-hors-ligne"] == 1
    assert r(notes["mots-de-passe"], 4) == 0.8333
    assert notes["wifi-invites"] is None


def test_theme_scores_index_level_and_uncertainty() -> None:
    result = score_assessment(example(), {}, ANSWERS)
    sauvegardes, acces = result.themes
    assert sauvegardes.score == 50  # (3 x 1/3 + 1 x 0 + 2 x 1) / 6 = 3 / 6
    assert r(acces.score, 2) == 83.33  # (2 x 5/6) / 2
    assert acces.score == pytest.approx(250 / 3)
    assert r(result.index, 2) == 72.22  # (1 x 50 + 2 x 83.33) / 3
    assert result.index == pytest.approx(650 / 9)
    assert result.level is not None
    assert (result.level.id, result.level.name) == ("intermediaire", "En progrès")
    assert result.level_capped  # would be "Avancé" (>= 65) without the failed essential
    assert result.failed_essentials == ("sauvegarde-reguliere",)
    assert (result.applicable_count, result.unknown_count) == (4, 1)
    assert result.uncertainty == 0.25
    assert (sauvegardes.applicable_count, sauvegardes.unknown_count) == (3, 1)
    assert (acces.applicable_count, acces.unknown_count) == (1, 0)


def test_action_plan() -> None:
    result = score_assessment(example(), {}, ANSWERS)
    plan = [
        (e.measure_id, e.priority, e.essential, round(e.lowest_q, 4)) for e in result.priorities
    ]
    assert plan == [
        ("mettre-en-place-sauvegardes", 1, True, 0.3333),
        ("tester-restauration", 2, False, 0),
        ("renforcer-mots-de-passe", 2, False, 0.8333),
    ]
    assert result.others == ()
