"""The compliance list and the public directory, read from the kept standing.

The database filters, counts, sorts and cuts the page: a page of the list costs two queries
(the count and the page) whatever the number of signatories, and reads only the rows it shows.
Filters and sorts mean exactly what ``tests/region/reference_filters.apply`` means on gathered rows
(tests/region/test_kept_standing.py compares both): empty values last whatever the direction,
ties by folded name then SIRET, names compared code point by code point (the columns have the
``C`` collation on PostgreSQL, as SQLite and Python compare).

Who calls this: the Region's list and exports, the dashboard's counts, the public directory and
its open-data exports.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import Integer, Select, bindparam, case, func, or_, select
from sqlalchemy.orm import Session

from charter.core.compliance import verdict_of
from charter.models import SignatoryStanding as Kept
from charter.services import change_requests, compliance_facts
from charter.services.compliance_facts import ComplianceFilters, ComplianceRow
from charter.services.dates import today
from charter.services.pages import Page, clamp, page_of

_SORT_COLUMNS: dict[str, Any] = {
    "name": Kept.folded_name,
    "siret": Kept.siret,
    "department": Kept.department,
    "version": Kept.charter_label,
    "signed": Kept.signed_on,
    "expires": Kept.valid_until,
    "status": Kept.status_rank,
    "index": Kept.index,
    "assessed": Kept.assessed_on,
    "accompanied": Kept.accompanied,
    "verdict": Kept.verdict_rank,
}


def _like(text: str) -> str:
    """A LIKE pattern that finds ``text`` anywhere, its wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


#: Columns that may be empty (sorted last, whatever the direction).
_NULLABLE = frozenset(name for name, column in Kept.__table__.columns.items() if column.nullable)


def _filtered(
    statement: Select[Any], filters: ComplianceFilters, day: date | None = None
) -> Select[Any]:
    if filters.department:
        statement = statement.where(Kept.department == filters.department)
    if filters.status:
        statement = statement.where(Kept.status == filters.status)
    if filters.verdict:
        statement = statement.where(Kept.verdict == filters.verdict)
    if filters.service:
        statement = statement.where(
            Kept.services_json.like(_like(f'"{filters.service}"'), escape="\\")
        )
    if filters.version:
        statement = statement.where(Kept.charter_label == filters.version)
    if filters.request:
        statement = statement.where(
            change_requests.filter_clause(filters.request, Kept.organization_id, day)
        )
    needle = compliance_facts.fold(filters.text.strip())
    if needle:
        digits = "".join(c for c in filters.text if c.isdigit())
        found: Any = Kept.folded_name.like(_like(needle), escape="\\")
        if len(digits) >= 3 and digits == needle.replace(" ", ""):
            found = or_(found, Kept.siret.like(_like(digits), escape="\\"))
        statement = statement.where(found)
    return statement


def _ordered(statement: Select[Any], filters: ComplianceFilters) -> Select[Any]:
    column = _SORT_COLUMNS.get(filters.sort, Kept.folded_name)
    keys: list[Any] = [column.is_(None)] if column.key in _NULLABLE else []
    keys.append(column.desc() if filters.descending else column.asc())
    keys += [c for c in (Kept.folded_name, Kept.siret) if c is not column]
    return statement.order_by(*keys)


def row(kept: Any) -> ComplianceRow:
    """A kept standing (ORM row or result row) as the list, the detail and the exports use it."""
    return ComplianceRow(
        organization_id=kept.organization_id,
        name=kept.name,
        siret=kept.siret,
        department=kept.department,
        services_json=kept.services_json,
        status=kept.status,
        signature_id=kept.signature_id,
        charter_label=kept.charter_label,
        signed_on=kept.signed_on,
        valid_until=kept.valid_until,
        certificate_number=kept.certificate_number,
        renewal_pending=kept.renewal_pending,
        assessed_on=kept.assessed_on,
        index=kept.index,
        failed_essential=kept.failed_essential,
        accompanied=kept.accompanied,
        verdict=verdict_of(tuple(kept.reasons.split())),
        folded_name=kept.folded_name,
        city=kept.city,
        website=kept.website,
        validated_on=kept.validated_on,
        listed=kept.listed,
    )


