"""The dashboard's monthly counts, kept (``monthly_count``): signatures signed and SME diagnoses
submitted per calendar month (Paris time) and per department (where the organisation is now).

The dashboard showed twelve months of each by counting the fact tables at every view. The
counts now move in the transaction of every event that changes them, whichever service made
it, through session hooks (the same pattern as ``charter.services.kept_standing``):

- before each flush, the signatures and diagnoses about to be deleted or changed leave the
  counts with their values as stored, and an organisation that changes department takes its
  counts along;
- after each flush, the new signatures and submitted diagnoses enter them;
- at commit the noted changes are written (one upsert per month and department touched); after
  a bulk write to the organisations, signatures or assessments (retention, seeds, the demo's
  back-dating) everything is recounted instead.

``flask charter refresh-statistics --check`` compares the kept counts with a count of the facts
(:func:`differences`). Who calls this: the kept-standing hooks (installed by the app factory),
the dashboard, the CLI, the migration that creates the table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import delete, event, func, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from charter.core.audience import Audience
from charter.models import (
    Assessment,
    AssessmentStatus,
    MonthlyCount,
    Organization,
    QuestionnaireVersion,
    Signature,
)

SIGNATURES = "signatures"
DIAGNOSES = "diagnoses"
KINDS = (SIGNATURES, DIAGNOSES)
#: session.info key: the changes noted in the open transaction, per (kind, department, month).
PENDING = "charter_monthly_pending"
#: session.info key: recount everything at commit (a bulk write happened).
RECOUNT = "charter_monthly_recount"
#: Tables whose bulk writes may change the counts.
TABLES = frozenset({"organization", "signature", "assessment"})

Key = tuple[str, str, date]
#: (kind, organisation id, aware moment, +1 or -1)
Entry = tuple[str, int, Any, int]

_SIGNATURE_FIELDS = ("organization_id", "organization", "signed_at")
_ASSESSMENT_FIELDS = (
    "organization_id",
    "organization",
    "status",
    "submitted_at",
    "questionnaire_version_id",
)


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def month_of(moment: datetime, zone: ZoneInfo) -> date:
    """The first day of the calendar month of ``moment`` (aware) in ``zone``."""
    return moment.astimezone(zone).date().replace(day=1)


def _counted_diagnoses(*columns: Any) -> Any:
    """Submitted diagnoses of an SME questionnaire: a select of ``columns`` to complete."""
    return (
        select(*columns)
        .select_from(Assessment)
        .join(Organization, Organization.id == Assessment.organization_id)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Assessment.questionnaire_version_id)
        .where(
            Assessment.status == AssessmentStatus.SUBMITTED,
            Assessment.submitted_at.is_not(None),
            QuestionnaireVersion.audience == Audience.SME,
        )
    )


def _signatures() -> Any:
    return select(Organization.department, Signature.signed_at).join(
        Organization, Organization.id == Signature.organization_id
    )


def _diagnoses() -> Any:
    return _counted_diagnoses(Organization.department, Assessment.submitted_at)


def _tally(found: Counter[Key], kind: str, rows: Iterable[Any], zone: ZoneInfo, sign: int) -> None:
    for department, moment in rows:
        found[(kind, department, month_of(moment, zone))] += sign


# ------------------------------------------------------------------- reading and checking


def per_month(session: Session, starts: list[date]) -> dict[str, list[int]]:
    """The counts of each kind in the months beginning on ``starts`` (oldest first), all
    departments together: one query on a few dozen rows."""
    rows = session.connection().execute(
        select(MonthlyCount.kind, MonthlyCount.month, func.sum(MonthlyCount.n))
        .where(MonthlyCount.month >= starts[0], MonthlyCount.month <= starts[-1])
        .group_by(MonthlyCount.kind, MonthlyCount.month)
    )
    found = {(kind, month): int(n or 0) for kind, month, n in rows}
    return {kind: [found.get((kind, start), 0) for start in starts] for kind in KINDS}


def expected(session: Session) -> dict[Key, int]:
    """The counts recomputed from the facts (every signature and counted diagnosis read once;
    the month is taken in the programme's time zone, as the dashboard's months)."""
    zone = _zone()
    found: Counter[Key] = Counter()
    _tally(found, SIGNATURES, session.execute(_signatures()), zone, 1)
    _tally(found, DIAGNOSES, session.execute(_diagnoses()), zone, 1)
    return {key: n for key, n in found.items() if n}


def kept(session: Session) -> dict[Key, int]:
    """The kept counts (months emptied by deletions left out)."""
    return {
        (row.kind, row.department, row.month): row.n
        for row in session.execute(select(MonthlyCount.__table__))
        if row.n
    }


def differences(session: Session) -> list[str]:
    """Every kept count that differs from a count of the facts, one line each. Read-only."""
    want, have = expected(session), kept(session)
    return [
        f"{kind}/{department}/{month:%Y-%m}: kept {have.get(key, 0)}, facts {want.get(key, 0)}"
        for key in sorted(want.keys() | have.keys())
        for kind, department, month in (key,)
        if want.get(key, 0) != have.get(key, 0)
    ]


def recount(session: Session) -> None:
    """Replace the kept counts by a count of the facts (inside the caller's transaction)."""
    session.execute(delete(MonthlyCount))
    rows = [
        {"kind": kind, "department": department, "month": month, "n": n}
        for (kind, department, month), n in sorted(expected(session).items())
    ]
    if rows:
        session.execute(MonthlyCount.__table__.insert(), rows)


def apply(session: Session, changes: dict[Key, int]) -> None:
    """Add ``changes`` to the kept counts: one upsert per month and department changed."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    for (kind, department, month), n in sorted(changes.items()):
        if n:
            session.execute(
                insert(MonthlyCount)
                .values(kind=kind, department=department, month=month, n=n)
                .on_conflict_do_update(
                    index_elements=[MonthlyCount.kind, MonthlyCount.department, MonthlyCount.month],
                    set_={"n": MonthlyCount.n + n},
                )
            )


# -------------------------------------------------------------------------- session hooks


def _changed(obj: Any, fields: tuple[str, ...]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


def _sme_versions(session: Session, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return set(
        session.connection().scalars(
            select(QuestionnaireVersion.id).where(
                QuestionnaireVersion.id.in_(sorted(ids)),
                QuestionnaireVersion.audience == Audience.SME,
            )
        )
    )


def _departments(session: Session, ids: set[int], known: dict[int, str]) -> dict[int, str]:
    missing = sorted(ids - known.keys())
    if missing:
        rows = session.connection().execute(
            select(Organization.id, Organization.department).where(Organization.id.in_(missing))
        )
        known = known | dict(rows.all())
    return known


def _note(session: Session, entries: list[Entry], known: dict[int, str]) -> None:
    """Fold (kind, organisation, moment, ±1) entries into the transaction's pending changes."""
    if not entries:
        return
    zone = _zone()
    departments = _departments(session, {e[1] for e in entries}, known)
    pending: Counter[Key] = session.info.setdefault(PENDING, Counter())
    for kind, organization_id, moment, sign in entries:
        pending[(kind, departments[organization_id], month_of(moment, zone))] += sign


def _before_flush(session: Session, *_args: Any) -> None:
    """What is about to be deleted or changed leaves the counts with its stored values; an
    organisation changing department takes its counts (as stored) to the new one."""
    if session.info.get(RECOUNT):
        return
    if any(isinstance(o, Organization) for o in session.deleted):
        session.info[RECOUNT] = True
        return
    deleted = set(session.deleted)
    signatures = [
        o
        for o in [*session.deleted, *session.dirty]
        if isinstance(o, Signature) and (o in deleted or _changed(o, _SIGNATURE_FIELDS))
    ]
    assessments = [
        o
        for o in [*session.deleted, *session.dirty]
        if isinstance(o, Assessment) and (o in deleted or _changed(o, _ASSESSMENT_FIELDS))
    ]
    moved = [
        o
        for o in session.dirty
        if isinstance(o, Organization) and inspect(o).attrs.department.history.has_changes()
    ]
    if not (signatures or assessments or moved):
        return
    connection = session.connection()
    entries: list[Entry] = []
    if signatures:
        stored = connection.execute(
            select(Signature.organization_id, Signature.signed_at).where(
                Signature.id.in_([o.id for o in signatures])
            )
        )
        entries += [(SIGNATURES, oid, at, -1) for oid, at in stored]
        entries += [
            (SIGNATURES, o.organization_id, o.signed_at, 1) for o in signatures if o not in deleted
        ]
    if assessments:
        stored = connection.execute(
            _counted_diagnoses(Assessment.organization_id, Assessment.submitted_at).where(
                Assessment.id.in_([o.id for o in assessments])
            )
        )
        entries += [(DIAGNOSES, oid, at, -1) for oid, at in stored]
        kept_ones = [o for o in assessments if o not in deleted and _counts(o)]
        sme = _sme_versions(session, {o.questionnaire_version_id for o in kept_ones})
        entries += [
            (DIAGNOSES, owner, o.submitted_at, 1)
            for o in kept_ones
            if o.questionnaire_version_id in sme and (owner := _owner(o)) is not None
        ]
    # The department after this flush: the new one for the organisations that move.
    known = {o.id: o.department for o in moved}
    if moved:
        _move(session, moved)
    _note(session, entries, known)


def _owner(obj: Assessment) -> int | None:
    """The organisation of a diagnosis as it will be after the flush: set through
    the relationship, the column is only filled during the flush."""
    organization = obj.organization
    return organization.id if organization is not None else obj.organization_id


def _counts(assessment: Assessment) -> bool:
    """Whether a diagnosis is counted: submitted, and belonging to an organisation (a quick
    diagnosis without an account counts once kept in one, charter.services.anonymous)."""
    return (
        assessment.status == AssessmentStatus.SUBMITTED
        and assessment.submitted_at is not None
        and _owner(assessment) is not None
    )


def _move(session: Session, organizations: list[Organization]) -> None:
    """Move the stored counts of each organisation from its stored department to its new one."""
    zone = _zone()
    connection = session.connection()
    pending: Counter[Key] = session.info.setdefault(PENDING, Counter())
    for organization in organizations:
        mine: Counter[Key] = Counter()
        _tally(
            mine,
            SIGNATURES,
            connection.execute(_signatures().where(Signature.organization_id == organization.id)),
            zone,
            1,
        )
        _tally(
            mine,
            DIAGNOSES,
            connection.execute(_diagnoses().where(Assessment.organization_id == organization.id)),
            zone,
            1,
        )
        for (kind, old, month), n in mine.items():
            pending[(kind, old, month)] -= n
            pending[(kind, organization.department, month)] += n


def _after_flush(session: Session, *_args: Any) -> None:
    """The new signatures and submitted diagnoses enter the counts (their defaults and ids
    are known now)."""
    if session.info.get(RECOUNT):
        return
    signatures = [o for o in session.new if isinstance(o, Signature)]
    assessments = [o for o in session.new if isinstance(o, Assessment) and _counts(o)]
    if not (signatures or assessments):
        return
    sme = _sme_versions(session, {o.questionnaire_version_id for o in assessments})
    entries: list[Entry] = [(SIGNATURES, o.organization_id, o.signed_at, 1) for o in signatures]
    entries += [
        (DIAGNOSES, o.organization_id, o.submitted_at, 1)
        for o in assessments
        if o.questionnaire_version_id in sme and o.organization_id is not None
    ]
    _note(session, entries, {})


def settle(session: Session) -> None:
    """Write the transaction's noted changes, or recount after a bulk write (before commit,
    after the last flush; called by the kept-standing hooks)."""
    pending = session.info.pop(PENDING, None)
    if session.info.pop(RECOUNT, False):
        recount(session)
    elif pending:
        apply(session, dict(pending))


def mark_bulk(session: Session, table: str | None) -> None:
    """A bulk write to ``table``: recount at commit if it may change the counts."""
    if table in TABLES:
        session.info[RECOUNT] = True


def forget(session: Session) -> None:
    """The transaction rolled back: nothing noted holds."""
    session.info.pop(PENDING, None)
    session.info.pop(RECOUNT, None)


def _after_soft_rollback(session: Session, previous: Any) -> None:
    """A savepoint rolled back (retention's ``begin_nested``) inside a transaction that goes
    on: what was noted before and inside it can no longer be told apart, so recount at commit
    (the rollback hooks have forgotten the notes)."""
    if previous.nested:
        session.info.pop(PENDING, None)
        session.info[RECOUNT] = True


def install() -> None:
    """Register the flush hooks on every ORM session (idempotent)."""
    if event.contains(Session, "before_flush", _before_flush):
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "after_soft_rollback", _after_soft_rollback)
