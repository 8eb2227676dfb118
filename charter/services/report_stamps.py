"""The stamp of a diagnosis report's stored copy, read from the few values that can change.

A submitted diagnosis's own content is frozen at submission (answers, comments, result, the
questionnaire's hash, the submission time), so its report changes only with what is read
around it when the document is built (``charter.assessments.results.report_data``):

- the organisation (its name, sector and size, its kind and department for « Qui peut vous
  aider »), and whether the diagnosis has one at all (a quick diagnosis kept later gets one,
  and its peer figures, at that moment);
- the previous submitted diagnosis of the same questionnaire (the progress section);
- the Region's help contacts (configuration) and the national ones (translated);
- « Qui peut vous aider »: the providers the company shares its results with, or the
  signatories the directory suggests, as ``help_contacts.help_inputs`` reads them for the
  report (the section is a function of them, the language and ``BASE_URL``);
- the language and its catalogue; the renderer's version (``documents.RENDERER_VERSION``).

The stamp digests those: a few small reads instead of gathering and decoding the whole
report. The plan's progress is not in it: the PDF does not print it (only the exports do).

Who calls this: the report download (``charter.assessments.downloads``), after the access and
draft checks, inside the request's read transaction. Read-only.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Integer, Select, bindparam, literal, select
from sqlalchemy.orm import Session, aliased

from charter.db import UTCDateTime
from charter.models import (
    Assessment,
    AssessmentStatus,
    Organization,
    OrganizationKind,
    QuestionnaireVersion,
)
from charter.services import documents, help_contacts

TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"


@functools.cache
def catalogue_version() -> str:
    """A digest of the compiled translation catalogues (read once per process: Flask-Babel
    does not reload them either)."""
    found = hashlib.sha256()
    for path in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/*.mo")):
        found.update(str(path.relative_to(TRANSLATIONS)).encode())
        found.update(path.read_bytes())
    return found.hexdigest()[:16]


@functools.cache
def _statement() -> Select[Any]:
    """The questionnaire version's hash and slug, the organisation's printed facts, and the id
    of its previous submitted diagnosis of the same questionnaire (as
    ``assessments.last_submitted`` finds it): one query, which loads neither the frozen result
    nor the questionnaire's definition. Built once: the values are bound parameters (an
    anonymous diagnosis's None organisation matches no organisation and no previous one)."""
    earlier = aliased(Assessment)
    earlier_version = aliased(QuestionnaireVersion)
    organization_id = bindparam("organization_id", type_=Integer)
    previous = (
        select(earlier.id)
        .join(earlier_version, earlier.questionnaire_version_id == earlier_version.id)
        .where(
            earlier.organization_id == organization_id,
            earlier.status == AssessmentStatus.SUBMITTED,
            earlier_version.slug == QuestionnaireVersion.slug,
            earlier.submitted_at < bindparam("submitted_at", type_=UTCDateTime),
        )
        .order_by(earlier.submitted_at.desc(), earlier.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    organization = (
        select(
            Organization.name,
            Organization.kind,
            Organization.sector,
            Organization.size_band,
            Organization.department,
        )
        .where(Organization.id == organization_id)
        .subquery()
    )
    return (
        select(QuestionnaireVersion.sha256, QuestionnaireVersion.slug, previous, organization)
        .outerjoin(organization, literal(True))
        .where(QuestionnaireVersion.id == bindparam("version_id", type_=Integer))
    )


@dataclass(frozen=True)
class ReportStamp:
    """The stamp of a report's stored copy, and the organisation's name (the file's name)."""

    stamp: str
    organization_name: str | None


def report_stamp(
    session: Session, assessment: Assessment, config: Mapping[str, Any], locale: str
) -> ReportStamp:
    """The stamp the stored copy of ``assessment``'s report must carry to be served
    (a submitted assessment whose access the caller has checked; reads the assessment's own
    columns, never its relationships)."""
    if assessment.submitted_at is None:
        raise ValueError("a draft has no report")
    row = session.execute(
        _statement(),
        {
            "version_id": assessment.questionnaire_version_id,
            "organization_id": assessment.organization_id,
            "submitted_at": assessment.submitted_at,
        },
    ).one()
    help_ = None
    if assessment.organization_id is not None and row.kind is OrganizationKind.SME:
        help_ = help_contacts.help_inputs(session, assessment.organization_id, row.department)
    parts = (
        "diagnosis-report",
        locale,
        catalogue_version(),
        assessment.id,
        assessment.organization_id,
        assessment.status.value,
        assessment.submitted_at.isoformat(),
        assessment.lock_version,
        assessment.peers,
        tuple(row),  # questionnaire, previous diagnosis, organisation
        help_contacts.contacts(config),
        help_,
        config["BASE_URL"] if help_ is not None else None,
    )
    return ReportStamp(documents.digest(parts), row.name)