#: The kept columns :func:`row` reads (not the ranks, the directory's search text, the stored
#: verdict code or when the row was computed: the list never shows them).
_ROW_COLUMNS = [
    column
    for column in Kept.__table__.columns
    if column.key
    not in {"folded_text", "status_rank", "verdict", "verdict_rank", "computed_on", "computed_at"}
]


@functools.lru_cache(maxsize=128)
def _page_statements(filters: ComplianceFilters, day: date) -> tuple[Select[Any], Select[Any]]:
    """The count and the page statements of the list for ``filters`` on ``day`` (the page's
    size and offset are parameters), built once per worker: building them (0.5 ms) cost more
    than running them, and a statement is immutable, so sharing one between requests and
    threads is safe. Bounded, and a pure function of its arguments: losing it changes
    nothing."""
    matching = _filtered(select(*_ROW_COLUMNS), filters, day)
    count = select(func.count()).select_from(matching.subquery())
    state = case(
        (change_requests.filter_clause("en_retard", Kept.organization_id, day), "en_retard"),
        (change_requests.filter_clause("en_cours", Kept.organization_id, day), "en_cours"),
        else_=None,
    ).label("request_state")
    page = (
        _ordered(matching.add_columns(state), filters)
        .limit(bindparam("page_limit", type_=Integer))
        .offset(bindparam("page_offset", type_=Integer))
    )
    return count, page


def compliance_page_rows(
    session: Session, filters: ComplianceFilters, page: int, per_page: int
) -> Page[Any]:
    """One page of the compliance list as the database returns it: result rows with the
    columns :func:`row` reads, and ``request_state``, ``en_retard`` or ``en_cours`` when the
    signatory has a request for changes not closed (as ``change_requests.list_states`` says),
    else None. A page number out of range gives the nearest page. Two queries, whatever the
    number of signatories: the count, then the page's rows.

    Plain rows, not :class:`ComplianceRow`: the list's view stamps its memoised text with them
    and builds the rows (``row``) only when it renders."""
    count, statement = _page_statements(filters, today())
    total = int(session.scalar(count) or 0)
    page = clamp(page, total, per_page)
    offset = (page - 1) * per_page
    items = session.execute(statement, {"page_limit": per_page, "page_offset": offset}).all()
    return Page(list(items), total, page, per_page)


def compliance_page(
    session: Session, filters: ComplianceFilters, page: int, per_page: int
) -> Page[ComplianceRow]:
    """One page of the compliance list as rows (:func:`compliance_page_rows`, mapped)."""
    return compliance_page_rows(session, filters, page, per_page).map(row)


def compliance_rows(session: Session, filters: ComplianceFilters) -> Iterator[ComplianceRow]:
    """Every row matching ``filters``, in the list's order (the exports), read in batches."""
    statement = _ordered(_filtered(select(Kept.__table__), filters), filters)
    for found in session.execute(statement.execution_options(yield_per=500)):
        yield row(found)


def counts(session: Session, column: Any) -> dict[str, int]:
    """How many signatories per value of ``column`` (``Kept.status`` or ``Kept.verdict``)."""
    found = session.execute(select(column, func.count()).group_by(column))
    return {str(value): int(n) for value, n in found}


def _directory(text: str, department: str, service: str) -> Select[tuple[Kept]]:
    """Listed signatories matching a search, in the directory's order (by name)."""
    statement = select(Kept).where(Kept.listed.is_(True))
    if department:
        statement = statement.where(Kept.department == department)
    if service:
        statement = statement.where(Kept.services_json.like(_like(f'"{service}"'), escape="\\"))
    needle = compliance_facts.fold(text.strip())
    if needle:
        statement = statement.where(Kept.folded_text.like(_like(needle), escape="\\"))
    return statement.order_by(Kept.folded_name, Kept.siret)


def directory_page(
    session: Session, text: str, department: str, service: str, page: int, per_page: int
) -> Page[ComplianceRow]:
    """One page of the public directory (two queries: the count and the page's rows)."""
    return page_of(session, _directory(text, department, service), page, per_page).map(row)


def directory_rows(
    session: Session, text: str, department: str, service: str
) -> list[ComplianceRow]:
    """Every listed signatory matching a search, in the directory's order (open data)."""
    return [row(k) for k in session.scalars(_directory(text, department, service))]
