"""Listing an organisation's assessments for its dashboard (one query, whatever the count)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.models import Assessment, AssessmentStatus, QuestionnaireVersion


@dataclass(frozen=True)
class AssessmentRow:
    """One line of a dashboard."""

    id: int
    title: str
    slug: str
    status: AssessmentStatus
    created_at: object
    updated_at: object
    submitted_at: object
    index: float | None
    level_name: str | None
    #: (theme title, score) of a submitted assessment, in questionnaire order.
    theme_scores: tuple[tuple[str, float | None], ...] = ()


@dataclass(frozen=True)
class History:
    """One questionnaire's last submitted assessments, oldest first, for a chart over time."""

    title: str
    dates: tuple[object, ...]
    indexes: tuple[float | None, ...]
    themes: tuple[tuple[str, tuple[float | None, ...]], ...]


def histories(rows: list[AssessmentRow], limit: int = 4) -> list[History]:
    """Per questionnaire with at least two submitted assessments, the last ``limit`` of them."""
    by_slug: dict[str, list[AssessmentRow]] = {}
    for row in rows:
        if row.status is AssessmentStatus.SUBMITTED and row.submitted_at is not None:
            by_slug.setdefault(row.slug, []).append(row)
    found = []
    for sent in by_slug.values():
        if len(sent) < 2:
            continue
        sent = sorted(sent, key=lambda r: (r.submitted_at, r.id))[-limit:]
        titles = [title for title, _score in sent[-1].theme_scores]
        themes = tuple(
            (title, tuple(dict(r.theme_scores).get(title) for r in sent)) for title in titles
        )
        found.append(
            History(
                title=sent[-1].title,
                dates=tuple(r.submitted_at for r in sent),
                indexes=tuple(r.index for r in sent),
                themes=themes,
            )
        )
    return found


#: The parts of the frozen result a dashboard prints, extracted by the database: decoding the
#: whole result (50 KB: every answer, measure and chart of the diagnosis) per line cost more
#: than the rest of the page.
_LEVEL_NAME = Assessment.result[("level", "name")].as_string()
_THEMES = Assessment.result["themes"]


def assessments_of(session: Session, organization_id: int, *, audience: str) -> list[AssessmentRow]:
    """An organisation's assessments for one audience, newest first."""
    rows = session.execute(
        select(
            Assessment.id,
            QuestionnaireVersion.title,
            QuestionnaireVersion.slug,
            Assessment.status,
            Assessment.created_at,
            Assessment.updated_at,
            Assessment.submitted_at,
            Assessment.index,
            _LEVEL_NAME.label("level_name"),
            _THEMES.label("themes"),
        )
        .join(QuestionnaireVersion)
        .where(
            Assessment.organization_id == organization_id, QuestionnaireVersion.audience == audience
        )
        .order_by(Assessment.updated_at.desc(), Assessment.id.desc())
    ).all()
    return [
        AssessmentRow(
            r.id,
            r.title,
            r.slug,
            r.status,
            r.created_at,
            r.updated_at,
            r.submitted_at,
            r.index,
            r.level_name,
            tuple((t["title"], t["score"]) for t in r.themes or ()),
        )
        for r in rows
    ]
