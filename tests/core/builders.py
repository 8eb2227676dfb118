"""Builders of small questionnaires for the core tests (no dependency on content files).

Option keys are derived from their score so that answers read naturally in tests:
score 0 -> "s0", 1.5 -> "s1-5", 3 -> "s3".
"""

from __future__ import annotations

import copy
from typing import Any

from charter.core.questionnaire import Questionnaire, parse_questionnaire

DEFAULT_SCORES = (0.0, 1.5, 3.0)
LEVELS: list[dict[str, Any]] = [
    {"id": "debutant", "min": 0, "name": "Premiers pas", "description": "Tout commence."},
    {"id": "intermediaire", "min": 40, "name": "En progrès", "description": "Des bases."},
    {"id": "avance", "min": 65, "name": "Avancé", "description": "Solide."},
    {"id": "exemplaire", "min": 85, "name": "Exemplaire", "description": "Modèle."},
]


def key(score: float) -> str:
    """Option key used by ``question`` for an option of this score."""
    return "s" + f"{score:g}".replace(".", "-")


def question(
    qid: str, weight: float = 1, scores: tuple[float, ...] = DEFAULT_SCORES, **extra: Any
) -> dict[str, Any]:
    """A single_choice question with one option per score."""
    data: dict[str, Any] = {
        "id": qid,
        "text": f"Question {qid} ?",
        "help": "Pourquoi c'est important.",
        "weight": weight,
        "options": [{"key": key(s), "label": f"Réponse {s:g}", "score": s} for s in scores],
    }
    data.update(extra)
    return data


def theme(tid: str, *questions: dict[str, Any], weight: float = 1) -> dict[str, Any]:
    """A theme holding ``questions``."""
    return {"id": tid, "title": f"Thème {tid}", "weight": weight, "questions": list(questions)}


def trigger(qid: str, answers: list[str] | None = None) -> dict[str, Any]:
    """A measure trigger on ``qid``; ``answers`` None means any answer below the best."""
    return {"question": qid} if answers is None else {"question": qid, "answers": answers}


def measure(
    mid: str, *triggers: dict[str, Any], priority: int = 1, effort: str = "low"
) -> dict[str, Any]:
    """A measure with the given triggers."""
    return {
        "id": mid,
        "title": f"Faire {mid}",
        "why": "Parce que.",
        "how": "- Étape 1\n- Étape 2",
        "effort": effort,
        "priority": priority,
        "references": ["hygiene-1"],
        "triggers": list(triggers),
    }


def context_question(cid: str, *keys: str) -> dict[str, Any]:
    """A context question offering ``keys`` (default oui/non)."""
    keys = keys or ("oui", "non")
    return {
        "id": cid,
        "text": f"Contexte {cid} ?",
        "options": [{"key": k, "label": k.capitalize()} for k in keys],
    }


def questionnaire_data(
    *themes: dict[str, Any],
    measures: list[dict[str, Any]] | None = None,
    context: list[dict[str, Any]] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """A valid questionnaire dict (one default theme when none is given)."""
    data: dict[str, Any] = {
        "id": "test",
        "version": 1,
        "audience": "sme",
        "title": "Questionnaire de test",
        "description": "Pour les tests.",
        "duration_minutes": 5,
        "essential_cap": "intermediaire",
        "context": context or [],
        "themes": list(themes) or [theme("t1", question("q1"))],
        "measures": measures or [],
        "levels": copy.deepcopy(LEVELS),
    }
    data.update(top)
    return data


def build(*themes: dict[str, Any], **kwargs: Any) -> Questionnaire:
    """Validate ``questionnaire_data(...)`` and return the model."""
    return parse_questionnaire(questionnaire_data(*themes, **kwargs))
