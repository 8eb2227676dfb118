"""Providers and their clients: joining (from an invitation or the directory), consent to share.

Who calls this: the joining pages, the SME's provider pages (join, choose from the directory,
consent) and the provider's client pages (who shares). Every function owns its transaction,
records audit events and sends its e-mails after the commit. Invitations themselves live in
``services.invitations``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from charter.db import utcnow, write_transaction
from charter.models import AuditEvent, ClientLink, LinkSource, Organization, Role, User
from charter.services import audit
from charter.services.invitations import invitation_for_token
from charter.services.mail import send_email

# ------------------------------------------------------------------------------- joining


class InvitationUnusable(Exception):
    """The invitation was accepted, cancelled or has expired."""


def accept_invitation(session: Session, *, token: str, user_id: int, share: bool) -> ClientLink:
    """Link the user's SME to the inviting provider (consent as chosen), once per link.

    Only an owner (« responsable ») of the SME accepts: the consent to share is theirs.
    """
    now = utcnow()
    with write_transaction(session):
        invitation = invitation_for_token(session, token)
        if invitation is None or invitation.status(now) not in ("sent", "opened"):
            raise InvitationUnusable(token)
        user = session.get(User, user_id)
        if user is None or user.role is not Role.SME_MEMBER or not user.is_owner:
            raise InvitationUnusable(token)  # the consent to share is the owners' to give
        invitation.accepted_at = now
        invitation.opened_at = invitation.opened_at or now
        invitation.accepted_by_id = user.organization_id
        link = _link(session, invitation.provider_id, user, LinkSource.INVITATION, share)
        audit.record(
            session,
            "client.invitation_accepted",
            actor_id=user_id,
            target_type="invitation",
            target_id=invitation.id,
        )
    _tell_provider_of_new_client(session, link)
    return link


def link_from_directory(
    session: Session, *, user_id: int, provider_id: int, share: bool
) -> ClientLink:
    """The SME chose a listed signatory as its provider; the provider is told."""
    with write_transaction(session):
        user = session.get(User, user_id)
        provider = session.get(Organization, provider_id)
        if user is None or provider is None or not provider.is_provider:
            raise LookupError(provider_id)
        link = _link(session, provider_id, user, LinkSource.DIRECTORY, share)
    _tell_provider_of_new_client(session, link)
    return link


def _link(
    session: Session, provider_id: int, user: User, source: LinkSource, share: bool
) -> ClientLink:
    link = session.scalar(
        select(ClientLink).filter_by(provider_id=provider_id, sme_id=user.organization_id)
    )
    if link is None:
        link = ClientLink(
            provider_id=provider_id,
            sme_id=user.organization_id,
            source=source,
            share_results=share,
            share_changed_at=utcnow(),
            contact_id=user.id,
        )
        session.add(link)
        session.flush()
        audit.record(
            session,
            "client.linked",
            actor_id=user.id,
            target_type="client_link",
            target_id=link.id,
            details={"source": source.value, "share": share},
        )
    else:
        link.contact_id = user.id  # the member who accepted last is the contact now
        if link.share_results != share:
            _set_share(session, link, share, user.id)
    return link


def _tell_provider_of_new_client(session: Session, link: ClientLink) -> None:
    for member in _members(session, link.provider_id):
        send_email(
            member.email,
            _("Un nouveau client : %(sme)s", sme=link.sme.name),
            "client_joined",
            name=member.full_name,
            sme=link.sme.name,
            shares=link.share_results,
            link=url_for("provider.clients", _external=True),
            reason=_("une entreprise vous a choisi comme prestataire sur le service"),
        )


def _members(session: Session, organization_id: int) -> list[User]:
    return list(
        session.scalars(
            select(User).where(User.organization_id == organization_id, User.active.is_(True))
        )
    )


# ------------------------------------------------------------------------------- consent


def sme_link(session: Session, sme_id: int, link_id: int) -> ClientLink | None:
    """One of an SME's links, or None (another SME's id does not exist)."""
    link = session.get(ClientLink, link_id)
    return link if link and link.sme_id == sme_id else None


def set_consent(session: Session, *, actor_id: int, sme_id: int, link_id: int, share: bool) -> bool:
    """Give or withdraw the consent to share; takes effect on the provider's next request."""
    with write_transaction(session):
        link = sme_link(session, sme_id, link_id)
        if link is None:
            return False
        if link.share_results != share:
            _set_share(session, link, share, actor_id)
    return True


def _set_share(session: Session, link: ClientLink, share: bool, actor_id: int) -> None:
    link.share_results = share
    link.share_changed_at = utcnow()
    audit.record(
        session,
        "client.consent_given" if share else "client.consent_withdrawn",
        actor_id=actor_id,
        target_type="client_link",
        target_id=link.id,
        details={"provider_id": link.provider_id, "sme_id": link.sme_id},
    )


