"""The kept standing of every signatory (docs/design.md §6): written with each fact, checked daily.

The verdict stays the pure function ``charter.core.compliance.evaluate``; this module keeps its
result in ``signatory_standing`` so that pages read one row per signatory shown instead of
re-deriving every verdict on every view:

- every commit that changed a fact of a provider (its organisation, a signature, a charter
  version, a client link, a submitted assessment of it or of one of its clients) recomputes that
  provider's row in the same transaction: the session hooks below notice the changes, whichever
  service made them, so no service can forget;
- ``flask charter refresh-standing`` (daily cron) recomputes every row for the facts that change
  with time alone (expiry, grace period, 12-month windows); ``--check`` recomputes them all
  from the facts and reports every difference.

Who calls this: the session hooks (installed by the app factory), the CLI, the demo and the
bench seeds (bulk inserts bypass the hooks, so they refresh at the end), the migration that
creates the table.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import delete, event, func, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session

from charter.db import utcnow, write_transaction
from charter.models import (
    Assessment,
    AssessmentStatus,
    CharterVersion,
    ClientLink,
    Organization,
    OrganizationKind,
    SignatoryStanding,
    Signature,
)
from charter.services import compliance_facts, maturity, monthly_counts
from charter.services.dates import today

#: session.info key: the providers whose facts changed in the open transaction (or ALL).
PENDING = "charter_standing_pending"
#: session.info key: SMEs whose submitted diagnoses changed (their linked providers follow).
PENDING_SMES = "charter_standing_pending_smes"
ALL = "all"
#: session.info key: the dashboard's maturity totals must be recomputed at commit.
TOTALS = "charter_totals_recompute"
#: Tables whose bulk writes may change the SMEs' latest diagnoses (the maturity totals).
_TOTAL_TABLES = frozenset({"organization", "assessment", "latest_assessment", "latest_theme_score"})
_REFRESHING = "charter_standing_refreshing"

#: Tables whose bulk (Core or ORM-enabled) writes may change any provider's facts.
_FACT_TABLES = frozenset(
    {"organization", "signature", "charter_version", "client_link", "assessment"}
)
#: Compared by --check (computed_at differs by construction).
_COMPARED = tuple(
    c.key for c in SignatoryStanding.__table__.columns if c.key not in ("computed_at",)
)


# ---------------------------------------------------------------------------- computing


def values(row: compliance_facts.ComplianceRow, day: date, now: Any) -> dict[str, Any]:
    """The ``signatory_standing`` row of one gathered compliance row."""
    return {
        "organization_id": row.organization_id,
        "name": row.name,
        "folded_name": row.folded_name,
        "siret": row.siret,
        "department": row.department,
        "services_json": row.services_json,
        "city": row.city,
        "website": row.website,
        "folded_text": compliance_facts.fold(f"{row.name} {row.city or ''}"),
        "status": row.status,
        "status_rank": compliance_facts.ROW_STATUSES.index(row.status),
        "signature_id": row.signature_id,
        "charter_label": row.charter_label,
        "signed_on": row.signed_on,
        "validated_on": row.validated_on,
        "valid_until": row.valid_until,
        "certificate_number": row.certificate_number,
        "renewal_pending": row.renewal_pending,
        "assessed_on": row.assessed_on,
        "index": row.index,
        "failed_essential": row.failed_essential,
        "accompanied": row.accompanied,
        "verdict": row.verdict.code,
        "verdict_rank": compliance_facts.VERDICTS.index(row.verdict.code),
        "reasons": " ".join(reason.code for reason in row.verdict.reasons),
        "listed": row.listed,
        "computed_on": day,
        "computed_at": now,
    }


def refresh(
    session: Session, organization_ids: Iterable[int] | None = None, day: date | None = None
) -> int:
    """Recompute the standing of the given providers (all when None) inside the caller's
    transaction; returns how many rows were written. Ids that are not providers (any more)
    lose their row."""
    day = day or today()
    ids = None if organization_ids is None else sorted(set(organization_ids))
    if ids == []:
        return 0
    now = utcnow()
    rows = [values(row, day, now) for row in compliance_facts.gather(session, day, ids)]
    session.info[_REFRESHING] = True
    try:
        statement = delete(SignatoryStanding)
        if ids is not None:
            statement = statement.where(SignatoryStanding.organization_id.in_(ids))
        session.execute(statement)
        for start in range(0, len(rows), 1000):
            session.execute(SignatoryStanding.__table__.insert(), rows[start : start + 1000])
    finally:
        session.info.pop(_REFRESHING, None)
    return len(rows)


def differences(session: Session, day: date | None = None) -> list[str]:
    """Every difference between the kept standing and a recomputation from the facts on
    ``day``, one line each (empty when they agree). Read-only."""
    day = day or today()
    expected = {
        row.organization_id: values(row, day, None) for row in compliance_facts.gather(session, day)
    }
    kept = {
        row.organization_id: row._asdict()
        for row in session.execute(select(*(SignatoryStanding.__table__.c[k] for k in _COMPARED)))
    }
    found = []
    for organization_id in sorted(expected.keys() | kept.keys()):
        want, have = expected.get(organization_id), kept.get(organization_id)
        if have is None:
            found.append(f"{organization_id}: no kept standing")
        elif want is None:
            found.append(f"{organization_id}: kept standing of no provider")
        else:
            for key in _COMPARED:
                if want[key] != have[key]:
                    found.append(
                        f"{organization_id}: {key} kept {have[key]!r}, facts {want[key]!r}"
                    )
    return found


def stale(session: Session, day: date | None = None) -> bool:
    """Whether some kept standing was computed before ``day`` (the daily refresh has not run)."""
    oldest = session.scalar(select(func.min(SignatoryStanding.computed_on)))
    return oldest is not None and oldest < (day or today())


def ensure_current(session: Session) -> None:
    """Recompute every standing now if the daily refresh has not run today (a safety net for a
    missed cron; the pages that read the kept standing call it first). Ends any read
    transaction the request had open."""
    if stale(session):
        with write_transaction(session):
            if stale(session):  # another worker may have done it meanwhile
                refresh(session)


# -------------------------------------------------------------------------- session hooks


def _mark(session: Session, organization_id: Any) -> None:
    session.info.setdefault(PENDING, set()).add(organization_id)


def _after_flush(session: Session, _context: Any) -> None:
    """Note the providers whose facts the flush changed (the sets still show the flush)."""
    if session.info.get(_REFRESHING):
        return
    changed = [*session.new, *session.deleted]
    changed += [o for o in session.dirty if session.is_modified(o, include_collections=False)]
    for obj in changed:
        if isinstance(obj, Signature):
            _mark(session, obj.organization_id)
        elif isinstance(obj, ClientLink):
            _mark(session, obj.provider_id)
        elif isinstance(obj, CharterVersion):
            _mark(session, ALL)
        elif isinstance(obj, Organization):
            if obj in session.deleted:
                session.info[TOTALS] = True  # its latest diagnosis leaves the totals
            if obj.kind is OrganizationKind.PROVIDER:
                _mark(session, obj.id)
            elif obj in session.deleted:
                _mark(session, ALL)  # its diagnoses leave its providers' outreach
        elif isinstance(obj, Assessment) and obj.organization_id is not None:
            # (an anonymous quick diagnosis counts for no provider until it is kept)
            status_changed: bool = inspect(obj).attrs.status.history.has_changes()
            if obj.status is AssessmentStatus.SUBMITTED or status_changed:
                session.info.setdefault(PENDING_SMES, set()).add(obj.organization_id)


def _after_bulk(state: ORMExecuteState) -> None:
    """A bulk write to a table of facts (retention, demo): recompute everything at commit."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    if state.session.info.get(_REFRESHING):
        return
    name = getattr(getattr(state.statement, "table", None), "name", None)
    if name in _FACT_TABLES:
        _mark(state.session, ALL)
    if name in _TOTAL_TABLES and not state.session.info.get(maturity.INCREMENTAL):
        state.session.info[TOTALS] = True
    monthly_counts.mark_bulk(state.session, name)


