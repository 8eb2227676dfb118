"""Peer figures of a diagnosis, computed once when it is submitted and frozen with it.

Frozen, so that the results page and the PDF of a diagnosis stay the same years later (and
so that no page has to aggregate thousands of other diagnoses while a visitor waits). The peer
group is the other SMEs of the same sector (or, failing five of them, of the same size band)
whose latest diagnosis was made on the same questionnaire; fewer than five: no figures at all,
so that nobody can be singled out (docs/design.md §5).

Who calls this: ``services.assessments.submit`` (before its write transaction), and the
results and report code that reads the frozen figures back.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.core.audience import Audience
from charter.core.results import PeerSummary
from charter.core.scoring import peer_summary
from charter.models import LatestAssessment, LatestThemeScore, Organization
from charter.referential import SECTORS, SIZE_BANDS
from charter.reports import MIN_GROUP, PeerComparison


def compute_peers(session: Session, organization: Organization, slug: str) -> dict[str, Any] | None:
    """The peer figures (JSON-ready) for ``organization`` on questionnaire ``slug``, or None."""
    for column, value, labels in (
        ("sector", organization.sector, SECTORS),
        ("size_band", organization.size_band, SIZE_BANDS),
    ):
        if not value:
            continue
        group = (
            (Organization.id == LatestAssessment.organization_id),
            LatestAssessment.audience == Audience.SME,
            LatestAssessment.questionnaire_slug == slug,
            getattr(Organization, column) == value,
            Organization.id != organization.id,
        )
        indexes = [
            i
            for i in session.scalars(
                select(LatestAssessment.index).join(Organization, group[0]).where(*group[1:])
            )
            if i is not None
        ]
        summary = peer_summary(indexes, MIN_GROUP)
        if summary is None:
            continue
        by_theme: dict[str, list[float]] = defaultdict(list)
        rows = session.execute(
            select(LatestThemeScore.theme_id, LatestThemeScore.score)
            .join(Organization, Organization.id == LatestThemeScore.organization_id)
            .join(LatestAssessment, group[0])
            .where(LatestThemeScore.questionnaire_slug == slug, *group[1:])
        )
        for theme_id, score in rows:
            by_theme[theme_id].append(score)
        themes = {
            theme_id: _plain(s)
            for theme_id, scores in by_theme.items()
            if (s := peer_summary(scores, MIN_GROUP)) is not None
        }
        return {
            "group_label": str(labels[value]),
            "count": len(indexes),
            "index": _plain(summary),
            "themes": themes,
        }
    return None


def _plain(summary: PeerSummary) -> dict[str, float | int]:
    return {
        "count": summary.count,
        "first_quartile": summary.first_quartile,
        "median": summary.median,
        "third_quartile": summary.third_quartile,
    }


def frozen_peers(stored: dict[str, Any] | None) -> PeerComparison | None:
    """The peer comparison frozen with a diagnosis (None when there was none)."""
    if not stored:
        return None
    return PeerComparison(
        group_label=stored["group_label"],
        count=stored["count"],
        index=PeerSummary(**stored["index"]),
        themes={k: PeerSummary(**v) for k, v in stored["themes"].items()},
    )
