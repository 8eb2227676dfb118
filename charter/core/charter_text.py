"""The charter as versioned data: the file format, its checks, its canonical text and hash.

A charter file (``charter/data/charters/*.yaml``) holds one version: its label, title, summary,
preamble and numbered commitments. Once published a version is never edited, only superseded:
a signature covers the SHA-256 of the canonical text below, so the text must stay the same for
as long as a signature refers to it (docs/signatures.md explains how to recompute the hash).

Pure: no Flask, no database. The ``publish-charter`` command loads a file with
:func:`load_charter_file` and stores what it returns.
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Strict, StringConstraints

# The questionnaire loader already reads YAML defensively (size, alias bombs, precise messages):
# the charter files go through the same door.
from charter.core.questionnaire.loader import QuestionnaireError as CharterFileError
from charter.core.questionnaire.loader import _load_model

__all__ = [
    "CharterFileError",
    "CharterText",
    "Commitment",
    "canonical_text",
    "load_charter_file",
    "paragraphs",
    "text_hash",
]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


Text = Annotated[str, Strict(), AfterValidator(_not_blank)]
Label = Annotated[str, Strict(), StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$")]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Commitment(_Frozen):
    """One numbered commitment: what the signatory promises, and how the Region checks it."""

    number: Annotated[int, Strict()]
    title: Text
    text: Text
    evidence: Text | None = None


class CharterText(_Frozen):
    """One version of the charter, as written in its file."""

    version: Label
    title: Text
    summary: Text
    preamble: Text
    commitments: tuple[Commitment, ...]


def _problems(charter: CharterText) -> list[tuple[str, str]]:
    found = []
    if not charter.commitments:
        found.append(("commitments", "needs at least 1 item"))
    seen: set[int] = set()
    for index, commitment in enumerate(charter.commitments):
        if commitment.number < 1:
            found.append((f"commitments[{index}].number", "must be 1 or more"))
        if commitment.number in seen:
            found.append(
                (f"commitments[{index}].number", f"number {commitment.number} is repeated")
            )
        seen.add(commitment.number)
    numbers = [c.number for c in charter.commitments]
    if numbers != sorted(numbers):
        found.append(("commitments", "commitments must be listed in increasing number order"))
    return found


def load_charter_file(path: str | Path) -> CharterText:
    """Read and check one charter file; raise :class:`CharterFileError` listing every problem.

    Called by the ``publish-charter`` command, the demo loader and tests.
    """
    return _load_model(path, CharterText, _problems)


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a block of text (separated by blank lines), stripped."""
    return [block.strip() for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]


def canonical_text(charter: CharterText) -> str:
    """The exact text a signatory reads and signs, as one normalised string.

    Title, version, summary, preamble paragraphs, then each commitment (number, title, text and
    how it is checked), separated by blank lines; Unicode NFC, ``\\n`` line ends, inner
    whitespace of each paragraph collapsed. Changing any word changes :func:`text_hash`.
    """
    blocks = [charter.title, f"Version {charter.version}", charter.summary]
    blocks += paragraphs(charter.preamble)
    for commitment in charter.commitments:
        blocks.append(f"Engagement {commitment.number} : {commitment.title}")
        blocks.append(commitment.text)
        if commitment.evidence:
            blocks.append(f"Vérification : {commitment.evidence}")
    cleaned = (" ".join(block.split()) for block in blocks)
    return unicodedata.normalize("NFC", "\n\n".join(cleaned)) + "\n"


def text_hash(charter: CharterText) -> str:
    """SHA-256 (hex) of the UTF-8 canonical text; stored with the published version."""
    return hashlib.sha256(canonical_text(charter).encode("utf-8")).hexdigest()
