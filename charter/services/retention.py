"""Retention: erase what the privacy notice says we no longer keep (``charter purge``).

Each rule is a function registered with :func:`rule`, with the configuration key of its period
in days; ``/confidentialite`` reads the same keys, so the notice and the purge always agree. A
later area adds its own rule the same way (invitations: expired ones after their period, below).

Rules are idempotent (a second run finds nothing left to do and changes nothing, not even the
audit log) and safe from cron: each runs in its own short write transaction and is audited
with its count only when it erased something.

Not here, because nothing is stored: e-mail verification and password reset links are signed,
self-expiring tokens (``charter.services.tokens``); there is no token table to purge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Executable,
    String,
    cast,
    delete,
    exists,
    null,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from charter.db import utcnow, write_transaction
from charter.models import (
    AuditEvent,
    ClaimInvitation,
    Invitation,
    MailStatus,
    MemberInvitation,
    Organization,
    OutgoingMail,
    SignatoryImport,
    TermsAcceptance,
    User,
    UserSession,
)
from charter.services import audit

Apply = Callable[[Session, datetime], int]


@dataclass(frozen=True)
class Rule:
    """One retention rule: what it erases (French, for the command), its period's setting."""

    name: str
    label: str
    setting: str
    apply: Apply


@dataclass(frozen=True)
class Outcome:
    """What one rule did in a run."""

    rule: Rule
    days: int
    count: int


_RULES: dict[str, Rule] = {}


def rule(name: str, label: str, setting: str) -> Callable[[Apply], Apply]:
    """Register ``apply(session, cutoff) -> count`` as the rule ``name``.

    ``cutoff`` is now minus the period in ``setting``: what is older goes.
    """

    def register(function: Apply) -> Apply:
        _RULES[name] = Rule(name, label, setting, function)
        return function

    return register


def rules() -> list[Rule]:
    """Every registered rule, in the order they run."""
    return list(_RULES.values())


def purge(session: Session, now: datetime | None = None) -> list[Outcome]:
    """Run every rule against its configured period; return what each did."""
    now = now or utcnow()
    outcomes = []
    for each in rules():
        days = int(current_app.config[each.setting])
        with write_transaction(session):
            count = each.apply(session, now - timedelta(days=days))
            if count:
                audit.record(
                    session,
                    "retention.purged",
                    actor_id=None,
                    target_type="retention_rule",
                    target_id=each.name,
                    details={"count": count, "days": days},
                )
        outcomes.append(Outcome(each, days, count))
    return outcomes


# ------------------------------------------------------------------------------------ helpers


def erase_audit_details(session: Session, condition: ColumnElement[bool]) -> int:
    """Empty the details of the audit events matching ``condition``; return how many.

    The chain still verifies: each hash covers the details' digest, which stays
    (:func:`charter.services.audit.verify_chain`). Events without details (SQL NULL, or the
    JSON ``null`` the ORM writes for none) are left alone, so a second run counts nothing.
    """
    has_details = AuditEvent.details.is_not(None) & (cast(AuditEvent.details, String) != "null")
    return _affected(
        session,
        update(AuditEvent)
        .where(condition, has_details)
        .values(details=null())
        .execution_options(synchronize_session=False),
    )


def about_users(user_ids: object) -> ColumnElement[bool]:
    """Audit events done by, or done to, the users selected by ``user_ids`` (a subquery)."""
    as_text = select(cast(User.id, String)).where(User.id.in_(user_ids))  # type: ignore[arg-type]
    return AuditEvent.actor_id.in_(user_ids) | (  # type: ignore[arg-type]
        (AuditEvent.target_type == "user") & AuditEvent.target_id.in_(as_text)
    )


# -------------------------------------------------------------------------------------- rules


@rule(
    "unverified_accounts",
    "Comptes dont l'adresse e-mail n'a jamais été confirmée",
    "RETENTION_UNVERIFIED_ACCOUNT_DAYS",
)
def _unverified_accounts(session: Session, cutoff: datetime) -> int:
    """Delete accounts never verified, and the organisation each registered if left empty.

    An unverified account cannot have done anything (the gates stop it), so nothing else
    refers to it; deleting its organisation frees the SIRET for a real registration.
    """
    rows = session.execute(
        select(User.id, User.organization_id).where(
            User.email_verified_at.is_(None), User.created_at < cutoff
        )
    ).all()
    if not rows:
        return 0
    user_ids = [r.id for r in rows]
    erase_audit_details(session, about_users(user_ids))
    # Sessions, recovery codes and acceptances go with the account (ON DELETE CASCADE).
    session.execute(
        delete(User).where(User.id.in_(user_ids)).execution_options(synchronize_session=False)
    )
    for organization_id in {r.organization_id for r in rows if r.organization_id}:
        _delete_if_empty(session, organization_id)
    return len(user_ids)


def _delete_if_empty(session: Session, organization_id: int) -> None:
    """Delete an organisation that has no member left, unless something else refers to it."""
    if session.scalar(select(exists().where(User.organization_id == organization_id))):
        return
    try:
        with session.begin_nested():
            erase_audit_details(
                session,
                (AuditEvent.target_type == "organization")
                & (AuditEvent.target_id == str(organization_id)),
            )
            session.execute(delete(Organization).where(Organization.id == organization_id))
    except IntegrityError:  # another area's row points at it: it is not ours to delete
        current_app.logger.info("purge: organisation %s kept (still referenced)", organization_id)


