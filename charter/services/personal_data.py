"""Export of a person's data (GDPR right to portability), assembled from every area.

Each area registers a section with :func:`section`; the export calls them all. Who calls
this: the account page's download route.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.db import utcnow
from charter.models import AuditEvent, User, UserSession

Section = Callable[[Session, User], Any]
_SECTIONS: dict[str, Section] = {}


def section(name: str) -> Callable[[Section], Section]:
    """Register a function that returns the JSON-ready data of one area for a user."""

    def register(function: Section) -> Section:
        _SECTIONS[name] = function
        return function

    return register


def export_personal_data(session: Session, user_id: int) -> dict[str, Any]:
    """Everything held about ``user_id``, by section, with the time of export."""
    user = session.get(User, user_id)
    if user is None:
        raise LookupError(user_id)
    return {
        "exported_at": utcnow().isoformat(),
        "service": "Charte Cyber Normandie",
        **{name: build(session, user) for name, build in _SECTIONS.items()},
    }


@section("account")
def _account(_session: Session, user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role.value,
        "created_at": user.created_at,
        "email_verified_at": user.email_verified_at,
        "last_login_at": user.last_login_at,
        "two_factor_enabled": user.totp_enabled,
    }


@section("organization")
def _organization(_session: Session, user: User) -> dict[str, Any] | None:
    org = user.organization
    if org is None:
        return None
    return {
        "name": org.name,
        "siret": org.siret,
        "kind": org.kind.value,
        "department": org.department,
        "city": org.city,
        "sector": org.sector,
        "size_band": org.size_band,
        "services": org.services,
        "website": org.website,
        "my_role": user.organization_role.value if user.organization_role else None,
    }


@section("sessions")
def _sessions(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.created_at)
    )
    return [
        {
            "created_at": r.created_at,
            "last_seen_at": r.last_seen_at,
            "ip_address": r.ip_address,
            "user_agent": r.user_agent,
            "revoked_at": r.revoked_at,
        }
        for r in rows
    ]


@section("activity")
def _activity(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(AuditEvent)
        .where(
            (AuditEvent.actor_id == user.id)
            | ((AuditEvent.target_type == "user") & (AuditEvent.target_id == str(user.id)))
        )
        .order_by(AuditEvent.id)
    )
    return [{"at": e.created_at, "action": e.action, "details": e.details} for e in rows]
