"""The anonymity rule and the arithmetic of the Region's statistics (pure functions)."""

from __future__ import annotations

import math
import statistics as python_statistics
from datetime import date

import pytest

from charter.core.statistics import MIN_GROUP, month_starts, summarise


def sums(values: list[float]) -> tuple[int, float, float]:
    return len(values), sum(values), sum(v * v for v in values)


@pytest.mark.parametrize("size", [0, 1, 4])
def test_fewer_than_five_organisations_give_no_figure_at_all(size: int) -> None:
    figure = summarise(*sums([50.0] * size))
    assert not figure.shown
    assert figure.count is None and figure.mean is None and figure.spread is None


def test_five_organisations_exactly_are_enough() -> None:
    values = [40.0, 50.0, 60.0, 70.0, 80.0]
    figure = summarise(*sums(values))
    assert MIN_GROUP == 5 and figure.shown and figure.count == 5
    assert figure.mean == pytest.approx(60.0)
    assert figure.spread == pytest.approx(python_statistics.pstdev(values))


def test_identical_values_have_no_spread_even_with_rounding() -> None:
    figure = summarise(*sums([33.3] * 7))
    assert (
        figure.spread is not None
        and figure.spread >= 0
        and math.isclose(figure.spread, 0, abs_tol=1e-6)
    )


def test_missing_sums_and_custom_threshold() -> None:
    assert not summarise(10, None, None).shown
    assert summarise(3, 150, 7500, minimum=3).mean == 50


def test_the_last_twelve_months_end_with_the_current_one() -> None:
    starts = month_starts(date(2026, 2, 17))
    assert starts[0] == date(2025, 3, 1) and starts[-1] == date(2026, 2, 1)
    assert len(starts) == 12 == len(set(starts))
