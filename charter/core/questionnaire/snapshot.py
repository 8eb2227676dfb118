"""Canonical JSON form of a questionnaire and its hash.

The web layer stores the snapshot in ``QuestionnaireVersion`` when a file is first loaded, and
compares hashes to refuse a file changed without raising its ``version`` (a submitted
assessment must re-render on the exact text it was answered on).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from charter.core.questionnaire.model import Questionnaire


def canonical_snapshot(questionnaire: Questionnaire) -> dict[str, Any]:
    """Return the questionnaire as JSON-safe data with every default explicit and keys sorted.

    Stored by the web layer in ``QuestionnaireVersion`` and read back with
    ``Questionnaire.from_snapshot``; defaults are written out so that a later change of a
    default in code can never alter how an old submitted assessment is re-rendered.
    """
    data = questionnaire.model_dump(mode="json", by_alias=True)
    result: dict[str, Any] = json.loads(json.dumps(data, sort_keys=True, ensure_ascii=False))
    return result


def definition_hash(questionnaire: Questionnaire) -> str:
    """SHA-256 (hex) of the canonical snapshot serialised compactly with sorted keys.

    Called by the web layer to refuse a changed file that kept the same ``version``, and shown
    on the report's methodology page.
    """
    text = json.dumps(
        canonical_snapshot(questionnaire), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
