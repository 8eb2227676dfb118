"""The Region's decisions on a signatory: validate, ask for changes, suspend, revoke, reinstate.

Each needs a reason, lands in the audit log and e-mails the company's members after the
commit. Status changes go through ``charter.services.signatures`` (validate, set_status), which
record a ``SignatureEvent``; the public directory and the verification page read the live
status, so they change at once.

"Ask for changes" changes no status: the signature stays what it is (the company keeps its
certificate while it corrects things). The request is a ``ChangeRequest`` with a deadline and a
thread (``charter.services.change_requests``), which the company answers in its space, plus an
audit event on the organisation (``signatory.changes_requested``) shown in the signatory's
timeline. A dedicated status would have made a valid signature look invalid on the public pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.core.i18n import N_
from charter.db import write_transaction
from charter.models import AuditEvent, Signature, SignatureEvent, SignatureStatus
from charter.services import audit, change_requests, signatures
from charter.services.mail import send_email
from charter.services.organizations import recipients

CHANGES_REQUESTED = "signatory.changes_requested"


@dataclass(frozen=True)
class Action:
    """A decision as the pages name it: its address, labels and what it acts on."""

    slug: str
    label: str  # the button
    title: str  # the page title, with %(name)s
    explanation: str  # what happens, shown before confirming
    #: Statuses of the target signature that allow the decision; None: no status change.
    from_statuses: tuple[SignatureStatus, ...]
    to_status: SignatureStatus | None
    subject: str  # the e-mail's subject
    headline: str  # the e-mail's first sentence, with %(organization)s


ACTIONS: dict[str, Action] = {
    a.slug: a
    for a in (
        Action(
            "valider",
            N_("Valider la signature"),
            N_("Valider la signature de %(name)s"),
            N_(
                "La signature sera validée : une attestation numérotée est délivrée aussitôt, "
                "l'entreprise apparaît dans l'annuaire si elle l'a accepté, et elle reçoit un "
                "e-mail."
            ),
            (SignatureStatus.PENDING,),
            SignatureStatus.ACTIVE,
            N_("Votre signature de la charte est validée"),
            "",
        ),
        Action(
            "demander-des-modifications",
            N_("Demander des modifications"),
            N_("Demander des modifications à %(name)s"),
            N_(
                "L'entreprise recevra votre demande par e-mail et la verra dans son espace, "
                "avec la date limite ; elle vous répondra dans l'application. Sa signature ne "
                "change pas : la demande est inscrite au journal et dans l'historique du "
                "signataire."
            ),
            (),
            None,
            N_("La Région vous demande des modifications"),
            N_("La Région Normandie demande à %(organization)s d'apporter des modifications."),
        ),
        Action(
            "suspendre",
            N_("Suspendre la signature"),
            N_("Suspendre la signature de %(name)s"),
            N_(
                "La signature sera suspendue : l'entreprise disparaît aussitôt de l'annuaire, "
                "la vérification de son attestation affiche « Suspendue », et elle reçoit un "
                "e-mail. Vous pourrez la rétablir."
            ),
            (SignatureStatus.ACTIVE,),
            SignatureStatus.SUSPENDED,
            N_("Votre signature de la charte est suspendue"),
            N_("La Région Normandie a suspendu la signature de la charte de %(organization)s."),
        ),
        Action(
            "revoquer",
            N_("Révoquer la signature"),
            N_("Révoquer la signature de %(name)s"),
            N_(
                "La signature sera révoquée : c'est définitif. L'entreprise disparaît de "
                "l'annuaire, la vérification de son attestation affiche « Révoquée », et elle "
                "reçoit un e-mail."
            ),
            (SignatureStatus.ACTIVE, SignatureStatus.SUSPENDED),
            SignatureStatus.REVOKED,
            N_("Votre signature de la charte est révoquée"),
            N_("La Région Normandie a révoqué la signature de la charte de %(organization)s."),
        ),
        Action(
            "retablir",
            N_("Rétablir la signature"),
            N_("Rétablir la signature de %(name)s"),
            N_(
                "La signature suspendue redevient valide jusqu'à sa date de fin : l'entreprise "
                "revient dans l'annuaire si elle l'a accepté, et elle reçoit un e-mail."
            ),
            (SignatureStatus.SUSPENDED,),
            SignatureStatus.ACTIVE,
            N_("Votre signature de la charte est rétablie"),
            N_("La Région Normandie a rétabli la signature de la charte de %(organization)s."),
        ),
    )
}


class DecisionRefused(Exception):
    """The signatory's signatures do not allow this decision (any more)."""


def target(history: list[Signature], action: Action) -> Signature | None:
    """The signature a decision acts on, from the organisation's signatures (newest first):
    the latest one in a status the decision accepts. None: the decision is not possible."""
    if action.to_status is None:
        return history[0] if history else None
    return next((s for s in history if s.status in action.from_statuses), None)