def unlink(session: Session, *, actor_id: int, sme_id: int, link_id: int) -> bool:
    """The SME stops being this provider's client (the provider loses every access)."""
    with write_transaction(session):
        link = sme_link(session, sme_id, link_id)
        if link is None:
            return False
        audit.record(
            session,
            "client.unlinked",
            actor_id=actor_id,
            target_type="client_link",
            target_id=link.id,
            details={"provider_id": link.provider_id, "sme_id": link.sme_id},
        )
        session.delete(link)
    return True


def links_of_sme(session: Session, sme_id: int) -> list[ClientLink]:
    """The SME's providers (its links), oldest first: the SME's « Mes prestataires » page."""
    return list(
        session.scalars(
            select(ClientLink).where(ClientLink.sme_id == sme_id).order_by(ClientLink.created_at)
        )
    )


def sharing_link(session: Session, provider_id: int, sme_id: int) -> ClientLink | None:
    """The link through which a provider may see an SME's results now, or None."""
    return session.scalar(
        select(ClientLink).filter_by(provider_id=provider_id, sme_id=sme_id, share_results=True)
    )


def notify_submission(session: Session, assessment_organization_id: int, title: str) -> None:
    """Tell every provider the SME shares with that it sent a diagnosis."""
    links = session.scalars(
        select(ClientLink).filter_by(sme_id=assessment_organization_id, share_results=True)
    ).all()
    for link in links:
        for member in _members(session, link.provider_id):
            send_email(
                member.email,
                _("%(sme)s a envoyé un diagnostic", sme=link.sme.name),
                "client_submitted",
                name=member.full_name,
                sme=link.sme.name,
                questionnaire=title,
                link=url_for("provider.client", sme_id=link.sme_id, _external=True),
                reason=_("votre client %(sme)s partage ses résultats avec vous", sme=link.sme.name),
            )


# ------------------------------------------------------------------------ provider's side


@dataclass(frozen=True)
class Contact:
    """The SME member who made the link with the provider (still a member, still active)."""

    name: str
    email: str


def client_contact(session: Session, provider_id: int, sme_id: int) -> Contact | None:
    """The provider's contact at its client: the person who accepted the link, if known.
    The caller checked that ``sme_id`` is a client of ``provider_id``."""
    row = session.execute(
        select(User.full_name, User.email)
        .join(ClientLink, ClientLink.contact_id == User.id)
        .where(
            ClientLink.provider_id == provider_id,
            ClientLink.sme_id == sme_id,
            User.organization_id == sme_id,
            User.active.is_(True),
        )
    ).first()
    return Contact(*row) if row else None


NUDGED = "client.nudged"
#: A provider may nudge the same client once in this many days.
NUDGE_INTERVAL = timedelta(days=30)


def last_nudge(session: Session, provider_id: int, sme_id: int) -> datetime | None:
    """When the provider last asked this client to make its diagnosis, if ever."""
    link_id = session.scalar(
        select(ClientLink.id).filter_by(provider_id=provider_id, sme_id=sme_id)
    )
    if link_id is None:
        return None
    return session.scalar(
        select(func.max(AuditEvent.created_at)).where(
            AuditEvent.action == NUDGED,
            AuditEvent.target_type == "client_link",
            AuditEvent.target_id == str(link_id),
        )
    )


def nudge(session: Session, *, actor_id: int, provider_id: int, sme_id: int) -> int | None:
    """The provider asks its client's members, by e-mail, to make (or redo) its diagnosis and,
    if they wish, to share it: once per ``NUDGE_INTERVAL``. Returns how many people were
    e-mailed, or None (not a client, or nudged recently). The e-mail says nothing of the
    client's diagnoses, which the provider may not see. The caller checks the actor."""
    now = utcnow()
    with write_transaction(session):
        link = session.scalar(
            select(ClientLink).filter_by(provider_id=provider_id, sme_id=sme_id).with_for_update()
        )
        if link is None:
            return None
        last = last_nudge(session, provider_id, sme_id)
        if last is not None and now - last < NUDGE_INTERVAL:
            return None
        audit.record(
            session,
            NUDGED,
            actor_id=actor_id,
            target_type="client_link",
            target_id=link.id,
        )
        provider_name = link.provider.name
        people = _members(session, sme_id)
        for person in people:
            send_email(
                person.email,
                _("%(provider)s vous propose de faire votre diagnostic", provider=provider_name),
                "client_nudge",
                name=person.full_name,
                provider=provider_name,
                shares=link.share_results,
                link=url_for("sme.dashboard", _external=True),
                site=url_for("public.home", _external=True),
                reason=_(
                    "votre entreprise est cliente de %(provider)s sur le service",
                    provider=provider_name,
                ),
            )
    return len(people)
