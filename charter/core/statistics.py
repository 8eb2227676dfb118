"""Anonymised statistics of the Region's dashboard, as pure functions (docs/design.md §3.4).

The anonymity rule: no figure is ever computed on fewer than ``MIN_GROUP`` organisations. A
group below it is reported as "effectif insuffisant", without its mean, its spread or even its
size, so that nobody can work back to one company's result.

Means and spreads come from three sums the database computes (count, sum, sum of squares), so
that no row leaves the database. The spread is the population standard deviation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from charter.core.i18n import N_

#: Smallest group whose figures may be shown: the Region's statistics and the peer comparisons
#: of reports (there, the organisation itself is not counted). The one anonymity threshold.
MIN_GROUP = 5
INSUFFICIENT = N_("effectif insuffisant")


@dataclass(frozen=True)
class Figure:
    """A group's figures: its size, mean and spread, or ``shown`` False below the threshold."""

    count: int | None
    mean: float | None
    spread: float | None

    @property
    def shown(self) -> bool:
        return self.mean is not None


def summarise(
    count: int, total: float | None, total_of_squares: float | None, minimum: int = MIN_GROUP
) -> Figure:
    """The figures of a group from its count, sum and sum of squares; hidden under ``minimum``.

    >>> summarise(5, 300, 18_200).mean, summarise(5, 300, 18_200).spread
    (60.0, 4.47213595499958)
    >>> summarise(4, 240, 14_400).shown
    False
    """
    if count < minimum or total is None or total_of_squares is None:
        return Figure(None, None, None)
    mean = total / count
    variance = max(0.0, total_of_squares / count - mean * mean)  # rounding can dip below 0
    return Figure(count, mean, math.sqrt(variance))


def month_starts(day: date, months: int = 12) -> list[date]:
    """The first days of the ``months`` calendar months ending with ``day``'s, oldest first."""
    starts = []
    year, month = day.year, day.month
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]
