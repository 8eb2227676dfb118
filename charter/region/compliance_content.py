"""The content of the compliance list, rendered once per view and memoised (charter.fragments).

Rendered naively, the 50 rows of a page were 85 % of the request: a translated column label per
cell, three macro calls per row, a number formatted per row. ``region/_compliance_content.html``
translates the labels once, calls the badge and reason macros once per distinct verdict or
status, and formats each distinct index once; and its text is memoised under a stamp made of
everything it prints:

- every column of every row shown, as read from the kept standing for this request, with its
  change-request state (``standing_list.compliance_page_rows``): a decision, an event or the
  daily refresh that changes a verdict, a date or a count changes the stamp, so the page can
  never show a stale verdict; on a hit, the rows are not even built;
- the filters, the page (number, size, total) and the query string the links carry, the charter
  labels of the version filter, and whether the officer may import signatories (the one thing
  that depends on who asks: the text holds no token, no name, no per-user state);
- the address prefix the links are built on (``request.script_root``: a proxy may mount the
  service under a prefix), and the identity of the macros' templates (a reloaded file is a new
  object); the memo adds the locale and the content template itself.

Who calls this: the compliance list's view (``charter.region.signatory_list``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app, get_template_attribute, request
from markupsafe import Markup

from charter.core.change_requests import LIST_FILTERS
from charter.core.compliance import VERDICT_LABELS
from charter.core.numbers import number_text
from charter.fragments import render_fragment
from charter.referential import NORMANDY_DEPARTMENTS, PROVIDER_SERVICES
from charter.services import compliance_facts, standing_list
from charter.services.compliance_facts import ComplianceFilters
from charter.services.pages import Page

CONTENT_TEMPLATE = "region/_compliance_content.html"
MACROS_TEMPLATE = "region/_macros.html"
#: The templates the content imports macros from (their identity is stamped).
IMPORTED_TEMPLATES = (MACROS_TEMPLATE, "_pagination.html")


def _score(value: float | None) -> str:
    """What the ``score`` filter prints (``number_text`` is memoised by value itself)."""
    return "—" if value is None else number_text(value, 1)


class _OncePerValue:
    """A macro of ``region/_macros.html`` called at most once per distinct argument during one
    rendering (a page shows a handful of distinct verdicts and statuses); looked up on first
    use, so that a memoised page does not look it up at all."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._macro: Callable[[Any], Markup] | None = None
        self._done: dict[Hashable, Markup] = {}

    def __call__(self, value: Hashable) -> Markup:
        found = self._done.get(value)
        if found is None:
            if self._macro is None:
                self._macro = get_template_attribute(MACROS_TEMPLATE, self._name)
            found = self._done[value] = self._macro(value)
        return found


@dataclasses.dataclass(frozen=True)
class ListView:
    """What the view read for one request of the list, everything the content prints."""

    filters: ComplianceFilters
    #: The page's result rows (``standing_list.compliance_page_rows``).
    page: Page[Any]
    #: The filters as query-string arguments (the export links, the page-size form).
    args: dict[str, str]
    #: ``args`` and the page size if the address gave one (the page links).
    page_args: dict[str, str]
    #: The published charter labels (the version filter).
    labels: list[str]
    #: Whether the officer may import signatories (a link above the form).
    can_import: bool


def stamp(view: ListView) -> Hashable:
    """Everything the content's text depends on besides the locale and its own template."""
    env = current_app.jinja_env
    page = view.page
    return (
        request.script_root,
        tuple(id(env.get_template(name)) for name in IMPORTED_TEMPLATES),
        view.can_import,
        view.filters,
        (page.page, page.per_page, page.total),
        tuple(view.args.items()),
        tuple(view.page_args.items()),
        tuple(view.labels),
        tuple(tuple(kept) for kept in page.items),  # every column read, printed or not
    )


def rendered_content(view: ListView, sort_link: Callable[[str], dict[str, str | None]]) -> Markup:
    """The list's content (filters, counts, table, page links) for ``view``, from the memo
    when the same view was rendered before. ``sort_link`` gives a column's sort address from
    the filters and ``args`` (both stamped)."""
    return render_fragment(
        CONTENT_TEMPLATE,
        stamp(view),
        filters=view.filters,
        page=view.page,
        rows=view.page.items,
        as_row=standing_list.row,
        args=view.args,
        page_args=view.page_args,
        versions=view.labels,
        can_import=view.can_import,
        sort_link=sort_link,
        departments=NORMANDY_DEPARTMENTS,
        services=PROVIDER_SERVICES,
        statuses=compliance_facts.ROW_STATUSES,
        verdicts=VERDICT_LABELS,
        request_filters=LIST_FILTERS,
        page_sizes=compliance_facts.PAGE_SIZES,
        score=_score,
        status_badge=_OncePerValue("status_badge"),
        verdict_badge=_OncePerValue("verdict_badge"),
        reasons_list=_OncePerValue("reasons_list"),
    )
