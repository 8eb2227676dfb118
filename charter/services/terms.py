"""Terms of use: publishing versions, the version in force, recording acceptances.

Who calls this: the ``publish-terms`` command and the demo (publishing), the registration
service (acceptance in the same transaction as the account), the account gate and the
``legal`` blueprint (what is pending, accepting), tests.

Which version is in force: the latest published one whose effective date has come (in the
service's time zone). Before the first version takes effect, that first version applies, so
that a new service never runs without terms. A version published with a future date is
announced on ``/cgu`` and asked for at the first login from that date, as the terms say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import BindParameter, ColumnElement, Date, bindparam, case, exists, select
from sqlalchemy.orm import Session

from charter.core.terms import TermsDocument, TermsSection
from charter.db import utcnow, write_transaction
from charter.models import TermsAcceptance, TermsVersion, User
from charter.services import audit
from charter.services.personal_data import section

#: The terms files shipped with the application; ``cgu-v1.yaml`` is the first version.
BUNDLED_TERMS = Path(__file__).resolve().parents[1] / "data" / "terms"


class TermsAlreadyPublished(Exception):
    """A version with this label exists with another text: published versions never change."""


class TermsOutOfOrder(Exception):
    """A new version must take effect after every version already published."""


@dataclass(frozen=True)
class Publication:
    """What ``publish`` did: the version, and whether it was new (False: already there)."""

    version: TermsVersion
    created: bool


def today() -> date:
    """The date in the service's time zone (effective dates are French calendar dates)."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Paris"))
    return datetime.now(zone).date()


def publish(session: Session, document: TermsDocument) -> Publication:
    """Publish ``document`` as a new version, in its own transaction; audited.

    Publishing the same text again changes nothing (idempotent, for the demo and scripts).
    Raises :class:`TermsAlreadyPublished` when the label exists with another text, and
    :class:`TermsOutOfOrder` when the effective date is not after the latest version's.
    """
    with write_transaction(session):
        existing = session.scalar(select(TermsVersion).filter_by(label=document.version))
        if existing is not None:
            if existing.text_hash != document.text_hash:
                raise TermsAlreadyPublished(document.version)
            return Publication(existing, created=False)
        latest = session.scalar(select(TermsVersion.effective_date).order_by(*_newest()).limit(1))
        if latest is not None and document.effective_date <= latest:
            raise TermsOutOfOrder(latest)
        version = TermsVersion(
            label=document.version,
            title=document.title,
            summary=document.summary,
            sections=[{"title": s.title, "text": s.text} for s in document.sections],
            text_hash=document.text_hash,
            effective_date=document.effective_date,
            published_at=utcnow(),
        )
        session.add(version)
        session.flush()
        audit.record(
            session,
            "terms.published",
            actor_id=None,
            target_type="terms_version",
            target_id=version.id,
            details={
                "label": version.label,
                "effective_date": version.effective_date.isoformat(),
                "text_hash": version.text_hash,
            },
        )
    return Publication(version, created=True)


def _newest() -> tuple[ColumnElement[Any], ...]:
    return (TermsVersion.effective_date.desc(), TermsVersion.id.desc())


def _in_force_first(on: date | BindParameter[date]) -> tuple[ColumnElement[Any], ...]:
    """ORDER BY putting the version in force on ``on`` first (see the module docstring).

    Versions already in effect come first, latest first; when none is, the earliest one.
    """
    started = TermsVersion.effective_date <= on
    return (
        case((started, 0), else_=1),
        case((started, TermsVersion.effective_date), else_=None).desc(),
        TermsVersion.effective_date.asc(),
        TermsVersion.id.desc(),
    )


def current_version(session: Session, on: date | None = None) -> TermsVersion | None:
    """The version in force on ``on`` (default: today), or None when none is published."""
    return session.scalar(select(TermsVersion).order_by(*_in_force_first(on or today())).limit(1))


#: Built once (the account gate runs it on every request of a logged-in user): the version in
#: force on :on, and whether :user_id accepted it.
_PENDING = (
    select(
        TermsVersion.id,
        exists().where(
            TermsAcceptance.user_id == bindparam("user_id"),
            TermsAcceptance.terms_version_id == TermsVersion.id,
        ),
    )
    .order_by(*_in_force_first(bindparam("on", type_=Date)))
    .limit(1)
)


def pending_version_id(session: Session, user_id: int, on: date | None = None) -> int | None:
    """The id of the version in force if ``user_id`` has not accepted it yet, else None.

    One query: the account gate runs it on every request of a logged-in user.
    """
    row = session.execute(_PENDING, {"user_id": user_id, "on": on or today()}).first()
    if row is None or row[1]:
        return None
    return int(row[0])


def record_acceptance(
    session: Session, user_id: int, version: TermsVersion, *, ip: str
) -> TermsAcceptance:
    """Add an acceptance row in the caller's write transaction, and audit it."""
    acceptance = TermsAcceptance(
        user_id=user_id, terms_version_id=version.id, accepted_at=utcnow(), ip_address=ip[:64]
    )
    session.add(acceptance)
    session.flush()
    audit.record(
        session,
        "terms.accepted",
        actor_id=user_id,
        target_type="terms_version",
        target_id=version.id,
        details={"label": version.label, "ip": ip},
    )
    return acceptance


def accept(session: Session, user_id: int, version_id: int, *, ip: str) -> bool:
    """Record that ``user_id`` accepts version ``version_id``, the one shown to them.

    Its own transaction. False, recording nothing, unless that version is the one in force and
    not yet accepted (already accepted by a second click, or superseded while the page was
    open: the caller then shows the version in force).
    """
    with write_transaction(session):
        if pending_version_id(session, user_id) != version_id:
            return False
        record_acceptance(session, user_id, session.get_one(TermsVersion, version_id), ip=ip)
    return True


def last_acceptance(session: Session, user_id: int) -> TermsAcceptance | None:
    """The most recent acceptance of ``user_id``, with its version, or None."""
    return session.scalar(
        select(TermsAcceptance)
        .where(TermsAcceptance.user_id == user_id)
        .order_by(TermsAcceptance.accepted_at.desc(), TermsAcceptance.id.desc())
        .limit(1)
    )


def published_versions(session: Session) -> list[TermsVersion]:
    """Every published version, newest effective date first."""
    return list(session.scalars(select(TermsVersion).order_by(*_newest())))


def as_document(version: TermsVersion) -> TermsDocument:
    """A stored version back as a document (for comparison and display)."""
    return TermsDocument(
        version=version.label,
        title=version.title,
        effective_date=version.effective_date,
        summary=version.summary,
        sections=tuple(TermsSection(**s) for s in version.sections),
    )


@section("terms_acceptances")
def _acceptances_export(session: Session, user: User) -> list[dict[str, Any]]:
    """The personal-data export's part: every version accepted, when, from where."""
    rows = session.execute(
        select(TermsVersion.label, TermsVersion.text_hash, TermsAcceptance)
        .join(TermsAcceptance, TermsAcceptance.terms_version_id == TermsVersion.id)
        .where(TermsAcceptance.user_id == user.id)
        .order_by(TermsAcceptance.id)
    ).all()
    return [
        {
            "version": label,
            "text_hash": text_hash,
            "accepted_at": acceptance.accepted_at,
            "ip_address": acceptance.ip_address,
        }
        for label, text_hash, acceptance in rows
    ]