@rule(
    "deleted_accounts",
    "Dernières traces des comptes supprimés (sessions, adresses IP du journal)",
    "RETENTION_DELETED_ACCOUNT_DAYS",
)
def _deleted_accounts(session: Session, cutoff: datetime) -> int:
    """Erase what is left about accounts deleted before ``cutoff``.

    Deletion already erased name, address, password and second factor
    (:func:`charter.services.accounts.delete_account`); the row stays because the audit log
    and signatures refer to it. What remains personal goes now: session rows (address, browser),
    audit details about them, and the address of their terms acceptances.
    """
    deleted = select(User.id).where(User.deleted_at < cutoff)
    sessions = _affected(
        session,
        delete(UserSession)
        .where(UserSession.user_id.in_(deleted))
        .execution_options(synchronize_session=False),
    )
    details = erase_audit_details(session, about_users(deleted))
    addresses = _affected(
        session,
        update(TermsAcceptance)
        .where(TermsAcceptance.user_id.in_(deleted), TermsAcceptance.ip_address != "")
        .values(ip_address="")
        .execution_options(synchronize_session=False),
    )
    return sessions + details + addresses


@rule(
    "ended_sessions",
    "Sessions de connexion terminées (adresse IP, navigateur)",
    "RETENTION_ENDED_SESSION_DAYS",
)
def _ended_sessions(session: Session, cutoff: datetime) -> int:
    """Delete session rows unused since ``cutoff`` (long expired: sessions last 12 h at most)."""
    return _affected(
        session,
        delete(UserSession)
        .where(UserSession.last_seen_at < cutoff)
        .execution_options(synchronize_session=False),
    )


@rule(
    "audit_details",
    "Détails des événements du journal d'audit (adresses IP…)",
    "RETENTION_AUDIT_DETAILS_DAYS",
)
def _audit_details(session: Session, cutoff: datetime) -> int:
    """Empty the details of events older than ``cutoff``; the events and the chain stay."""
    return erase_audit_details(session, AuditEvent.created_at < cutoff)


@rule(
    "ended_invitations",
    "Invitations de clients expirées ou annulées (adresse e-mail invitée)",
    "RETENTION_ENDED_INVITATION_DAYS",
)
def _ended_invitations(session: Session, cutoff: datetime) -> int:
    """Delete invitations never accepted that expired or were cancelled before ``cutoff``:
    they hold the e-mail address of someone who did not join. Accepted ones stay (the
    provider's list shows them) until the client link goes."""
    return _affected(
        session,
        delete(Invitation)
        .where(
            Invitation.accepted_at.is_(None),
            or_(Invitation.expires_at < cutoff, Invitation.cancelled_at < cutoff),
        )
        .execution_options(synchronize_session=False),
    )


@rule(
    "pending_imports",
    "Fichiers de signataires déposés par la Région et jamais confirmés (coordonnées des contacts)",
    "RETENTION_PENDING_IMPORT_DAYS",
)
def _pending_imports(session: Session, cutoff: datetime) -> int:
    """Delete the files of paper signatories uploaded before ``cutoff`` and never confirmed:
    they hold the contacts' addresses of an import that did not happen."""
    return _affected(
        session,
        delete(SignatoryImport)
        .where(SignatoryImport.confirmed_at.is_(None), SignatoryImport.uploaded_at < cutoff)
        .execution_options(synchronize_session=False),
    )


@rule(
    "ended_claims",
    "Invitations à prendre en main une entreprise importée, expirées (adresse e-mail invitée)",
    "RETENTION_ENDED_INVITATION_DAYS",
)
def _ended_claims(session: Session, cutoff: datetime) -> int:
    """Delete the claim links never used that expired before ``cutoff``."""
    return _affected(
        session,
        delete(ClaimInvitation)
        .where(ClaimInvitation.accepted_at.is_(None), ClaimInvitation.expires_at < cutoff)
        .execution_options(synchronize_session=False),
    )


@rule(
    "ended_member_invitations",
    "Invitations de collègues expirées ou annulées (adresse e-mail invitée)",
    "RETENTION_ENDED_INVITATION_DAYS",
)
def _ended_member_invitations(session: Session, cutoff: datetime) -> int:
    """Delete invitations of colleagues never accepted that expired or were cancelled before
    ``cutoff``: they hold the address of someone who did not join."""
    return _affected(
        session,
        delete(MemberInvitation)
        .where(
            MemberInvitation.accepted_at.is_(None),
            or_(MemberInvitation.expires_at < cutoff, MemberInvitation.cancelled_at < cutoff),
        )
        .execution_options(synchronize_session=False),
    )


@rule(
    "sent_mail",
    "Traces des messages envoyés (destinataire, objet, date)",
    "RETENTION_SENT_MAIL_DAYS",
)
def _sent_mail(session: Session, cutoff: datetime) -> int:
    """Delete the outbox rows of messages sent before ``cutoff`` (their body is already gone);
    failed ones stay until an administrator has dealt with them."""
    return _affected(
        session,
        delete(OutgoingMail)
        .where(OutgoingMail.status == MailStatus.SENT, OutgoingMail.sent_at < cutoff)
        .execution_options(synchronize_session=False),
    )


def _affected(session: Session, statement: Executable) -> int:
    """Run a bulk UPDATE or DELETE and return the number of rows it changed."""
    result = session.execute(statement)
    assert isinstance(result, CursorResult)  # what a DML statement always returns
    return result.rowcount or 0
