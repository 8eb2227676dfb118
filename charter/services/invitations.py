"""Invitations from a provider to its clients: sending, resending, cancelling, reading a link.

The link carries a random token; only its SHA-256 is stored. Single use: accepting (in
``services.clients``), cancelling or expiring ends it. Only a provider whose signature is valid
today may invite.

Who calls this: the provider's invitation pages, the joining pages, the retention purge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.core.signatures import public_state
from charter.db import utcnow, write_transaction
from charter.models import ClientLink, Invitation, Organization, User
from charter.services import audit
from charter.services.dates import today
from charter.services.mail import send_email
from charter.services.standing import standing_of
from charter.services.tokens import find_by_token, new_link_token, token_hash

MAX_INVITATIONS_AT_ONCE = 50


def may_invite(session: Session, provider_id: int) -> bool:
    """Only a provider whose signature is valid today can invite clients."""
    standing = standing_of(session, provider_id)
    signature = standing.standing
    return (
        signature is not None
        and public_state(signature.status.value, standing.last_valid_day, today()) == "valid"
    )


# ---------------------------------------------------------------------------- invitations


@dataclass
class InviteReport:
    """What became of each address of a batch: sent, or why not."""

    sent: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    already_clients: list[str] = field(default_factory=list)
    already_invited: list[str] = field(default_factory=list)


class CannotInvite(Exception):
    """The provider's signature is not valid: it cannot invite."""


def parse_addresses(text: str) -> tuple[list[str], list[str], list[str]]:
    """Split pasted text into (valid addresses, invalid entries, repeated addresses)."""
    valid: list[str] = []
    invalid: list[str] = []
    repeated: list[str] = []
    for raw in text.replace(";", "\n").replace(",", "\n").split():
        candidate = raw.strip().strip("<>").lower()
        if not candidate:
            continue
        try:
            address = validate_email(candidate, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            invalid.append(candidate[:254])
            continue
        (repeated if address in valid else valid).append(address)
    return valid, invalid, repeated


def invite(session: Session, *, actor_id: int, provider_id: int, text: str) -> InviteReport:
    """Invite every valid address of ``text`` that is neither a client nor already invited."""
    if not may_invite(session, provider_id):
        raise CannotInvite(provider_id)
    valid, invalid, repeated = parse_addresses(text)
    report = InviteReport(invalid=invalid, duplicates=repeated)
    now = utcnow()
    tokens: dict[str, str] = {}
    with write_transaction(session):
        clients = set(
            session.scalars(
                select(User.email)
                .join(ClientLink, ClientLink.sme_id == User.organization_id)
                .where(ClientLink.provider_id == provider_id, User.email.in_(valid))
            )
        )
        pending = {
            i.email
            for i in session.scalars(
                select(Invitation).where(
                    Invitation.provider_id == provider_id, Invitation.email.in_(valid)
                )
            )
            if i.status(now) in ("sent", "opened")
        }
        for address in valid[:MAX_INVITATIONS_AT_ONCE]:
            if address in clients:
                report.already_clients.append(address)
            elif address in pending:
                report.already_invited.append(address)
            else:
                token = new_link_token()
                session.add(
                    Invitation(
                        provider_id=provider_id,
                        email=address,
                        token_hash=token_hash(token),
                        created_by_id=actor_id,
                        expires_at=now + _validity(),
                    )
                )
                tokens[address] = token
                report.sent.append(address)
        if report.sent:
            audit.record(
                session,
                "client.invited",
                actor_id=actor_id,
                target_type="organization",
                target_id=provider_id,
                details={"count": len(report.sent)},
            )
        provider = session.get(Organization, provider_id)
        certificate = certificate_number(session, provider_id)
    if provider is None:  # the caller checked the provider exists; a deletion raced it
        return report
    for address, token in tokens.items():
        _send_invitation(address, token, provider, certificate)
    return report


def _validity() -> timedelta:
    return timedelta(days=int(current_app.config["INVITATION_VALIDITY_DAYS"]))


def certificate_number(session: Session, provider_id: int) -> str | None:
    """The number of the provider's certificate (its standing signature's), if it has one:
    invitations quote it so that the client can check it on the public verification page."""
    signature = standing_of(session, provider_id).standing
    return signature.certificate_number if signature is not None else None


def _send_invitation(
    address: str, token: str, provider: Organization, certificate: str | None
) -> None:
    """Queue one invitation; it carries what a cautious company can check: the provider's
    certificate number with its public verification address (built from the base URL)."""
    send_email(
        address,
        _(
            "%(provider)s vous invite à faire votre diagnostic de cybersécurité",
            provider=provider.name,
        ),
        "invitation",
        provider=provider.name,
        link=url_for("clients.join", token=token, _external=True),
        days=_validity().days,
        certificate=certificate,
        verification=(
            url_for("public.verification", number=certificate, _external=True)
            if certificate
            else None
        ),
        site=url_for("public.home", _external=True),
        reason=_(
            "votre prestataire informatique %(provider)s a saisi votre adresse",
            provider=provider.name,
        ),
    )


def provider_invitation(
    session: Session, provider_id: int, invitation_id: int
) -> Invitation | None:
    """One of a provider's invitations, or None (another provider's id does not exist)."""
    invitation = session.get(Invitation, invitation_id)
    return invitation if invitation and invitation.provider_id == provider_id else None


def resend(session: Session, *, actor_id: int, provider_id: int, invitation_id: int) -> bool:
    """Send a not-yet-accepted invitation again with a fresh link and expiry (the old link
    dies). False if it cannot be resent."""
    now = utcnow()
    token = new_link_token()
    with write_transaction(session):
        invitation = provider_invitation(session, provider_id, invitation_id)
        if invitation is None or invitation.status(now) in ("accepted", "cancelled"):
            return False
        if not may_invite(session, provider_id):
            return False
        invitation.token_hash = token_hash(token)
        invitation.expires_at = now + _validity()
        invitation.last_sent_at = now
        invitation.send_count += 1
        audit.record(
            session,
            "client.invitation_resent",
            actor_id=actor_id,
            target_type="invitation",
            target_id=invitation.id,
        )
        address, provider = invitation.email, invitation.provider
        certificate = certificate_number(session, provider_id)
    _send_invitation(address, token, provider, certificate)
    return True


def cancel(session: Session, *, actor_id: int, provider_id: int, invitation_id: int) -> bool:
    """Cancel a pending invitation: its link stops working."""
    with write_transaction(session):
        invitation = provider_invitation(session, provider_id, invitation_id)
        if invitation is None or invitation.accepted_at or invitation.cancelled_at:
            return False
        invitation.cancelled_at = utcnow()
        audit.record(
            session,
            "client.invitation_cancelled",
            actor_id=actor_id,
            target_type="invitation",
            target_id=invitation.id,
        )
    return True


def invitation_for_token(session: Session, token: str) -> Invitation | None:
    """The invitation a link names, whatever its state; None for an unknown link."""
    return find_by_token(session, Invitation.token_hash, token)


def mark_opened(session: Session, invitation_id: int) -> None:
    """Record that the invited SME started joining (status "opened")."""
    with write_transaction(session):
        invitation = session.get(Invitation, invitation_id)
        if invitation is not None and invitation.opened_at is None:
            invitation.opened_at = utcnow()


def recent_invitations(session: Session, provider_id: int, limit: int = 200) -> list[Invitation]:
    """The provider's invitations, newest first, at most ``limit`` (its invitations page)."""
    return list(
        session.scalars(
            select(Invitation)
            .where(Invitation.provider_id == provider_id)
            .order_by(Invitation.created_at.desc())
            .limit(limit)
        )
    )
