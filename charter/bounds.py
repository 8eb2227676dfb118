"""Numbers and dates from addresses, forms and filters, kept within what the database holds.

A visitor can type any number: ``/pme/diagnostics/9223372036854775808`` or ``version_id=1e30``
once reached the database driver as an integer it cannot bind (OverflowError, a 500), and
``?au=9999-12-31`` a date one day too far. Ids in routes go through a bounded ``int``
converter (out of range: 404, as for any id that does not exist); ids and dates in forms and
filters through :func:`form_id` and :func:`day_param` (a French 400).

Who calls this: ``create_app`` (``init_app``, before the blueprints), and the views.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask, request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

#: The largest integer of an INTEGER column on PostgreSQL (ids, revisions); SQLite holds more.
MAX_ID = 2**31 - 1
#: Dates a filter may name: wide enough for any real use, narrow enough to compute with.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)


class BoundedIntegerConverter(IntegerConverter):
    """``<int:...>`` that matches only what an INTEGER column holds (larger: no route, a 404)."""

    def __init__(
        self,
        map: Any,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = MAX_ID,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits, min, MAX_ID if max is None else max, signed)


class BadInput(BadRequest):
    """A 400 whose French message the error page shows."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def init_app(app: Flask) -> None:
    """Make ``<int:>`` bounded; call before any route is registered."""
    app.url_map.converters["int"] = BoundedIntegerConverter


def bounded_id(text: str | None) -> int | None:
    """``text`` as an id when it is a plain decimal number an INTEGER column holds, else None."""
    if text is None:
        return None
    text = text.strip()
    if not text.isascii() or not text.isdecimal() or len(text) > 10:
        return None
    value = int(text)
    return value if value <= MAX_ID else None


def form_id(name: str, source: Any = None) -> int | None:
    """The id posted (or given in the query string) as ``name``: None when absent, a French
    400 when it is not a number an INTEGER column holds."""
    values = request.form if source is None else source
    text = values.get(name)
    if text is None or text == "":
        return None
    value = bounded_id(text)
    if value is None:
        raise BadInput(_("Le numéro envoyé n'est pas valable. Revenez à la page et réessayez."))
    return value


def page_number(name: str = "page") -> int:
    """The page asked for in the query string (1 when absent or not a number)."""
    value = bounded_id(request.args.get(name))
    return max(1, min(value or 1, 1_000_000))


def day_param(name: str) -> date | None:
    """The day given in the query string as ``name`` (YYYY-MM-DD): None when absent, empty or
    not a date (the filter is left out, as before), a French 400 when it is a date outside
    1900 to 2999."""
    text = request.args.get(name, "").strip()
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise BadInput(
            _(
                "La date « %(text)s » n'est pas valable : écrivez-la sous la forme "
                "AAAA-MM-JJ, entre 1900 et 2999.",
                text=text[:20],
            )
        )
    return day
