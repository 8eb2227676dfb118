"""Questionnaire files on the application side: validated at start-up, loaded into the database.

The definitions (``questionnaires/*.yaml``) are immutable data read once per process; what an
assessment is answered on is the :class:`QuestionnaireVersion` snapshot in the database.

Who calls this: ``create_app`` (validation), the ``questionnaires`` CLI commands, the journey
views and services (``questionnaire_of``, ``latest_versions``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.core.questionnaire import (
    GLOSSARY_FILE,
    Glossary,
    Questionnaire,
    QuestionnaireError,
    read_directory,
)
from charter.core.questionnaire.snapshot import canonical_snapshot, definition_hash
from charter.db import write_transaction
from charter.models import QuestionnaireVersion

EXTENSION_KEY = "charter.definitions"


class InvalidQuestionnaires(RuntimeError):
    """Raised by ``create_app`` when a questionnaire file is invalid: the app must not start."""


@dataclass(frozen=True)
class Definitions:
    """What the questionnaire folder holds: the questionnaires by slug, and the glossary."""

    questionnaires: dict[str, Questionnaire]
    glossary: Glossary


def init_app(app: Flask) -> None:
    """Validate every file of ``QUESTIONNAIRES_DIR``; refuse to start naming each problem."""
    app.extensions[EXTENSION_KEY] = read_definitions(Path(app.config["QUESTIONNAIRES_DIR"]))


def read_definitions(directory: Path) -> Definitions:
    """Validate and load a questionnaire folder, once per process for the same file contents
    (keyed by each file's name, size and modification time)."""
    key = (
        str(directory.resolve()),
        *sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in directory.glob("*.yaml")),
    )
    cached = _DEFINITIONS.get(key)
    if cached is not None:
        return cached
    contents = read_directory(directory)
    if contents.problems:
        listing = "\n".join(f"  - {problem}" for problem in contents.problems)
        raise InvalidQuestionnaires(
            f"Invalid questionnaire files in {directory} (fix them, or run "
            f"'flask --app charter charter questionnaires check'):\n{listing}"
        )
    if contents.glossary is None:
        raise InvalidQuestionnaires(f"No {GLOSSARY_FILE} in {directory}")
    definitions = _DEFINITIONS[key] = Definitions(
        questionnaires=contents.questionnaires, glossary=contents.glossary
    )
    return definitions


_DEFINITIONS: dict[tuple[object, ...], Definitions] = {}


def definitions() -> Definitions:
    """The questionnaires and glossary of the current application."""
    return current_app.extensions[EXTENSION_KEY]  # type: ignore[no-any-return]


@dataclass(frozen=True)
class LoadReport:
    """What ``load_into_database`` did, per slug: "added", "unchanged"."""

    outcome: dict[str, str]


class VersionChanged(ValueError):
    """A file was edited without raising its version: published versions are immutable."""


def load_into_database(session: Session) -> LoadReport:
    """Store each questionnaire file's version if new; refuse a changed file under an old number.

    Who calls this: ``charter questionnaires load`` (``make run`` and deployments), tests.
    """
    outcome: dict[str, str] = {}
    with write_transaction(session):
        for slug, questionnaire in sorted(definitions().questionnaires.items()):
            digest = definition_hash(questionnaire)
            stored = session.scalar(
                select(QuestionnaireVersion).filter_by(slug=slug, version=questionnaire.version)
            )
            if stored is None:
                session.add(
                    QuestionnaireVersion(
                        slug=slug,
                        version=questionnaire.version,
                        audience=questionnaire.audience,
                        title=questionnaire.title,
                        definition=canonical_snapshot(questionnaire),
                        sha256=digest,
                    )
                )
                outcome[slug] = "added"
            elif definition_hash(questionnaire_of(stored)) != digest:
                raise VersionChanged(
                    f"questionnaires/{slug}.yaml has changed but still says version "
                    f"{questionnaire.version}: a published version never changes. Raise "
                    f"'version' to {questionnaire.version + 1} and load again."
                )
            else:
                outcome[slug] = "unchanged"
    return LoadReport(outcome)


def questionnaire_of(version: QuestionnaireVersion) -> Questionnaire:
    """The questionnaire a stored version describes (parsed once per process)."""
    key = (version.id, version.sha256)
    parsed = _PARSED.get(key)
    if parsed is None:
        # Immutable data keyed by its hash: a cache, not state (every process builds its own).
        parsed = _PARSED[key] = Questionnaire.from_snapshot(version.definition)
    return parsed


_PARSED: dict[tuple[int, str], Questionnaire] = {}


def latest_versions(session: Session, audience: str) -> list[QuestionnaireVersion]:
    """The newest loaded version of each questionnaire for an audience ("sme" or "provider")."""
    rows = session.scalars(
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.audience == audience)
        .order_by(QuestionnaireVersion.slug, QuestionnaireVersion.version.desc())
    ).all()
    newest: dict[str, QuestionnaireVersion] = {}
    for row in rows:
        newest.setdefault(row.slug, row)
    return sorted(newest.values(), key=lambda r: _sort_key(r))


def _sort_key(version: QuestionnaireVersion) -> tuple[int, str]:
    duration = version.definition.get("duration_minutes", 0) or 0
    return (int(duration), version.slug)


__all__ = [
    "Definitions",
    "InvalidQuestionnaires",
    "QuestionnaireError",
    "VersionChanged",
    "definitions",
    "latest_versions",
    "load_into_database",
    "questionnaire_of",
]
