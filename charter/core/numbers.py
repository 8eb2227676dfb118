"""Numbers written for French readers, the same way on every page, PDF, chart and document.

One rule everywhere: round half up (52,45 → 52,5, as people round by hand, where Python's
``round`` and Babel's default would say 52,4), drop a trailing ",0" so that whole figures read
naturally, never print "-0", and let Babel write the digits for the locale (decimal comma,
narrow no-break space between thousands in French).

Pure: Babel's CLDR data only, no Flask, no database.
"""

from __future__ import annotations

import decimal
import functools
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

#: The locale of every figure the service prints (the interface is French).
LOCALE = "fr_FR"


def rounded(value: float | int | Decimal, decimals: int = 1) -> Decimal:
    """``value`` rounded half up to ``decimals`` places, without trailing zeros in the fraction
    and never negative zero: 52.45 → 52.5, 40.0 → 40, 12.50 → 12.5, -0.01 → 0."""
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    result = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if result == result.to_integral_value():
        result = result.quantize(Decimal(1))
    else:
        result = result.normalize()
    return abs(result) if result == 0 else result


@functools.lru_cache(maxsize=8192)
def number_text(value: float | int | Decimal, decimals: int = 1, *, locale: str = LOCALE) -> str:
    """``value`` rounded by :func:`rounded` and written for ``locale``: 1234.5 → "1 234,5",
    40 → "40", 0.125 with 2 decimals → "0,13".

    Memoised (a pure function, about 0.1 ms through Babel; a page prints hundreds of figures,
    mostly the same few): values equal for Python (2 and 2.0) are written the same anyway."""
    figure = rounded(value, decimals)
    places = max(0, -figure.as_tuple().exponent)  # type: ignore[operator]
    pattern = "#,##0" + ("." + "0" * places if places else "")
    with decimal.localcontext(rounding=ROUND_HALF_UP):
        return format_decimal(figure, format=pattern, locale=locale)


def signed_text(value: float | int | Decimal, decimals: int = 1, *, locale: str = LOCALE) -> str:
    """Like :func:`number_text` with an explicit sign for a change: "+12,5", "-3", "0"."""
    text = number_text(value, decimals, locale=locale)
    return text if text.startswith("-") or text == "0" else "+" + text


def percent_text(
    fraction: float | int | Decimal, decimals: int = 0, *, locale: str = LOCALE
) -> str:
    """A share written as a percentage for ``locale``: 0.125 → "13 %" (no-break space)."""
    share = Decimal(str(fraction)) * 100
    return number_text(share, decimals, locale=locale) + "\u00a0%"
