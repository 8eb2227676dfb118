"""The dashboard's maturity totals, kept at each submission (``maturity_total``).

Each SME counts for its latest diagnosis: when it submits a new one, the previous one's index
and theme scores leave the totals and the new one's enter, in the submitting transaction. The
dashboard then reads a few dozen rows instead of aggregating 350,000 theme scores. After bulk
changes (retention deleting organisations, seeds, the migration) the totals are recomputed
from the derived rows; ``flask charter refresh-statistics --check`` compares the kept totals
with that recomputation.

Who calls this: ``statistics.record_submission``, the kept-standing session hooks (bulk
changes), the dashboard, the CLI.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from charter.core.audience import Audience
from charter.models import LatestAssessment, LatestThemeScore, MaturityTotal

#: session.info key set while this module writes derived rows itself (not a bulk change).
INCREMENTAL = "charter_maturity_incremental"
#: Relative tolerance of the check: sums kept by additions and subtractions drift by ulps.
TOLERANCE = 1e-6

Key = tuple[str, str, str]


def contributions(latest: Any, themes: list[Any]) -> dict[Key, float]:
    """What one organisation's latest rows add to the totals: value per key (a plain mapping
    or row with ``audience``, ``department``, ``index``; theme rows with
    ``questionnaire_slug``, ``theme_id``, ``score``)."""
    found: dict[Key, float] = {}
    if latest is not None and latest["audience"] == Audience.SME and latest["index"] is not None:
        found[("department", latest["department"], "")] = float(latest["index"])
    for theme in themes:
        found[("theme", theme["questionnaire_slug"], theme["theme_id"])] = float(theme["score"])
    return found


def apply(session: Session, removed: dict[Key, float], added: dict[Key, float]) -> None:
    """Take ``removed`` out of the totals and put ``added`` in: one upsert per key changed."""
    deltas: dict[Key, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    for key, value in removed.items():
        delta = deltas[key]
        delta[0] -= 1
        delta[1] -= value
        delta[2] -= value * value
    for key, value in added.items():
        delta = deltas[key]
        delta[0] += 1
        delta[1] += value
        delta[2] += value * value
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    for (scope, group, item), (n, total, squares) in sorted(deltas.items()):
        if n == 0 and total == 0 and squares == 0:
            continue
        session.execute(
            insert(MaturityTotal)
            .values(scope=scope, key=group, item=item, n=n, total=total, squares=squares)
            .on_conflict_do_update(
                index_elements=[MaturityTotal.scope, MaturityTotal.key, MaturityTotal.item],
                set_={
                    "n": MaturityTotal.n + n,
                    "total": MaturityTotal.total + total,
                    "squares": MaturityTotal.squares + squares,
                },
            )
        )


def expected(session: Session) -> dict[Key, tuple[int, float, float]]:
    """The totals recomputed from the latest rows (two aggregate queries)."""
    found: dict[Key, tuple[int, float, float]] = {}
    for department, n, total, squares in session.execute(
        select(
            LatestAssessment.department,
            func.count(),
            func.sum(LatestAssessment.index),
            func.sum(LatestAssessment.index * LatestAssessment.index),
        )
        .where(LatestAssessment.audience == Audience.SME, LatestAssessment.index.is_not(None))
        .group_by(LatestAssessment.department)
    ):
        found[("department", department, "")] = (int(n), float(total or 0), float(squares or 0))
    for slug, theme_id, n, total, squares in session.execute(
        select(
            LatestThemeScore.questionnaire_slug,
            LatestThemeScore.theme_id,
            func.count(),
            func.sum(LatestThemeScore.score),
            func.sum(LatestThemeScore.score * LatestThemeScore.score),
        ).group_by(LatestThemeScore.questionnaire_slug, LatestThemeScore.theme_id)
    ):
        found[("theme", slug, theme_id)] = (int(n), float(total or 0), float(squares or 0))
    return found


def kept(session: Session) -> dict[Key, tuple[int, float, float]]:
    """The kept totals (groups emptied by subtractions left out)."""
    return {
        (row.scope, row.key, row.item): (row.n, row.total, row.squares)
        for row in session.execute(select(MaturityTotal.__table__)).all()
        if row.n
    }


def recompute(session: Session) -> None:
    """Replace the kept totals by a recomputation (inside the caller's transaction)."""
    session.info[INCREMENTAL] = True
    try:
        session.execute(delete(MaturityTotal))
        rows = [
            {"scope": s, "key": k, "item": i, "n": n, "total": t, "squares": q}
            for (s, k, i), (n, t, q) in expected(session).items()
        ]
        if rows:
            session.execute(MaturityTotal.__table__.insert(), rows)
    finally:
        session.info.pop(INCREMENTAL, None)


def differences(session: Session) -> list[str]:
    """Every kept total that differs from the recomputation, one line each. Read-only."""
    want, have = expected(session), kept(session)
    found = []
    for key in sorted(want.keys() | have.keys()):
        a, b = want.get(key, (0, 0.0, 0.0)), have.get(key, (0, 0.0, 0.0))
        close = a[0] == b[0] and all(
            abs(x - y) <= TOLERANCE * max(1.0, abs(x)) for x, y in zip(a[1:], b[1:], strict=True)
        )
        if not close:
            found.append(f"{'/'.join(k for k in key if k)}: kept {b}, facts {a}")
    return found


def latest_of(session: Session, organization_id: int) -> tuple[Any, list[Any]]:
    """An organisation's current latest rows, as mappings (before a new submission)."""
    latest = (
        session.execute(
            select(LatestAssessment.__table__).where(
                LatestAssessment.organization_id == organization_id
            )
        )
        .mappings()
        .first()
    )
    themes = (
        session.execute(
            select(LatestThemeScore.__table__).where(
                LatestThemeScore.organization_id == organization_id
            )
        )
        .mappings()
        .all()
    )
    return latest, list(themes)
