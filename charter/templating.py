"""What every template can use: the site's names, dates in French, navigation helpers."""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Any

from babel import dates as babel_dates
from flask import Flask, current_app, g, has_app_context
from flask_babel import format_date, format_datetime, get_translations
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from charter.core.numbers import number_text
from charter.navigation import navigation_context
from charter.reports import i18n as reports_i18n


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
    _install_translations(app)


def _translations() -> Any:
    """The request's translations, looked up once per application context: Flask-Babel's own
    template callables look them up for every string (0.1 ms each, several thousand strings on
    the results page: a third of its time). Templates render in the request's locale."""
    found = g.get("_charter_translations")
    if found is None:
        found = g._charter_translations = get_translations()
    return found


def gettext(string: str, **variables: Any) -> str:
    """``flask_babel.gettext`` with the request's translations looked up once (for code that
    translates hundreds of strings per page, such as the results page's context)."""
    translated = _translations().ugettext(string)
    return translated % variables if variables else translated


def _install_translations(app: Flask) -> None:
    """The templates' gettext family, as Flask-Babel installs them but with the translations
    looked up once per request (the locale is fixed for a request)."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )
    # ``_()`` is by far the most called: a page of fifty rows calls it a thousand times. Jinja's
    # alias goes through the context twice per call; this one does the same work directly.
    app.jinja_env.globals["_"] = _template_gettext
    # The PDFs, charts and exports (which import no Flask) speak the request's language too.
    reports_i18n.install(lambda: _translations() if has_app_context() else None)


@pass_eval_context
def _template_gettext(eval_context: EvalContext, string: str, **variables: Any) -> str:
    """``_()`` in templates: what Jinja's new-style gettext does (escape-aware, always a format
    string, so "%%" prints "%"), with the request's translations looked up once."""
    translated: str = _translations().ugettext(string)
    if eval_context.autoescape:
        translated = Markup(translated)  # noqa: S704  (a message of our own catalogue)
    return translated % variables


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
    locale = current_app.config["BABEL_DEFAULT_LOCALE"]
    if isinstance(value, datetime):  # shown in the configured time zone
        text = format_date(value, format=style)
    else:
        text = _calendar_date(value, style, locale)
    # French writes the first of the month as an ordinal; Babel's long format does not.
    if style == "long" and text.startswith("1 ") and locale.startswith("fr"):
        return "1er" + text[1:]
    return text


@functools.lru_cache(maxsize=4096)
def _calendar_date(value: date, style: str, locale: str) -> str:
    """What Flask-Babel's ``format_date`` gives for a calendar date (the locale is the
    configured one for every request), formatted once per process: a list of fifty rows
    formats two hundred dates, at 0.3 ms each through Flask-Babel."""
    return babel_dates.format_date(value, format=style, locale=locale)


def _datetime_fr(value: datetime | None, style: str = "medium") -> str:
    """A timestamp in the configured time zone (Europe/Paris by default); empty for None."""
    if value is None:
        return ""
    return format_datetime(value, format=style)


def _score(value: float | None, digits: int = 1) -> str:
    """A score as the charts and the PDF print it; "—" when there is none."""
    return "—" if value is None else number_text(value, digits)


def _number_fr(value: float | int | None, digits: int = 0) -> str:
    """A figure as every page, PDF and chart writes it (``number_text``); "—" for None."""
    return "—" if value is None else number_text(value, digits)
