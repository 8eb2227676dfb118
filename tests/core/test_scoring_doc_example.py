"""The worked example of docs/scoring.md (section 9), figure by figure.

The figures are hard-coded here as in the doc: change one, change the other. The example uses
the levels of the real pme-complet file, whose names the doc prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from charter.core.action_plan import rank_group
from charter.core.questionnaire import Questionnaire, load_questionnaire
from charter.core.scoring import score_assessment

from .builders import build, measure, theme, trigger

FULL = Path(__file__).resolve().parents[2] / "questionnaires" / "pme-complet.yaml"


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
        measure("renforcer-mots-de-passe", trigger("mots-de-passe"), priority=1),
        measure("deconnecter-la-copie", trigger("copie-hors-ligne", ["non"]), priority=3),
        measure("separer-wifi-invites", trigger("wifi-invites"), priority=1),
    ]
    levels = [level.model_dump() for level in load_questionnaire(FULL).levels]
    return build(
        sauvegardes,
        acces,
        measures=measures,
        essential_cap="intermediaire",
        essential_pass_score=2,
        levels=levels,
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
    assert levels == [
        ("Premiers pas", 0),
        ("En progression", 40),
        ("Bonne maîtrise", 65),
        ("Exemplaire", 85),
    ]


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
    assert (result.level.id, result.level.name) == ("intermediaire", "En progression")
    assert result.level_capped  # would be "Bonne maîtrise" (>= 65) without the failed essential
    assert result.failed_essentials == ("sauvegarde-reguliere",)
    assert (result.applicable_count, result.unknown_count) == (4, 1)
    assert result.uncertainty == 0.25
    assert (sauvegardes.applicable_count, sauvegardes.unknown_count) == (3, 1)
    assert (acces.applicable_count, acces.unknown_count) == (1, 0)


def test_action_plan() -> None:
    result = score_assessment(example(), {}, ANSWERS)
    plan = [
        (e.measure_id, e.priority, rank_group(e, 2 / 3), round(e.risk or 0, 4), e.check_first)
        for e in result.priorities
    ]
    assert plan == [
        ("mettre-en-place-sauvegardes", 1, 1, 2.0, False),  # essential failed: first
        ("tester-restauration", 2, 2, 1.0, False),  # "Je ne sais pas": below the pass mark
        ("renforcer-mots-de-passe", 1, 3, 0.6667, False),  # 2.5 passes: after, despite rank 1
    ]
    assert result.priorities[0].failed_essential
    assert result.others == ()
