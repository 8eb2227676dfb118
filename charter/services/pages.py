"""One page of a long list, the same way everywhere: the audit log, the compliance list, the
directory, the failed mail.

``page_of`` counts and cuts in the database (two queries, whatever the list's length) on the
caller's session; a page number out of range gives the nearest page, so a stale link never
shows an empty list. ``Page.window`` gives the page links to show around the current one, so
that a list of 500 pages does not print 500 links. (Flask-SQLAlchemy's ``db.paginate`` reads
``db.session`` rather than the service's session, and does not clamp.)

Who calls this: the services that list things for a page.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True)
class Page(Generic[T]):
    """The items of page ``page`` (1-based) of a list of ``total`` items, ``per_page`` a page."""

    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages the list has (at least 1, for the empty list)."""
        return max(1, math.ceil(self.total / self.per_page)) if self.per_page else 1

    @property
    def first(self) -> int:
        """The position of the page's first item in the list (1-based; 0 when empty)."""
        return (self.page - 1) * self.per_page + 1 if self.items else 0

    @property
    def last(self) -> int:
        """The position of the page's last item in the list (0 when empty)."""
        return (self.page - 1) * self.per_page + len(self.items)

    def window(self, around: int = 2) -> list[int | None]:
        """The page numbers to link: the first, the last, and ``around`` on each side of the
        current one; ``None`` where two or more numbers are skipped (shown as "…"; a single
        skipped number is shown instead, "…" would take as much room)."""
        shown = {1, self.pages, *range(self.page - around, self.page + around + 1)}
        links: list[int | None] = []
        previous = 0
        for number in sorted(n for n in shown if 1 <= n <= self.pages):
            if number - previous == 2:
                links.append(previous + 1)
            elif number - previous > 2:
                links.append(None)
            links.append(number)
            previous = number
        return links

    def map(self, convert: Callable[[T], U]) -> Page[U]:
        """The same page with each item converted (rows to what the page shows)."""
        return Page([convert(item) for item in self.items], self.total, self.page, self.per_page)


def clamp(page: int, total: int, per_page: int) -> int:
    """``page`` brought within the list's pages (1 when the list is empty)."""
    pages = max(1, math.ceil(total / per_page)) if per_page else 1
    return min(max(page, 1), pages)


def page_of(
    session: Session,
    statement: Select[*tuple[Any, ...]],
    page: int,
    per_page: int,
    *,
    scalars: bool = True,
) -> Page[Any]:
    """Page ``page`` of what ``statement`` selects, in its order: one count, one page query.

    ``scalars`` gives the first column of each row (an ORM entity); otherwise whole rows.
    """
    count = select(func.count()).select_from(statement.order_by(None).subquery())
    total = int(session.scalar(count) or 0)
    page = clamp(page, total, per_page)
    cut = statement.limit(per_page).offset((page - 1) * per_page)
    items: Sequence[Any] = session.scalars(cut).all() if scalars else session.execute(cut).all()
    return Page(list(items), total, page, per_page)


def page_of_list(items: Sequence[T], page: int, per_page: int) -> Page[T]:
    """Page ``page`` of a list already in memory (a reference implementation's tests)."""
    page = clamp(page, len(items), per_page)
    start = (page - 1) * per_page
    return Page(list(items[start : start + per_page]), len(items), page, per_page)
