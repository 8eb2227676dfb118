"""Importing the Region's paper signatories: upload, preview, confirm (issue 20 §2).

The file is read and every row judged by the pure core (``charter.core.signatory_import``);
this module supplies what the core needs from the database and writes what it decided. An
uploaded file waits in ``signatory_import`` under a random token (never in the session
cookie) until the officer confirms; nothing else is written before.

The confirmation is one transaction: for each « nouveau » row a provider organisation, a
signature marked as signed outside the service (its import's reference and who imported it),
validated on its original date with the usual validity and a certificate number from the same
yearly sequence, and a claim invitation e-mailed to the contact (``charter.services.claims``).
The kept standing follows in that transaction (the session hooks of ``kept_standing``). The
whole import is one audit event with its counts. Rows « déjà présent » (SIRET registered) change
nothing: importing the same file twice writes no signature and says so.

Who calls this: the Region administrators' pages (``charter.region.imports``) and the command
``flask charter import-signatories FILE`` (``charter.cli.imports``).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from charter.core import signatory_import as core
from charter.core.charter_text import canonical_text
from charter.core.signatures import certificate_number, expiry_date, signed_hash
from charter.db import utcnow, write_transaction
from charter.models import (
    CharterVersion,
    Organization,
    OrganizationKind,
    SignatoryImport,
    Signature,
    SignatureStatus,
    User,
)
from charter.services import audit, claims
from charter.services.certificates import next_serial
from charter.services.dates import start_of_day, today
from charter.services.signatures import add_event
from charter.services.tokens import find_by_token, new_link_token, token_hash

ImportFileError = core.ImportFileError


@dataclass(frozen=True)
class Preview:
    """An uploaded file and what confirming it would do, row by row."""

    upload: SignatoryImport
    plan: core.Plan
    #: An earlier confirmed import of the very same file, if any.
    earlier: SignatoryImport | None


@dataclass(frozen=True)
class Outcome:
    """What a confirmation did."""

    reference: str
    created: int
    present: int
    errors: int
    #: Whether error rows were left out on purpose (the officer chose to import the good rows).
    skipped_errors: bool


class NotConfirmable(Exception):
    """The upload cannot be confirmed: ``code`` is "unknown", "expired", "confirmed", "errors"
    (the officer did not choose to leave the error rows out) or "conflict" (a concurrent write
    took one of its companies: the preview must be read again)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _max_rows() -> int:
    return int(current_app.config["SIGNATORY_IMPORT_MAX_ROWS"])


# ---------------------------------------------------------------------------- reading


def plan_for(session: Session, content: bytes) -> core.Plan:
    """Every row's fate against today's database. Raises :class:`ImportFileError`."""
    raw = core.read_table(content, _max_rows())
    labels = session.scalars(select(CharterVersion.label)).all()
    versions = {core.normalise_version(label): label for label in labels}
    sirets = {core.clean_siret(r.cells["siret"]) for r in raw}
    known_sirets = set(
        session.scalars(select(Organization.siret).where(Organization.siret.in_(sorted(sirets))))
    )
    emails = sorted({core.clean_email(r.cells["email"]) for r in raw})
    known_emails = set(session.scalars(select(User.email).where(User.email.in_(emails))))
    return core.plan(
        raw,
        versions=versions,
        today=today(),
        known_sirets=known_sirets,
        known_emails=known_emails,
    )


def template_csv_rows() -> list[list[str]]:
    """The rows of the downloadable template (titles only)."""
    return core.template_rows()


# ----------------------------------------------------------------------------- upload


def upload(
    session: Session, *, actor_id: int, filename: str, content: bytes, source: str = "web"
) -> str:
    """Keep an uploaded file for its preview and return the token of its address.

    The file is read first: a file that cannot be imported raises :class:`ImportFileError`
    and nothing is written. Region administrators only (the caller checks).
    """
    with write_transaction(session):
        plan_for(session, content)
        token = new_link_token()
        session.add(
            SignatoryImport(
                token_hash=token_hash(token),
                filename=(filename or "fichier")[-200:],
                file_hash=hashlib.sha256(content).hexdigest(),
                content=content,
                uploaded_by_id=actor_id,
                source=source,
            )
        )
    return token


def pending(session: Session, token: str, actor_id: int) -> SignatoryImport | None:
    """The upload a token names, if ``actor_id`` made it (another officer's is not found)."""
    found = find_by_token(session, SignatoryImport.token_hash, token)
    return found if found is not None and found.uploaded_by_id == actor_id else None


def _expired(upload: SignatoryImport, now: datetime) -> bool:
    hours = int(current_app.config["SIGNATORY_IMPORT_PENDING_HOURS"])
    return upload.confirmed_at is None and upload.uploaded_at + timedelta(hours=hours) <= now


def preview(session: Session, upload: SignatoryImport) -> Preview | None:
    """What confirming ``upload`` would do today; None once it expired unconfirmed."""
    if upload.content is None or _expired(upload, utcnow()):
        return None
    earlier = session.scalar(
        select(SignatoryImport)
        .where(
            SignatoryImport.file_hash == upload.file_hash,
            SignatoryImport.confirmed_at.is_not(None),
            SignatoryImport.id != upload.id,
        )
        .order_by(SignatoryImport.confirmed_at.desc())
        .limit(1)
    )
    return Preview(upload, plan_for(session, upload.content), earlier)