def available(history: list[Signature]) -> list[Action]:
    """The decisions possible now, in the order the page shows them."""
    return [a for a in ACTIONS.values() if a.to_status is None or target(history, a) is not None]


def decide(
    session: Session,
    organization_id: int,
    slug: str,
    actor_id: int,
    reason: str,
    deadline: date | None = None,
) -> Action:
    """Take decision ``slug`` on the organisation with ``reason``; e-mail its members.
    ``deadline`` (the last day to answer) is required by a request for changes.

    Raises ``KeyError`` (unknown decision), ``ValueError`` (no reason, no deadline) or
    :class:`DecisionRefused` (nothing to act on, or someone decided first).
    """
    action = ACTIONS[slug]
    reason = reason.strip()
    if not reason:
        raise ValueError("a decision needs a reason")
    if action.to_status is None and deadline is None:
        raise ValueError("a request for changes needs a deadline")
    history = list(
        session.scalars(
            select(Signature)
            .where(Signature.organization_id == organization_id)
            .order_by(Signature.signed_at.desc(), Signature.id.desc())
        )
    )
    signature = target(history, action)
    if action.to_status is not None and signature is None:
        raise DecisionRefused(slug)
    try:
        if action.slug == "valider":
            assert signature is not None
            signatures.validate(session, signature.id, actor_id, reason=reason)
            return action  # validate() sends its own e-mail, with the certificate number
        if action.to_status is not None:
            assert signature is not None
            signatures.set_status(session, signature.id, action.to_status, actor_id, reason)
        else:
            assert deadline is not None
            request_id = _request_changes(session, organization_id, actor_id, reason, deadline)
            _tell(session, organization_id, action, reason, deadline, request_id)
            return action
    except (signatures.TransitionRefused, LookupError) as refused:
        raise DecisionRefused(slug) from refused
    _tell(session, organization_id, action, reason)
    return action


def _request_changes(
    session: Session, organization_id: int, actor_id: int, reason: str, deadline: date
) -> int:
    with write_transaction(session):
        request = change_requests.open_request(session, organization_id, actor_id, reason, deadline)
        audit.record(
            session,
            CHANGES_REQUESTED,
            actor_id=actor_id,
            target_type="organization",
            target_id=organization_id,
            details={
                "organization_id": organization_id,
                "reason": reason,
                "request_id": request.id,
                "deadline": deadline.isoformat(),
            },
        )
        return request.id


def _tell(
    session: Session,
    organization_id: int,
    action: Action,
    reason: str,
    deadline: date | None = None,
    request_id: int | None = None,
) -> None:
    people = recipients(session, [organization_id])
    dashboard = (
        url_for("provider.change_request", request_id=request_id, _external=True)
        if request_id
        else url_for("provider.dashboard", _external=True)
    )
    for person in people:
        send_email(
            person.email,
            _(action.subject),
            "region_decision",
            name=person.name,
            organization=person.organization_name,
            headline=_(action.headline, organization=person.organization_name),
            decision_reason=reason,
            status=action.to_status.value if action.to_status else None,
            link=dashboard,
            deadline=deadline,
            reason=_("vous êtes membre d'une entreprise signataire de la charte"),
        )


@dataclass(frozen=True)
class TimelineEntry:
    """One decision in a signatory's history, newest first on the page."""

    at: object
    label: str
    actor: str | None
    reason: str | None
    charter_label: str | None


def timeline(session: Session, organization_id: int) -> list[TimelineEntry]:
    """Every status change of the organisation's signatures and every request for changes,
    newest first (two queries)."""
    from charter.core.signatures import STATUS_LABELS
    from charter.models import CharterVersion, User

    entries = []
    events = session.execute(
        select(SignatureEvent, CharterVersion.label, User.full_name)
        .join(Signature, Signature.id == SignatureEvent.signature_id)
        .join(CharterVersion, CharterVersion.id == Signature.charter_version_id)
        .outerjoin(User, User.id == SignatureEvent.actor_id)
        .where(Signature.organization_id == organization_id)
    ).all()
    for event, label, actor in events:
        what = (
            _("Signature de la charte")
            if event.from_status is None
            else _(STATUS_LABELS[event.to_status.value])
        )
        entries.append(TimelineEntry(event.created_at, what, actor, event.reason, label))
    requests = session.execute(
        select(AuditEvent, User.full_name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(
            AuditEvent.action == CHANGES_REQUESTED,
            AuditEvent.target_type == "organization",
            AuditEvent.target_id == str(organization_id),
        )
    ).all()
    for event, actor in requests:
        reason = (event.details or {}).get("reason")
        entries.append(
            TimelineEntry(event.created_at, _("Modifications demandées"), actor, reason, None)
        )
    entries.sort(key=lambda e: e.at, reverse=True)  # type: ignore[arg-type,return-value]
    return entries
