"""Invitations of colleagues: an owner invites by e-mail, the invited person joins.

The link carries a random token; only its SHA-256 is stored. Single use: joining, cancelling
or expiring ends it; resending gives a fresh link and expiry (the old link dies). The invited
person either creates an account from the link (the link proves the address) or joins with
an existing account that belongs to no organisation (logged in with the invited address).

Who calls this: the ``team`` blueprint (owners only for inviting, resending, cancelling; the
joining pages for anyone holding the link), tests.
"""

from __future__ import annotations

from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.db import utcnow, write_transaction
from charter.models import MemberInvitation, OrganizationRole, User
from charter.services import accounts, audit, registration
from charter.services.mail import send_email
from charter.services.members import MemberProblem, has_active_owner, owner_actor
from charter.services.passwords import hash_password
from charter.services.tokens import find_by_token, new_link_token, token_hash


def _validity() -> timedelta:
    return timedelta(days=int(current_app.config["INVITATION_VALIDITY_DAYS"]))


def pending_of(session: Session, organization_id: int) -> list[MemberInvitation]:
    """The organisation's invitations not yet accepted nor cancelled (expired ones included,
    so that they can be resent), newest first."""
    return list(
        session.scalars(
            select(MemberInvitation)
            .where(
                MemberInvitation.organization_id == organization_id,
                MemberInvitation.accepted_at.is_(None),
                MemberInvitation.cancelled_at.is_(None),
            )
            .order_by(MemberInvitation.created_at.desc(), MemberInvitation.id.desc())
            .limit(200)
        )
    )


def invite(session: Session, *, actor_id: int, email: str, role: str) -> MemberInvitation:
    """Invite ``email`` to join the actor's organisation with ``role`` (owners only).

    Raises :class:`MemberProblem`: "invalid_email", "already_member", "already_invited",
    "unknown_role", "not_owner".
    """
    try:
        address = validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise MemberProblem("invalid_email") from error
    if role not in {r.value for r in OrganizationRole}:
        raise MemberProblem("unknown_role")
    now = utcnow()
    token = new_link_token()
    with write_transaction(session):
        actor = owner_actor(session, actor_id)
        organization_id = actor.organization_id
        assert organization_id is not None
        existing = accounts.find_user_by_email(session, address)
        if existing is not None and existing.organization_id == organization_id:
            raise MemberProblem("already_member")
        if any(
            i.email == address and i.status(now) == "pending"
            for i in pending_of(session, organization_id)
        ):
            raise MemberProblem("already_invited")
        invitation = MemberInvitation(
            organization_id=organization_id,
            email=address,
            role=OrganizationRole(role),
            token_hash=token_hash(token),
            invited_by_id=actor.id,
            expires_at=now + _validity(),
        )
        session.add(invitation)
        session.flush()
        audit.record(
            session,
            "member.invited",
            actor_id=actor.id,
            target_type="member_invitation",
            target_id=invitation.id,
            details={"organization_id": organization_id, "role": role},
        )
    _send(invitation, token)
    return invitation


def _send(invitation: MemberInvitation, token: str) -> None:
    organization = invitation.organization.name
    inviter = invitation.invited_by.full_name if invitation.invited_by else organization
    send_email(
        invitation.email,
        _(
            "%(inviter)s vous invite à rejoindre %(organization)s sur Charte Cyber Normandie",
            inviter=inviter,
            organization=organization,
        ),
        "member_invitation",
        inviter=inviter,
        organization=organization,
        owner=invitation.role is OrganizationRole.OWNER,
        link=url_for("team_join.join", token=token, _external=True),
        days=_validity().days,
        reason=_(
            "%(inviter)s, de %(organization)s, a saisi votre adresse",
            inviter=inviter,
            organization=organization,
        ),
    )


def invitation_of(
    session: Session, organization_id: int, invitation_id: int
) -> MemberInvitation | None:
    """One of the organisation's invitations, or None (another one's does not exist)."""
    invitation = session.get(MemberInvitation, invitation_id)
    return invitation if invitation and invitation.organization_id == organization_id else None


