"""What every template can use: the site's names, dates in French, navigation helpers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask, current_app
from flask_babel import format_date, format_datetime

from charter.navigation import navigation_context
from charter.reports.formatting import fr_number


def init_app(app: Flask) -> None:
    """Register the context processor and filters."""
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.context_processor(_site_context)
    app.context_processor(navigation_context)
    app.add_template_filter(_date_fr, "date_fr")
    app.add_template_filter(_datetime_fr, "datetime_fr")
    app.add_template_filter(_number_fr, "number_fr")
    # Scores: the same formatting as the charts and the PDF (one decimal, comma, no ",0").
    app.add_template_filter(_score, "score")


def _site_context() -> dict[str, Any]:
    return {
        "site_name": current_app.config["SITE_NAME"],
        "region_name": current_app.config["REGION_NAME"],
    }


def _date_fr(value: date | datetime | None, style: str = "long") -> str:
    """A date as a French reader writes it ("26 novembre 2026", "1er décembre 2026"); empty
    for None."""
    if value is None:
        return ""
    text = format_date(value, format=style)
    # French writes the first of the month as an ordinal; Babel's long format does not.
    return "1er" + text[1:] if style == "long" and text.startswith("1 ") else text


def _datetime_fr(value: datetime | None, style: str = "medium") -> str:
    """A timestamp in the configured time zone (Europe/Paris by default); empty for None."""
    if value is None:
        return ""
    return format_datetime(value, format=style)


def _score(value: float | None, digits: int = 1) -> str:
    """A score as the charts and the PDF print it; "—" when there is none."""
    return "—" if value is None else fr_number(value, digits)


def _number_fr(value: float | int | None, digits: int = 0) -> str:
    """A number with a French decimal comma; "—" for None."""
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")
    return text
