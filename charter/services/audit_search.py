"""Searching the audit log: the Region's journal page (``/region/journal``).

Filters by actor (an e-mail fragment or an account number), event type (a code, or a family
given as its prefix « signature. »), target and dates, newest first, a page at a time (two
queries whatever the journal's length).

Also the names the journal's sentences need (``resolve_names``): people, providers,
signatures' companies and questionnaires, one query per kind for a page of events.

Who calls this: the Region's audit-log view, with filters it has parsed and bounded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.core.audience import Audience
from charter.models import AuditEvent, Organization, QuestionnaireVersion, Signature, User
from charter.services.dates import start_of_day
from charter.services.pages import Page, page_of


@dataclass(frozen=True)
class AuditFilters:
    """What the officer searches for; empty values do not filter."""

    actor_email: str = ""
    actor_id: int | None = None
    action: str = ""
    target_type: str = ""
    target_id: str = ""
    since: date | None = None
    until: date | None = None

    def conditions(self) -> list[Any]:
        """The SQL conditions on ``AuditEvent`` these filters mean."""
        found: list[Any] = []
        if self.actor_id is not None:
            found.append(AuditEvent.actor_id == self.actor_id)
        elif self.actor_email:
            ids = select(User.id).where(User.email.contains(self.actor_email.lower()))
            found.append(AuditEvent.actor_id.in_(ids.scalar_subquery()))
        if self.action:
            found.append(AuditEvent.action.startswith(self.action))
        if self.target_type:
            found.append(AuditEvent.target_type == self.target_type)
        if self.target_id:
            found.append(AuditEvent.target_id == self.target_id)
        if self.since:
            found.append(AuditEvent.created_at >= start_of_day(self.since))
        if self.until:
            found.append(AuditEvent.created_at < start_of_day(self.until + timedelta(days=1)))
        return found


def search(
    session: Session, filters: AuditFilters, page: int, per_page: int
) -> Page[tuple[AuditEvent, str | None, str | None]]:
    """One page of the events matching ``filters``, newest first: each with its actor's name
    and e-mail (None for the service itself or a deleted account)."""
    statement = (
        select(AuditEvent, User.full_name, User.email)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(*filters.conditions())
        .order_by(AuditEvent.id.desc())
    )
    found = page_of(session, statement, page, per_page, scalars=False)
    return found.map(lambda row: (row[0], row[1], row[2]))


def recorded_actions(session: Session) -> list[str]:
    """Every event code present in the journal (the filter's choices)."""
    return list(session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


@dataclass
class Names:
    """Names the sentences of one page need, looked up together (a few queries a page)."""

    users: dict[int, str] = field(default_factory=dict)
    providers: dict[int, str] = field(default_factory=dict)
    signature_orgs: dict[int, int] = field(default_factory=dict)
    questionnaires: dict[str, str] = field(default_factory=dict)


def as_int(value: Any) -> int | None:
    """``value`` as an id, or None when it is not one (details are free-form JSON)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def resolve_names(session: Session, events: Iterable[AuditEvent]) -> Names:
    """Look up, in one query per kind, the people, providers, signatures and questionnaires
    the ``events`` refer to."""
    events = list(events)
    names = Names()
    signature_ids = {as_int(e.target_id) for e in events if e.target_type == "signature"} - {None}
    if signature_ids:
        names.signature_orgs = dict(
            session.execute(
                select(Signature.id, Signature.organization_id).where(
                    Signature.id.in_(signature_ids)
                )
            ).all()
        )
    org_ids: set[int | None] = set(names.signature_orgs.values())
    user_ids: set[int | None] = set()
    for event in events:
        details = event.details or {}
        org_ids |= {as_int(details.get("organization_id")), as_int(details.get("provider_id"))}
        if event.target_type == "organization":
            org_ids.add(as_int(event.target_id))
        if event.target_type == "user":
            user_ids.add(as_int(event.target_id))
    org_ids.discard(None)
    user_ids.discard(None)
    if org_ids:
        names.providers = dict(
            session.execute(
                select(Organization.id, Organization.name).where(
                    Organization.id.in_(org_ids), Organization.kind == Audience.PROVIDER
                )
            ).all()
        )
    if user_ids:
        names.users = {
            user_id: full_name or email
            for user_id, full_name, email in session.execute(
                select(User.id, User.full_name, User.email).where(User.id.in_(user_ids))
            )
        }
    named = {str((e.details or {}).get("questionnaire")) for e in events} - {"None"}
    if named:
        slugs = {key.partition("@")[0] for key in named}
        names.questionnaires = {
            key: title
            for slug, version, title in session.execute(
                select(
                    QuestionnaireVersion.slug,
                    QuestionnaireVersion.version,
                    QuestionnaireVersion.title,
                ).where(QuestionnaireVersion.slug.in_(slugs))
            )
            if (key := f"{slug}@{version}") in named
        }
    return names
