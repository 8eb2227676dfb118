"""Signing the charter, and the Region's decisions on signatures.

Every function owns its write transaction, records the transition as a ``SignatureEvent`` and
in the audit log, and sends its e-mails after the commit. Signed facts are never changed (the
model refuses it); decisions are status transitions allowed by ``charter.core.signatures``.

Who calls this: the ``provider`` blueprint (sign), the ``region`` blueprint (validate, reject),
the demo loader, and the Region's decisions (``charter.services.region_decisions``: validate,
suspend, revoke, reinstate).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.core.charter_text import canonical_text
from charter.core.signatures import (
    certificate_number,
    expiry_date,
    may_change,
    signed_hash,
)
from charter.db import utcnow, write_transaction
from charter.models import (
    Organization,
    Signature,
    SignatureEvent,
    SignatureStatus,
    User,
)
from charter.reports.formatting import format_siret
from charter.services import audit, certificates
from charter.services.charters import current_version
from charter.services.dates import local_date
from charter.services.mail import send_email
from charter.services.organizations import Recipient, recipients
from charter.services.standing import standing_of

#: Audit action of each transition, by (from, to).
_ACTIONS = {
    (SignatureStatus.PENDING, SignatureStatus.ACTIVE): "signature.validated",
    (SignatureStatus.PENDING, SignatureStatus.REJECTED): "signature.rejected",
    (SignatureStatus.ACTIVE, SignatureStatus.SUSPENDED): "signature.suspended",
    (SignatureStatus.ACTIVE, SignatureStatus.REVOKED): "signature.revoked",
    (SignatureStatus.ACTIVE, SignatureStatus.SUPERSEDED): "signature.superseded",
    (SignatureStatus.SUSPENDED, SignatureStatus.ACTIVE): "signature.reinstated",
    (SignatureStatus.SUSPENDED, SignatureStatus.REVOKED): "signature.revoked",
}


class SigningRefused(Exception):
    """Signing is not possible: ``code`` is "charter_changed" or "not_allowed"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class TransitionRefused(Exception):
    """The signature's status does not allow this decision (someone decided first)."""

    def __init__(self, status: SignatureStatus) -> None:
        super().__init__(status.value)
        self.status = status


@dataclass(frozen=True)
class SigningRequest:
    """A signature as the signing form collects it, with the charter text the signer read."""

    organization_id: int
    signer_id: int
    charter_version_id: int
    charter_text_hash: str
    signer_name: str
    signer_role: str
    ip: str
    user_agent: str


def authority_statement(organization_name: str, siret: str) -> str:
    """The statement of authority the signer ticks, stored word for word with the signature."""
    return _(
        "Je déclare être habilité(e) à engager l'entreprise %(name)s (SIRET %(siret)s) et je "
        "signe la charte en son nom.",
        name=organization_name,
        siret=format_siret(siret),
    )


# -------------------------------------------------------------------------------- signing


def sign(
    session: Session,
    request: SigningRequest,
    *,
    at: datetime | None = None,
    notify: bool = True,
) -> int:
    """Record a signature of the current charter version, pending the Region's review.

    Raises :class:`SigningRefused` when the charter changed since the signer read it, or the
    company may not sign now (already pending, valid, suspended...). Returns the new id.
    """
    now = at or utcnow()
    with write_transaction(session):
        organization = session.scalar(
            select(Organization).where(Organization.id == request.organization_id).with_for_update()
        )
        if organization is None or not organization.is_provider:
            raise SigningRefused("not_allowed")
        version = current_version(session)
        if (
            version is None
            or version.id != request.charter_version_id
            or version.text_hash != request.charter_text_hash
        ):
            raise SigningRefused("charter_changed")
        if not standing_of(session, organization.id, local_date(now)).may_sign:
            raise SigningRefused("not_allowed")
        signature = Signature(
            organization_id=organization.id,
            charter_version_id=version.id,
            signer_id=request.signer_id,
            signer_name=request.signer_name.strip(),
            signer_role=request.signer_role.strip(),
            authority_statement=authority_statement(organization.name, organization.siret),
            organization_name=organization.name,
            siret=organization.siret,
            text_hash=signed_hash(
                canonical_text(version.as_text()), organization.name, organization.siret
            ),
            signed_at=now,
            ip_address=request.ip[:64],
            user_agent=request.user_agent[:300],
            status=SignatureStatus.PENDING,
        )
        session.add(signature)
        session.flush()
        add_event(session, signature, None, request.signer_id, None, now)
        audit.record(
            session,
            "signature.signed",
            actor_id=request.signer_id,
            target_type="signature",
            target_id=signature.id,
            details={
                "organization_id": organization.id,
                "charter_version": version.label,
                "text_hash": signature.text_hash,
                "ip": request.ip,
            },
        )
        signature_id = signature.id
        signer = session.get(User, request.signer_id)
        to = (signer.email, signer.full_name) if signer else None
        facts = {"organization": organization.name, "label": version.label}
    if notify and to:
        send_email(
            to[0],
            _("Votre signature de la charte est enregistrée"),
            "signature_received",
            name=to[1],
            link=url_for("provider.dashboard", _external=True),
            reason=_("vous venez de signer la charte au nom de votre entreprise"),
            **facts,
        )
    return signature_id


# ------------------------------------------------------------------------------ decisions


