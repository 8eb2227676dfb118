"""The Region's dashboard (``/region/tableau-de-bord``): counts, monthly trends, and the
anonymised maturity of SMEs by department and by theme.

Charts come from the shared chart module, each with a text alternative and a data table; a
group of fewer than five organisations shows "effectif insuffisant" (charter.core.statistics).

Each view reads the figures from the kept rows (three small queries); the page's body
(charts, tables, formatted numbers) is a fragment memoised with the figures themselves as its
stamp (charter.fragments): a view with the same figures reuses the text, a changed figure is
a new stamp and is drawn anew, so the page is never stale and never waits for a cache.
"""

from __future__ import annotations

import functools
from typing import Any

from flask import render_template, request
from flask_babel import gettext as _

from charter.assessments.results import chart_markup
from charter.core.audience import Audience
from charter.core.numbers import number_text
from charter.core.statistics import INSUFFICIENT, Figure
from charter.definitions import definitions
from charter.extensions import db
from charter.fragments import render_fragment
from charter.referential import NORMANDY_DEPARTMENTS
from charter.region.blueprint import bp
from charter.reports.charts import bar_chart, series_chart
from charter.reports.formatting import fr_month
from charter.services import kept_standing, statistics


def _describe(rows: list[tuple[str, Figure]]) -> str:
    """ "Calvados (14) : 62,3 sur 100 ; Eure (27) : effectif insuffisant ; ..." """
    parts = [
        f"{label} : "
        + (
            _("%(mean)s sur 100", mean=number_text(f.mean))
            if f.mean is not None
            else _(INSUFFICIENT)
        )
        for label, f in rows
    ]
    return " ; ".join(parts) + "."


def _series(points: list[tuple[Any, int]], title: str, prefix: str) -> Any:
    labelled = tuple((fr_month(day), float(count)) for day, count in points)
    description = " ; ".join(f"{label} : {int(count)}" for label, count in labelled) + "."
    return _series_markup(labelled, title, description, prefix)


def _bars(rows: list[tuple[str, Figure]], title: str, prefix: str) -> Any:
    scores = tuple((label, figure.mean) for label, figure in rows)
    return _bars_markup(scores, _(INSUFFICIENT), title, _describe(rows), prefix)


# Drawing a chart and writing its SVG takes 5 to 10 ms; when one figure changes (a new
# diagnosis) the charts whose figures did not change are kept (a pure function of arguments).
@functools.lru_cache(maxsize=64)
def _series_markup(
    points: tuple[tuple[str, float], ...], title: str, description: str, prefix: str
) -> Any:
    return chart_markup(series_chart(points), title, description, prefix)


@functools.lru_cache(maxsize=64)
def _bars_markup(
    scores: tuple[tuple[str, float | None], ...],
    missing: str,
    title: str,
    description: str,
    prefix: str,
) -> Any:
    return chart_markup(bar_chart(scores, missing_label=missing), title, description, prefix)


class _Charts:
    """The dashboard's charts, each drawn when the template first asks for it: a view whose
    figures were rendered before (the memo's hit) draws none."""

    def __init__(self, data: statistics.Dashboard, departments: list[tuple[str, Figure]]):
        self._data = data
        self._departments = departments

    @functools.cached_property
    def signatures(self) -> Any:
        return _series(
            self._data.signatures_by_month, _("Signatures de la charte par mois"), "signatures"
        )

    @functools.cached_property
    def diagnoses(self) -> Any:
        return _series(
            self._data.diagnoses_by_month, _("Diagnostics de PME envoyés par mois"), "diagnoses"
        )

    @functools.cached_property
    def departments(self) -> Any:
        return _bars(
            self._departments,
            _("Indice moyen de maturité des PME par département"),
            "departments",
        )

    def themes(self, group: statistics.ThemeFigures) -> Any:
        return _bars(
            list(group.rows),
            _("Score moyen par thème : %(title)s", title=group.title),
            f"themes-{group.slug}",
        )


@bp.get("/tableau-de-bord", endpoint="dashboard")
def dashboard() -> str:
    """Counts by status and verdict, trends per month, maturity by department and theme.

    The figures are read from the kept rows at every view (three small queries); their
    rendering (charts, tables, number formatting) is memoised with the figures themselves as
    the stamp, so a changed figure is a new stamp and is never served stale.
    """
    sme_questionnaires = {
        slug: q for slug, q in definitions().questionnaires.items() if q.audience == Audience.SME
    }
    kept_standing.ensure_current(db.session)
    data = statistics.dashboard(db.session, list(NORMANDY_DEPARTMENTS), sme_questionnaires, None)
    departments = [(str(NORMANDY_DEPARTMENTS[code]), f) for code, f in data.by_department]
    figures = render_fragment(
        "region/_dashboard_figures.html",
        # Everything the fragment prints: the figures (with the months and the theme titles),
        # the department names, and the links' root (the locale is in the memo's key).
        (data, tuple(departments), request.script_root),
        data=data,
        departments=departments,
        charts=_Charts(data, departments),
        month_label=fr_month,
        months=[
            (month, signed, diagnosed)
            for (month, signed), (_same, diagnosed) in zip(
                data.signatures_by_month, data.diagnoses_by_month, strict=True
            )
        ],
    )
    return render_template("region/dashboard.html", figures=figures)
