"""Charter versions: publishing a file, finding the current version, grace periods.

A published version is never edited. Publishing a new one stamps ``superseded_at`` on the
previous current version; signatures of that version stay valid for ``NEW_VERSION_GRACE_DAYS``,
and every signatory is e-mailed an invitation to sign the new text.

Who calls this: the ``publish-charter`` command, the demo loader, the public charter page and
the signature services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from charter.core.charter_text import CharterText, text_hash
from charter.core.signatures import grace_end, valid_until
from charter.db import utcnow, write_transaction
from charter.models import CharterVersion, Signature, SignatureStatus
from charter.services import audit
from charter.services.dates import local_date, today
from charter.services.mail import send_email
from charter.services.organizations import Recipient, recipients


class CharterVersionConflict(Exception):
    """The label (or the text) is already published differently: publish a new version."""


@dataclass(frozen=True)
class PublishOutcome:
    """What ``publish`` did: the version's id, whether it is new, how many people were told."""

    version_id: int
    label: str
    created: bool
    notified: int = 0


def current_version(session: Session) -> CharterVersion | None:
    """The latest published version, which new signatures sign; None before any publication."""
    return session.scalar(
        select(CharterVersion)
        .where(CharterVersion.superseded_at.is_(None))
        .order_by(CharterVersion.published_at.desc(), CharterVersion.id.desc())
        .limit(1)
    )


def all_versions(session: Session) -> list[CharterVersion]:
    """Every published version, newest first."""
    return list(
        session.scalars(
            select(CharterVersion).order_by(
                CharterVersion.published_at.desc(), CharterVersion.id.desc()
            )
        )
    )


def version_by_label(session: Session, label: str) -> CharterVersion | None:
    """The published version with this label, or None."""
    return session.scalar(select(CharterVersion).filter_by(label=label))


def grace_days() -> int:
    """The configured grace period, in days."""
    return int(current_app.config["NEW_VERSION_GRACE_DAYS"])


def grace_until(version: CharterVersion) -> date | None:
    """Last valid day of signatures of ``version`` once superseded (None while current)."""
    superseded = local_date(version.superseded_at) if version.superseded_at else None
    return grace_end(superseded, grace_days())


def last_valid_day(signature: Signature) -> date | None:
    """A signature's last valid day: its expiry, or its version's grace end if earlier."""
    return valid_until(signature.expires_on, grace_until(signature.charter_version))


def publish(
    session: Session,
    charter: CharterText,
    *,
    actor_id: int | None = None,
    notify: bool = True,
    at: datetime | None = None,
) -> PublishOutcome:
    """Publish ``charter`` as the new current version; idempotent for the same file.

    Publishing the same label and text again does nothing. A label already published with
    another text, or a text already published under another label, raises
    :class:`CharterVersionConflict`: a published version is never edited. ``at`` backdates
    the publication (demo data only).
    """
    digest = text_hash(charter)
    with write_transaction(session):
        existing = version_by_label(session, charter.version)
        if existing is not None:
            if existing.text_hash == digest:
                return PublishOutcome(existing.id, existing.label, created=False)
            raise CharterVersionConflict(
                f"la version {charter.version} est déjà publiée avec un autre texte : une "
                "version publiée ne se modifie pas, publiez un nouveau numéro de version"
            )
        twin = session.scalar(select(CharterVersion.label).filter_by(text_hash=digest))
        if twin is not None:
            raise CharterVersionConflict(f"ce texte est déjà publié comme version {twin}")
        previous = current_version(session)
        now = at or utcnow()
        version = CharterVersion(
            label=charter.version,
            title=charter.title,
            summary=charter.summary,
            preamble=charter.preamble,
            commitments=[c.model_dump(exclude_none=True) for c in charter.commitments],
            text_hash=digest,
            published_at=now,
        )
        session.add(version)
        if previous is not None:
            previous.superseded_at = now
        session.flush()
        audit.record(
            session,
            "charter.published",
            actor_id=actor_id,
            target_type="charter_version",
            target_id=version.id,
            details={
                "label": version.label,
                "text_hash": digest,
                "supersedes": previous.label if previous else None,
            },
        )
        to_tell = _signatories(session) if previous is not None and notify else []
        deadlines = {r.organization_id: d for r, d in to_tell}
        outcome = PublishOutcome(version.id, version.label, created=True, notified=len(to_tell))
        if to_tell:
            # Queued with the version itself, sent by 'charter send-mail': the administrator
            # does not wait for one SMTP exchange per signatory.
            _tell_signatories([r for r, _d in to_tell], deadlines, version.label)
    return outcome


def _signatories(session: Session) -> list[tuple[Recipient, date | None]]:
    """Members of companies with a pending or still valid signature, and its last valid day."""
    day = today()
    signatures = session.scalars(
        select(Signature).where(
            or_(
                Signature.status == SignatureStatus.PENDING,
                (Signature.status == SignatureStatus.ACTIVE) & (Signature.expires_on >= day),
            )
        )
    ).all()
    deadline: dict[int, date | None] = {}
    for signature in signatures:
        end = last_valid_day(signature) if signature.status is SignatureStatus.ACTIVE else None
        known = deadline.get(signature.organization_id)
        if signature.organization_id not in deadline or (end and (known is None or end > known)):
            deadline[signature.organization_id] = end
    return [(r, deadline[r.organization_id]) for r in recipients(session, deadline)]


def _tell_signatories(
    to_tell: list[Recipient], deadlines: dict[int, date | None], label: str
) -> None:
    link = url_for("provider.sign", _external=True)
    for recipient in to_tell:
        send_email(
            recipient.email,
            _("Nouvelle version de la charte : à signer"),
            "charter_new_version",
            name=recipient.name,
            organization=recipient.organization_name,
            label=label,
            valid_until=deadlines.get(recipient.organization_id),
            link=link,
            reason=_("votre entreprise a signé la charte cybersécurité des prestataires"),
            bulk=True,
        )


def published_labels(session: Session) -> list[str]:
    """The labels of every published charter version, newest first (the list's filter)."""
    return list(
        session.scalars(select(CharterVersion.label).order_by(CharterVersion.published_at.desc()))
    )
