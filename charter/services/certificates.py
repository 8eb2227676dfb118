"""Certificates: the PDF of a validated signature, the public check of its number, and the
yearly counter its number comes from.

Who calls this: the provider's and the Region's download routes (``render``), the public
verification page (``verify``), and the validation and the paper import (``next_serial``).
The PDF is rendered after the read transaction has ended, from plain data
(``charter.reports.CertificateData``), never while the database is held.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import url_for
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, joinedload

from charter.core.signatures import PublicState, normalise_certificate_number, public_state
from charter.models import CertificateCounter, Signature, SignatureStatus
from charter.reports import CertificateData, render_certificate
from charter.services import documents
from charter.services.charters import last_valid_day
from charter.services.dates import today


@dataclass(frozen=True)
class Verification:
    """What the public may know of a certificate: nothing personal, nothing private."""

    number: str
    state: PublicState
    organization_name: str
    siret: str
    charter_label: str
    signed_at: datetime
    validated_at: datetime
    expires_on: date
    last_valid_day: date | None
    #: When the Region suspended or revoked it (the reason stays private).
    changed_at: datetime | None = None
    #: The certificate that replaced this one after a renewal, if any.
    replaced_by: str | None = None


def certificate_data(signature: Signature) -> CertificateData:
    """The certificate's content: the facts as signed and validated, with the check address."""
    if not signature.certificate_number or not signature.validated_at or not signature.expires_on:
        raise ValueError("only a validated signature has a certificate")
    return CertificateData(
        organisation_name=signature.organization_name,
        siret=signature.siret,
        charter_title=signature.charter_version.title,
        charter_version=signature.charter_version.label,
        signed_at=signature.signed_at,
        validated_at=signature.validated_at,
        expires_at=signature.expires_on,
        certificate_number=signature.certificate_number,
        verification_url=url_for(
            "public.verification", number=signature.certificate_number, _external=True
        ),
        signer_name=signature.signer_name,
        signer_role=signature.signer_role,
    )


def render(session: Session, signature: Signature) -> tuple[str, bytes]:
    """The file name and bytes of a signature's certificate PDF.

    The read transaction ends before rendering (docs/design.md §10: nothing held during a PDF);
    the bytes are stored and served again while the certificate's facts are unchanged.
    """
    signature_id = signature.id
    data = certificate_data(signature)
    pdf = documents.stored_or_built(
        session,
        "signature_id",
        signature_id,
        documents.stamp(data),  # the whole input: a handful of fields already loaded
        lambda: data,
        render_certificate,
    )
    return f"attestation-{data.certificate_number}.pdf", pdf


def verify(session: Session, typed_number: str, day: date | None = None) -> Verification | None:
    """The public state of a certificate number on ``day``; None if no certificate has it."""
    number = normalise_certificate_number(typed_number)
    if number is None:
        return None
    signature = session.scalar(
        select(Signature)
        .options(joinedload(Signature.charter_version))
        .where(Signature.certificate_number == number)
    )
    if signature is None or signature.validated_at is None or signature.expires_on is None:
        return None
    last_day = last_valid_day(signature)
    changed_at = None
    if signature.status in (SignatureStatus.SUSPENDED, SignatureStatus.REVOKED):
        changed_at = max(e.created_at for e in signature.events if e.to_status is signature.status)
    replaced_by = None
    if signature.status is SignatureStatus.SUPERSEDED:
        replaced_by = session.scalar(
            select(Signature.certificate_number)
            .where(
                Signature.organization_id == signature.organization_id,
                Signature.validated_at > signature.validated_at,
                Signature.certificate_number.is_not(None),
            )
            .order_by(Signature.validated_at.desc())
            .limit(1)
        )
    return Verification(
        number=number,
        state=public_state(signature.status.value, last_day, day or today()),
        organization_name=signature.organization_name,
        siret=signature.siret,
        charter_label=signature.charter_version.label,
        signed_at=signature.signed_at,
        validated_at=signature.validated_at,
        expires_on=signature.expires_on,
        last_valid_day=last_day,
        changed_at=changed_at,
        replaced_by=replaced_by,
    )


def next_serial(session: Session, year: int, count: int = 1) -> int:
    """Increment the year's certificate counter by ``count`` (creating it) in one statement and
    return its new value: the serials ``value - count + 1`` to ``value`` are the caller's (the
    import of paper signatures takes a block at once).

    ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` takes the row lock, so a concurrent
    validation waits for this transaction and then counts on from its committed value.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(CertificateCounter)
        .values(year=year, last_serial=count)
        .on_conflict_do_update(
            index_elements=[CertificateCounter.year],
            set_={"last_serial": CertificateCounter.last_serial + count},
        )
        .returning(CertificateCounter.last_serial)
    )
    return int(session.execute(statement).scalar_one())
