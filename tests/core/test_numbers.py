"""One way to write a figure: the pages, the PDFs, the charts and the documents agree."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from charter.core.numbers import number_text, percent_text, rounded, signed_text


@given(st.decimals(min_value=-(10**6), max_value=10**6, places=3), st.integers(0, 2))
def test_rounding_is_half_up_and_the_text_reads_it_back(value: Decimal, decimals: int) -> None:
    text = number_text(value, decimals)
    expected = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    assert Decimal(text.replace("\u202f", "").replace(",", ".")) == expected
    assert text != "-0" and not text.endswith(",0")
    assert "." not in text  # a decimal comma, and narrow no-break spaces between thousands


def test_examples_a_reader_checks_by_hand() -> None:
    assert number_text(52.45) == "52,5"  # float 52.45 is 52.4499...: rounded as written
    assert number_text(1234567.25, 1) == "1\u202f234\u202f567,3"
    assert number_text(12.50, 2) == "12,5" and number_text(40.0) == "40"
    assert rounded(-0.01) == 0 and str(rounded(-0.01)) == "0"
    assert signed_text(3.25) == "+3,3" and signed_text(-3) == "-3" and signed_text(0) == "0"
    assert percent_text(0.125) == "13\u00a0%" and percent_text(0.125, 1) == "12,5\u00a0%"


def test_the_web_filter_writes_what_the_pdf_writes(app) -> None:
    """The template filter ``number_fr`` used to round half to even with its own code."""
    number_fr = app.jinja_env.filters["number_fr"]
    score = app.jinja_env.filters["score"]
    for value in (2.5, 12345.5, 52.45, 0.5):
        assert number_fr(value) == number_text(value, 0)
        assert score(value) == number_text(value)
    assert number_fr(2.5) == "3"  # half up (the old filter said "2")