def _before_commit(session: Session) -> None:
    """Recompute, in the committing transaction, the standing of every provider noted."""
    if session.info.get(_REFRESHING):
        return
    if session.new or session.dirty or session.deleted:
        session.flush()  # runs _after_flush for the last changes
    if session.info.pop(TOTALS, False):
        maturity.recompute(session)
    monthly_counts.settle(session)
    pending = session.info.pop(PENDING, set())
    smes = session.info.pop(PENDING_SMES, set())
    if not pending and not smes:
        return
    if ALL in pending:
        refresh(session)
        return
    if smes:
        # The assessment's organisation may be a provider (self-assessment) or an SME (its
        # providers' outreach): both are looked up, one query.
        pending |= set(
            session.scalars(
                select(ClientLink.provider_id).where(ClientLink.sme_id.in_(sorted(smes)))
            )
        )
        pending |= smes
    refresh(session, pending)


def _forget(session: Session, *_args: Any) -> None:
    monthly_counts.forget(session)
    session.info.pop(TOTALS, None)
    session.info.pop(PENDING, None)
    session.info.pop(PENDING_SMES, None)


def _after_soft_rollback(session: Session, previous: Any) -> None:
    """A savepoint rolled back inside a transaction that goes on (retention's
    ``begin_nested``). SQLAlchemy's ``after_rollback`` fires for a savepoint too, so
    :func:`_forget` has dropped what was noted before it, changes that will still commit:
    recompute every standing row and the totals at commit instead."""
    if previous.nested:
        session.info[PENDING] = {ALL}
        session.info[TOTALS] = True


def install() -> None:
    """Register the hooks on every ORM session (idempotent). Called by the app factory."""
    monthly_counts.install()  # the dashboard's monthly counts, settled by _before_commit
    if event.contains(Session, "before_commit", _before_commit):
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _after_bulk)
    event.listen(Session, "before_commit", _before_commit)
    event.listen(Session, "after_rollback", _forget)
    event.listen(Session, "after_soft_rollback", _after_soft_rollback)
