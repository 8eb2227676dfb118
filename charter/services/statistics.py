"""The Region's dashboard figures, and the derived rows they read.

Anonymity: the maturity figures are aggregated by department and by theme from each SME's
latest diagnosis; every group goes through :func:`charter.core.statistics.summarise`, which
hides any group of fewer than five organisations. No SME name and no answer is ever read here.

Who calls this: the assessment service at submission (:func:`record_submission`), the Region's
dashboard (:func:`dashboard`), the migration that back-fills the derived rows, the bench.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from charter.core.audience import Audience
from charter.core.statistics import Figure, month_starts, summarise
from charter.models import (
    Assessment,
    LatestAssessment,
    LatestThemeScore,
    MaturityTotal,
    SignatoryStanding,
)
from charter.services import compliance_facts as compliance
from charter.services import maturity, monthly_counts
from charter.services.dates import today


def latest_rows(
    organization_id: int,
    department: str,
    audience: str,
    assessment_id: int,
    slug: str,
    submitted_at: Any,
    result: dict[str, Any],
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The derived rows of one submitted assessment, as plain dicts (for bulk inserts too):
    its ``latest_assessment`` row, and for an SME its ``latest_theme_score`` rows."""
    latest = {
        "organization_id": organization_id,
        "department": department,
        "audience": audience,
        "assessment_id": assessment_id,
        "questionnaire_slug": slug,
        "submitted_at": submitted_at,
        "index": result.get("index"),
        "failed_essentials": len(result.get("failed_essentials") or ()),
    }
    if audience != Audience.SME:
        return latest, []
    themes = [
        {
            "organization_id": organization_id,
            "theme_id": theme["id"],
            "questionnaire_slug": slug,
            "score": theme["score"],
        }
        for theme in result.get("themes", ())
        if theme.get("score") is not None
    ]
    return latest, themes


def record_submission(session: Session, assessment: Assessment) -> None:
    """Make ``assessment`` (just submitted) its organisation's latest assessment in the derived
    rows, and move the dashboard's totals accordingly. Runs inside the submitting transaction."""
    assert assessment.result is not None and assessment.submitted_at is not None
    organization = assessment.organization
    # An anonymous quick diagnosis never enters the figures until it is kept (services/anonymous)
    assert organization is not None
    latest, themes = latest_rows(
        organization.id,
        organization.department,
        assessment.questionnaire_version.audience,
        assessment.id,
        assessment.questionnaire_version.slug,
        assessment.submitted_at,
        assessment.result,
    )
    old_latest, old_themes = maturity.latest_of(session, organization.id)
    session.info[maturity.INCREMENTAL] = True  # not a bulk change: the totals follow below
    try:
        session.execute(
            delete(LatestThemeScore).where(
                LatestThemeScore.organization_id == assessment.organization_id
            )
        )
        session.execute(
            delete(LatestAssessment).where(
                LatestAssessment.organization_id == assessment.organization_id
            )
        )
        session.execute(LatestAssessment.__table__.insert(), [latest])
        if themes:
            session.execute(LatestThemeScore.__table__.insert(), themes)
        maturity.apply(
            session,
            maturity.contributions(old_latest, old_themes),
            maturity.contributions(latest, themes),
        )
    finally:
        session.info.pop(maturity.INCREMENTAL, None)


# ------------------------------------------------------------------------------- dashboard


@dataclass(frozen=True)
class ThemeFigures:
    """The figures of one questionnaire's themes, in the questionnaire's order."""

    slug: str
    title: str
    rows: tuple[tuple[str, Figure], ...]


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard shows, and nothing else: immutable and hashable, so that it is
    the stamp of the dashboard's rendered figures (``charter.region.dashboard``)."""

    providers: int
    by_status: tuple[tuple[str, int], ...]
    by_verdict: tuple[tuple[str, int], ...]
    signatures_by_month: tuple[tuple[date, int], ...]
    diagnoses_by_month: tuple[tuple[date, int], ...]
    smes_measured: int
    by_department: tuple[tuple[str, Figure], ...]
    overall: Figure
    by_theme: tuple[ThemeFigures, ...]


def standing_counts(session: Session) -> dict[tuple[str, str], int]:
    """How many signatories per (status, verdict) of their kept standing: one scan of the
    covering index ``ix_signatory_standing_counts``."""
    found = session.connection().execute(
        select(SignatoryStanding.status, SignatoryStanding.verdict, func.count()).group_by(
            SignatoryStanding.status, SignatoryStanding.verdict
        )
    )
    return {(str(status), str(verdict)): int(n) for status, verdict, n in found}


def dashboard(
    session: Session, departments: list[str], questionnaires: dict[str, Any], day: date | None
) -> Dashboard:
    """The dashboard's figures on ``day``; ``departments`` lists the codes to report (all five,
    even those without data), ``questionnaires`` the SME questionnaires by slug (theme titles
    and order). Three queries on the kept rows, through the session's connection (Core: no ORM
    work on rows that are no entities)."""
    day = day or today()
    statuses: Counter[str] = Counter()
    verdicts: Counter[str] = Counter()
    for (status, verdict), n in standing_counts(session).items():
        statuses[status] += n
        verdicts[verdict] += n
    starts = month_starts(day)
    monthly = monthly_counts.per_month(session, starts)
    totals = {
        (row.scope, row.key, row.item): row
        for row in session.connection().execute(select(MaturityTotal.__table__)).all()
    }
    by_department = {
        key: row for (scope, key, _item), row in totals.items() if scope == "department"
    }
    measured = sum(r.n for r in by_department.values())
    overall = summarise(
        measured,
        sum(r.total or 0 for r in by_department.values()),
        sum(r.squares or 0 for r in by_department.values()),
    )
    themes = {(key, item): row for (scope, key, item), row in totals.items() if scope == "theme"}
    by_theme = []
    for slug, questionnaire in questionnaires.items():
        figures = []
        for theme in questionnaire.themes:
            found = themes.get((slug, theme.id))
            figures.append(
                (
                    theme.title,
                    summarise(found.n, found.total, found.squares) if found else summarise(0, 0, 0),
                )
            )
        by_theme.append(ThemeFigures(slug, questionnaire.title, tuple(figures)))
    return Dashboard(
        providers=sum(statuses.values()),
        by_status=tuple((code, statuses.get(code, 0)) for code in compliance.ROW_STATUSES),
        by_verdict=tuple((code, verdicts.get(code, 0)) for code in compliance.VERDICTS),
        signatures_by_month=tuple(zip(starts, monthly[monthly_counts.SIGNATURES], strict=True)),
        diagnoses_by_month=tuple(zip(starts, monthly[monthly_counts.DIAGNOSES], strict=True)),
        smes_measured=measured,
        by_department=tuple(
            (
                code,
                summarise(
                    by_department[code].n, by_department[code].total, by_department[code].squares
                )
                if code in by_department
                else summarise(0, 0, 0),
            )
            for code in departments
        ),
        overall=overall,
        by_theme=tuple(by_theme),
    )
