"""The calendar the programme runs on: dates are those of Paris, stored times are UTC.

A signature's expiry, a reminder's day and a certificate's year are calendar facts a French
reader sees on paper; they follow the configured time zone (``BABEL_DEFAULT_TIMEZONE``), not
the server's clock zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app

from charter.db import utcnow


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_date(moment: datetime) -> date:
    """The calendar date of an aware ``moment`` in the programme's time zone."""
    return moment.astimezone(_zone()).date()


def today() -> date:
    """Today's date in the programme's time zone."""
    return local_date(utcnow())


def start_of_day(day: date) -> datetime:
    """The aware UTC instant at which ``day`` begins in the programme's time zone."""
    return datetime.combine(day, time.min, tzinfo=_zone()).astimezone(UTC)