# ---------------------------------------------------------------------------- confirm


def confirm(
    session: Session, *, actor_id: int, token: str, include_errors: bool = False
) -> Outcome:
    """Write the rows « nouveau » of an upload, in one transaction with one audit event.

    A file with errors is imported only when ``include_errors`` says the officer chose to
    import its good rows anyway (raises ``NotConfirmable("errors")`` otherwise). Raises
    :class:`NotConfirmable` for an unknown, expired or already confirmed upload. Region
    administrators only (the caller checks).
    """
    try:
        return _confirm(session, actor_id, token, include_errors)
    except IntegrityError:
        # Another import or a registration wrote one of these SIRETs or addresses meanwhile
        # (PostgreSQL runs both transactions at once): nothing of this one was written.
        raise NotConfirmable("conflict") from None


def _confirm(session: Session, actor_id: int, token: str, include_errors: bool) -> Outcome:
    now = utcnow()
    with write_transaction(session):
        upload = session.scalar(
            select(SignatoryImport)
            .where(SignatoryImport.token_hash == token_hash(token))
            .with_for_update()
        )
        if upload is None or upload.uploaded_by_id != actor_id:
            raise NotConfirmable("unknown")
        if upload.confirmed_at is not None:
            raise NotConfirmable("confirmed")
        if upload.content is None or _expired(upload, now):
            raise NotConfirmable("expired")
        plan = plan_for(session, upload.content)
        if plan.count(core.ERROR) and not include_errors:
            raise NotConfirmable("errors")
        upload.confirmed_at = now
        upload.content = None
        session.flush()
        upload.reference = f"IMP-{now:%Y%m%d}-{upload.id}"
        outcome = _write(session, upload, plan, actor_id, now)
    return outcome


def _certificate_numbers(session: Session, days: list[date]) -> list[str]:
    """A certificate number for each signature day, in order: each year's counter is
    incremented once by the number of signatures of that year (the same sequence as
    validations, without gaps)."""
    years = Counter(day.year for day in days)
    last = {year: next_serial(session, year, count) for year, count in sorted(years.items())}
    serial = {year: last[year] - count for year, count in years.items()}
    numbers = []
    for day in days:
        serial[day.year] += 1
        numbers.append(certificate_number(day.year, serial[day.year]))
    return numbers


def _write(
    session: Session, upload: SignatoryImport, plan: core.Plan, actor_id: int, now: datetime
) -> Outcome:
    """Create what the plan says, inside the caller's transaction, and record the one event."""
    assert upload.reference is not None
    months = int(current_app.config["SIGNATURE_VALIDITY_MONTHS"])
    versions = {v.label: v for v in session.scalars(select(CharterVersion))}
    texts = {label: canonical_text(v.as_text()) for label, v in versions.items()}
    rows = plan.to_create()
    statement = _("Signature sur papier, antérieure au service, importée par la Région.")
    # One flush per kind of row, not per row: 1,000 rows are then a few batched inserts.
    organizations = [
        Organization(
            kind=OrganizationKind.PROVIDER,
            name=row.name,
            siret=row.siret,
            department=row.department,
            services=[],
            directory_consent=False,
        )
        for row in rows
    ]
    session.add_all(organizations)
    session.flush()
    numbers = _certificate_numbers(session, [row.signed_on for row in rows if row.signed_on])
    signatures = []
    for row, organization, number in zip(rows, organizations, numbers, strict=True):
        assert row.signed_on is not None
        signed_at = start_of_day(row.signed_on)
        signatures.append(
            Signature(
                organization_id=organization.id,
                charter_version_id=versions[row.version].id,
                signer_id=None,
                signer_name=_("Signature sur papier"),
                signer_role=_("hors du service"),
                authority_statement=statement,
                organization_name=row.name,
                siret=row.siret,
                text_hash=signed_hash(texts[row.version], row.name, row.siret),
                signed_at=signed_at,
                ip_address="",
                user_agent=f"import {upload.reference}"[:300],
                import_id=upload.id,
                status=SignatureStatus.ACTIVE,
                certificate_number=number,
                validated_at=signed_at,
                validated_by_id=actor_id,
                expires_on=expiry_date(row.signed_on, months),
            )
        )
    session.add_all(signatures)
    session.flush()
    reason = _(
        "Signée hors du service ; importée par la Région (import %(reference)s).",
        reference=upload.reference,
    )
    for signature in signatures:
        add_event(session, signature, None, actor_id, reason, now)
    invitations = [(o, row.email) for row, o in zip(rows, organizations, strict=True)]
    claims.invite_all(session, upload, invitations, now=now)
    errors = plan.count(core.ERROR)
    upload.created_count = len(rows)
    upload.present_count = plan.count(core.PRESENT)
    upload.error_count = errors
    audit.record(
        session,
        "signatories.imported",
        actor_id=actor_id,
        target_type="signatory_import",
        target_id=upload.id,
        details={
            "reference": upload.reference,
            "filename": upload.filename,
            "file_hash": upload.file_hash,
            "source": upload.source,
            "created": len(rows),
            "present": upload.present_count,
            "errors": errors,
        },
    )
    return Outcome(upload.reference, len(rows), upload.present_count, errors, errors > 0)
