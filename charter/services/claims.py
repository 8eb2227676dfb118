"""Claiming an imported company: the contact's invitation, and the account it creates.

The Region imports its paper signatories (``charter.services.signatory_import``); each
imported company's contact receives a single-use link to create the company's first account
and take it in hand. The account is made by ``registration.create_account``, the same function as
registration, so that every rule about a company's first account applies to both. The link
carries a random token; only its SHA-256 is stored. It dies when used, when it expires, or when
the company has an account already.

Who calls this: the import (``invite_all``, inside its transaction) and the public claim page
(``charter.auth.claim``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from charter.db import utcnow, write_transaction
from charter.models import ClaimInvitation, Organization, SignatoryImport, User
from charter.services import accounts, audit, registration
from charter.services.mail import send_email
from charter.services.passwords import hash_password
from charter.services.tokens import find_by_token, new_link_token, token_hash


class ClaimRefused(Exception):
    """The link cannot create an account: ``code`` is "dead" or "email_taken"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Claimable:
    """What the claim page shows: the company and the invited address."""

    invitation_id: int
    organization_name: str
    siret: str
    email: str


def _validity() -> timedelta:
    return timedelta(days=int(current_app.config["CLAIM_INVITATION_VALIDITY_DAYS"]))


def invite_all(
    session: Session,
    upload: SignatoryImport,
    contacts: Iterable[tuple[Organization, str]],
    *,
    now: datetime,
) -> int:
    """Create and e-mail (through the outbox, in the caller's transaction) one claim link per
    imported company; returns how many."""
    days = _validity().days
    count = 0
    for organization, email in contacts:
        token = new_link_token()
        session.add(
            ClaimInvitation(
                organization_id=organization.id,
                import_id=upload.id,
                email=email,
                token_hash=token_hash(token),
                created_at=now,
                expires_at=now + _validity(),
            )
        )
        send_email(
            email,
            _("Votre signature de la charte est sur Charte Cyber Normandie"),
            "claim_invitation",
            bulk=True,
            organization=organization.name,
            link=url_for("auth.claim_organization", token=token, _external=True),
            days=days,
            reason=_(
                "la Région Normandie a enregistré la signature de la charte par %(name)s, "
                "avec votre adresse comme contact",
                name=organization.name,
            ),
        )
        count += 1
    return count


def _live(session: Session, token: str, now: datetime) -> ClaimInvitation | None:
    """The invitation a link names if it can still be used."""
    invitation = find_by_token(session, ClaimInvitation.token_hash, token)
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at <= now:
        return None
    members = session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.organization_id == invitation.organization_id)
    )
    return None if members else invitation


def claimable(session: Session, token: str) -> Claimable | None:
    """What a claim link offers, or None when it is unknown, used, expired or the company has
    an account already."""
    invitation = _live(session, token, utcnow())
    if invitation is None:
        return None
    organization = invitation.organization
    return Claimable(invitation.id, organization.name, organization.siret, invitation.email)


def claim(
    session: Session, token: str, *, full_name: str, password: str, accepts_terms: bool, ip: str
) -> User:
    """Create the company's first account from a claim link (the address it was sent to,
    verified by the link) and end the link. Raises :class:`ClaimRefused`."""
    password_hash = hash_password(password)  # before the transaction: no lock while hashing
    now = utcnow()
    with write_transaction(session):
        invitation = _live(session, token, now)
        if invitation is None:
            raise ClaimRefused("dead")
        if accounts.find_user_by_email(session, invitation.email) is not None:
            raise ClaimRefused("email_taken")
        user = registration.create_account(
            session,
            invitation.organization,
            email=invitation.email,
            full_name=full_name,
            password_hash=password_hash,
            accepts_terms=accepts_terms,
            ip=ip,
            verified=True,
        )
        invitation.accepted_at = now
        invitation.accepted_by_id = user.id
        audit.record(
            session,
            "organization.claimed",
            actor_id=user.id,
            target_type="organization",
            target_id=invitation.organization_id,
            details={"import_id": invitation.import_id, "ip": ip},
        )
    return user