def validate(
    session: Session,
    signature_id: int,
    actor_id: int | None,
    *,
    at: datetime | None = None,
    notify: bool = True,
    reason: str | None = None,
) -> str:
    """Validate a pending signature: assign its certificate number and expiry; return the number.

    ``reason`` (the Region's note, optional) is kept with the transition and the audit event.

    The number comes from the year's counter, incremented in this transaction: concurrent
    validations wait for each other on the counter row, so numbers are distinct and a rolled
    back validation leaves no gap. Any other active signature of the company is superseded.
    Raises LookupError (unknown id) or :class:`TransitionRefused`.
    """
    now = at or utcnow()
    day = local_date(now)
    months = int(current_app.config["SIGNATURE_VALIDITY_MONTHS"])
    with write_transaction(session):
        signature = _locked(session, signature_id)
        _check(signature, SignatureStatus.ACTIVE)
        others = session.scalars(
            select(Signature)
            .where(
                Signature.organization_id == signature.organization_id,
                Signature.status == SignatureStatus.ACTIVE,
                Signature.id != signature.id,
            )
            .with_for_update()
        ).all()
        carried = max(
            (
                o.expires_on
                for o in others
                if o.charter_version_id == signature.charter_version_id
                and o.expires_on is not None
                and o.expires_on >= day
            ),
            default=None,
        )
        number = certificate_number(day.year, certificates.next_serial(session, day.year))
        signature.certificate_number = number
        signature.validated_at = now
        signature.validated_by_id = actor_id
        signature.expires_on = expiry_date(day, months, carried)
        _transition(
            session,
            signature,
            SignatureStatus.ACTIVE,
            actor_id,
            (reason or "").strip() or None,
            at=now,
            details={"certificate_number": number, "expires_on": signature.expires_on.isoformat()},
        )
        for other in others:
            _transition(
                session,
                other,
                SignatureStatus.SUPERSEDED,
                actor_id,
                _("Remplacée par l'attestation n° %(number)s.", number=number),
                at=now,
            )
        people = recipients(session, [signature.organization_id])
        expires_on = signature.expires_on
    if notify:
        _tell(
            people,
            _("Votre signature de la charte est validée"),
            "signature_validated",
            number=number,
            expires_on=expires_on,
            verification=url_for("public.verification", number=number, _external=True),
        )
    return number


def reject(
    session: Session, signature_id: int, actor_id: int, reason: str, *, notify: bool = True
) -> None:
    """Refuse a pending signature with a reason, which the company's members receive."""
    reason = reason.strip()
    if not reason:
        raise ValueError("a rejection needs a reason")
    with write_transaction(session):
        signature = _locked(session, signature_id)
        _transition(session, signature, SignatureStatus.REJECTED, actor_id, reason, at=utcnow())
        people = recipients(session, [signature.organization_id])
    if notify:
        _tell(
            people,
            _("Votre signature de la charte n'a pas été validée"),
            "signature_rejected",
            rejection_reason=reason,
        )


def set_status(
    session: Session, signature_id: int, to: SignatureStatus, actor_id: int, reason: str
) -> None:
    """Suspend, revoke or reinstate a validated signature (a reason is required)."""
    if not reason.strip():
        raise ValueError("a decision needs a reason")
    with write_transaction(session):
        signature = _locked(session, signature_id)
        if to in (SignatureStatus.PENDING, SignatureStatus.SUPERSEDED) or (
            to is SignatureStatus.ACTIVE and signature.status is SignatureStatus.PENDING
        ):
            raise ValueError(f"use validate() or a renewal, not set_status({to.value})")
        _transition(session, signature, to, actor_id, reason.strip(), at=utcnow())


def _locked(session: Session, signature_id: int) -> Signature:
    """The signature row, locked until the transaction ends (PostgreSQL; SQLite holds the
    database lock already). Raises LookupError if it does not exist."""
    signature = session.scalar(
        select(Signature).where(Signature.id == signature_id).with_for_update()
    )
    if signature is None:
        raise LookupError(signature_id)
    return signature


def _check(signature: Signature, to: SignatureStatus) -> None:
    if not may_change(signature.status.value, to.value):
        raise TransitionRefused(signature.status)


def _transition(
    session: Session,
    signature: Signature,
    to: SignatureStatus,
    actor_id: int | None,
    reason: str | None,
    *,
    at: datetime,
    details: dict[str, Any] | None = None,
) -> None:
    """Move a signature to ``to``: the status, an event row and an audit event."""
    _check(signature, to)
    previous = signature.status
    signature.status = to
    add_event(session, signature, previous, actor_id, reason, at)
    audit.record(
        session,
        _ACTIONS[(previous, to)],
        actor_id=actor_id,
        target_type="signature",
        target_id=signature.id,
        details={
            "organization_id": signature.organization_id,
            "from": previous.value,
            "to": to.value,
            "reason": reason,
            **(details or {}),
        },
    )


def add_event(
    session: Session,
    signature: Signature,
    previous: SignatureStatus | None,
    actor_id: int | None,
    reason: str | None,
    at: datetime,
) -> None:
    """Record that ``signature`` moved from ``previous`` (None: just signed) to its status, in
    the caller's transaction. Who calls this: the signature services and the import."""
    session.add(
        SignatureEvent(
            signature_id=signature.id,
            from_status=previous,
            to_status=signature.status,
            actor_id=actor_id,
            reason=reason,
            created_at=at,
        )
    )


def _tell(people: list[Recipient], subject: str, template: str, **context: Any) -> None:
    dashboard = url_for("provider.dashboard", _external=True)
    for person in people:
        send_email(
            person.email,
            subject,
            template,
            name=person.name,
            organization=person.organization_name,
            link=dashboard,
            reason=_("vous êtes membre d'une entreprise signataire de la charte"),
            **context,
        )
