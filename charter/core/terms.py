"""Terms of use (CGU) as versioned data: the file model, its fingerprint, what changed.

A terms file (``charter/data/terms/cgu-v<N>.yaml``) holds one version: a label, a title, the
date it takes effect, a plain-language summary and numbered sections whose ``text`` is made of
paragraphs separated by a blank line. Publishing it (``charter publish-terms FILE``) freezes it:
the hash computed here is stored with it, and a published version is never edited.

Pure: reading and comparing texts needs neither Flask nor the database.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from charter.core.questionnaire.loader import Problem, _read_yaml, _validate

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class TermsSection(BaseModel):
    """One numbered section of the terms."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    text: Text

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The section's paragraphs, in order (a blank line separates two paragraphs)."""
        return split_paragraphs(self.text)


class TermsDocument(BaseModel):
    """One version of the terms, as written in its file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,19}$")]
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    effective_date: date
    summary: Text
    sections: tuple[TermsSection, ...] = Field(min_length=1)

    def canonical(self) -> dict[str, Any]:
        """The content that the hash covers, as plain JSON-ready values."""
        return {
            "version": self.version,
            "title": self.title,
            "effective_date": self.effective_date.isoformat(),
            "summary": self.summary,
            "sections": [{"title": s.title, "text": s.text} for s in self.sections],
        }

    @property
    def text_hash(self) -> str:
        """SHA-256 of the canonical JSON of the version: what a user accepts, exactly."""
        payload = json.dumps(self.canonical(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()


class TermsFileError(Exception):
    """A terms file that cannot be published; ``str()`` lists every problem, one per line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _checks(document: TermsDocument) -> list[tuple[str, str]]:
    titles = [s.title for s in document.sections]
    return [
        (f"sections[{i}].title", f"section title '{t}' is used twice")
        for i, t in enumerate(titles)
        if t in titles[:i]
    ]


def parse_terms(data: object, file: str = "<data>") -> TermsDocument:
    """Validate already-parsed data and return the document; raises :class:`TermsFileError`."""
    document, problems = _validate(data, file, TermsDocument, _checks)
    if problems or document is None:
        raise TermsFileError(problems)
    return document


def load_terms(path: str | Path) -> TermsDocument:
    """Read and validate one terms file; raises :class:`TermsFileError` with every problem."""
    data, problems = _read_yaml(Path(path))
    if problems:
        raise TermsFileError(problems)
    return parse_terms(data, str(path))


def split_paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs of a section text: blocks separated by blank lines, each on one line."""
    blocks = [" ".join(block.split()) for block in text.replace("\r\n", "\n").split("\n\n")]
    return tuple(block for block in blocks if block)


@dataclass(frozen=True)
class SectionChange:
    """How one section differs between the version a user accepted and the new one.

    ``status`` is ``"added"``, ``"changed"`` or ``"removed"``; ``added`` and ``removed`` list
    the paragraphs that appear or disappear (all of them for a new or removed section).
    """

    title: str
    status: str
    paragraphs: tuple[str, ...]
    added: frozenset[str]
    removed: tuple[str, ...]


def compare(old: TermsDocument | None, new: TermsDocument) -> list[SectionChange]:
    """What changed from ``old`` to ``new``, section by section, in the new text's order.

    Sections are matched by title; paragraphs by their exact text (after joining lines), which
    is what a reader needs: the sentences that are new, and those that are gone. With no
    ``old`` version (a first acceptance) there is nothing to compare and the list is empty.
    """
    if old is None:
        return []
    before = {s.title: s.paragraphs for s in old.sections}
    changes: list[SectionChange] = []
    for section in new.sections:
        now = section.paragraphs
        if section.title not in before:
            changes.append(SectionChange(section.title, "added", now, frozenset(now), ()))
            continue
        previous = before[section.title]
        added = frozenset(p for p in now if p not in previous)
        removed = tuple(p for p in previous if p not in now)
        if added or removed:
            changes.append(SectionChange(section.title, "changed", now, added, removed))
    titles = {s.title for s in new.sections}
    changes.extend(
        SectionChange(s.title, "removed", (), frozenset(), s.paragraphs)
        for s in old.sections
        if s.title not in titles
    )
    return changes
