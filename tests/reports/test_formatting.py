"""French formatting helpers shared by the reports and the charts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from charter.core.numbers import number_text, percent_text, signed_text
from charter.reports.fonts import REGULAR, string_width
from charter.reports.formatting import (
    effort_label,
    esc,
    format_siret,
    fr_date,
    fr_month,
    french_spacing,
    reference_label,
    wrap_words,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (52.46, "52,5"),
        (52.45, "52,5"),  # half up, on the decimal value written
        (40.0, "40"),
        (39.99, "40"),
        (0.04, "0"),
        (-0.04, "0"),
        (-3.25, "-3,3"),
        (1234.5, "1\u202f234,5"),
        (100, "100"),
    ],
)
def test_number_text(value: float, expected: str) -> None:
    assert number_text(value) == expected


def test_signed_percent_and_labels() -> None:
    assert signed_text(12.5) == "+12,5" and signed_text(-3) == "-3" and signed_text(0.01) == "0"
    assert percent_text(0.125) == "13\u00a0%" and percent_text(0.125, 1) == "12,5\u00a0%"
    assert effort_label("low") == "faible" and effort_label("high") == "important"
    assert reference_label("hygiene-37") == "Guide d'hygiène ANSSI, mesure 37"
    assert reference_label("cpme-4").endswith("ANSSI-CPME, règle 4")
    assert reference_label("regles-2") == "Règles d'or de sécurité ANSSI, règle 2"
    assert reference_label("autre") == "autre"


def test_dates_are_french_and_in_paris_time() -> None:
    assert fr_date(datetime(2026, 3, 1, 10, tzinfo=UTC)) == "1er mars 2026"
    assert fr_date(datetime(2026, 8, 14, 23, 30, tzinfo=UTC)) == "15 août 2026"  # Paris: 01:30
    assert fr_date(date(2026, 12, 2)) == "2 décembre 2026"
    assert fr_month(date(2026, 7, 1)) == "juil. 2026" and fr_month(date(2026, 5, 1)) == "mai 2026"
    with pytest.raises(ValueError, match="timezone-aware"):
        fr_date(datetime(2026, 3, 1))  # noqa: DTZ001


def test_siret() -> None:
    assert format_siret("12345678900012") == "123 456 789 00012"
    assert format_siret("123 456 789 00012") == "123 456 789 00012"
    for bad in ("1234567890001", "1234567890001A", ""):
        with pytest.raises(ValueError, match="14 digits"):
            format_siret(bad)


def test_escape() -> None:
    assert esc("<img src=\"x\"/> & 'y'") == "&lt;img src=&quot;x&quot;/&gt; &amp; &#39;y&#39;"


@given(st.text(alphabet=st.sampled_from("abcdéœ€ -"), max_size=120), st.integers(20, 200))
def test_wrapped_lines_fit_and_keep_every_character(text: str, width: int) -> None:
    def measure(value: str) -> float:
        return string_width(value, REGULAR, 8)

    lines = wrap_words(text, width, measure)
    for line in lines:
        assert measure(line) <= width or len(line) <= 2
    joined = "".join(line.removesuffix("-") for line in lines)
    assert joined.replace(" ", "").replace("-", "") == text.replace(" ", "").replace("-", "")


def test_french_spacing_keeps_punctuation_with_its_word() -> None:
    assert french_spacing("« Bon » : oui ; non ? 12 %") == (
        "«\u00a0Bon\u00a0»\u00a0: oui\u00a0; non\u00a0? 12\u00a0%"
    )
    assert french_spacing("https://example.org/a?b=1") == "https://example.org/a?b=1"