def resend(session: Session, *, actor_id: int, invitation_id: int) -> bool:
    """Send a not-yet-accepted invitation again with a fresh link and expiry (owners only).
    False if it cannot be resent (accepted, cancelled, another organisation's)."""
    now = utcnow()
    token = new_link_token()
    with write_transaction(session):
        actor = owner_actor(session, actor_id)
        assert actor.organization_id is not None
        invitation = invitation_of(session, actor.organization_id, invitation_id)
        if invitation is None or invitation.status(now) in ("accepted", "cancelled"):
            return False
        invitation.token_hash = token_hash(token)
        invitation.expires_at = now + _validity()
        invitation.last_sent_at = now
        invitation.send_count += 1
        audit.record(
            session,
            "member.invitation_resent",
            actor_id=actor.id,
            target_type="member_invitation",
            target_id=invitation.id,
            details={"organization_id": actor.organization_id},
        )
    _send(invitation, token)
    return True


def cancel(session: Session, *, actor_id: int, invitation_id: int) -> bool:
    """Cancel a pending invitation (owners only): its link stops working."""
    with write_transaction(session):
        actor = owner_actor(session, actor_id)
        assert actor.organization_id is not None
        invitation = invitation_of(session, actor.organization_id, invitation_id)
        if invitation is None or invitation.accepted_at or invitation.cancelled_at:
            return False
        invitation.cancelled_at = utcnow()
        audit.record(
            session,
            "member.invitation_cancelled",
            actor_id=actor.id,
            target_type="member_invitation",
            target_id=invitation.id,
            details={"organization_id": actor.organization_id},
        )
    return True


def for_token(session: Session, token: str) -> MemberInvitation | None:
    """The invitation a link names, whatever its state; None for an unknown link."""
    return find_by_token(session, MemberInvitation.token_hash, token)


def _usable(session: Session, token: str) -> MemberInvitation:
    invitation = for_token(session, token)
    if invitation is None or invitation.status(utcnow()) != "pending":
        raise MemberProblem("dead_link")
    return invitation


def _joined(session: Session, invitation: MemberInvitation, user: User, *, new: bool) -> None:
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    audit.record(
        session,
        "member.joined",
        actor_id=user.id,
        target_type="organization",
        target_id=invitation.organization_id,
        details={
            "invitation_id": invitation.id,
            "role": user.organization_role.value if user.organization_role else None,
            "new_account": new,
        },
    )


def join_with_account(session: Session, *, token: str, user_id: int) -> User:
    """Join the invitation's organisation with an existing account: it must belong to no
    organisation, not be a Region account, and carry the invited address.

    Raises :class:`MemberProblem`: "dead_link", "has_organization", "wrong_account".
    """
    with write_transaction(session):
        invitation = _usable(session, token)
        user = session.get(User, user_id)
        if user is None or not user.active or user.is_region:
            raise MemberProblem("wrong_account")
        if user.organization_id is not None:
            raise MemberProblem("has_organization")
        if user.email != invitation.email:
            raise MemberProblem("wrong_account")
        organization = invitation.organization
        owner = has_active_owner(session, organization.id)
        user.organization_id = organization.id
        user.role = registration.role_for(organization.kind)
        user.organization_role = invitation.role if owner else OrganizationRole.OWNER
        _joined(session, invitation, user, new=False)
    return user


def join_with_new_account(
    session: Session, *, token: str, full_name: str, password: str, ip: str, accepts_terms: bool
) -> User:
    """Create an account from the link (which proves the address: it is verified) and join.

    Raises :class:`MemberProblem`: "dead_link", "email_taken" (log in and join instead).
    """
    password_hash = hash_password(password)  # before the transaction: no lock while hashing
    with write_transaction(session):
        invitation = _usable(session, token)
        if accounts.find_user_by_email(session, invitation.email) is not None:
            raise MemberProblem("email_taken")
        user = registration.create_account(
            session,
            invitation.organization,
            email=invitation.email,
            full_name=full_name,
            password_hash=password_hash,
            role=invitation.role,
            verified=True,
            accepts_terms=accepts_terms,
            ip=ip,
            details={"invitation_id": invitation.id},
        )
        _joined(session, invitation, user, new=True)
    return user
