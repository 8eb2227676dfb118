"""The signing form's step-1 answers, kept between the form and its review page.

Step 1 (``POST /prestataire/signature``) saves them and redirects to the review page, which
reads them back: the review is a GET page, so the browser's back button and a reload work. The
last step still checks every answer again. A draft is the member's own (one per member), lasts
``DRAFT_LIFETIME``, and is deleted once the signature is recorded.

Who calls this: the provider's signing pages, for the logged-in member.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from charter.db import utcnow, write_transaction
from charter.models import SigningDraft

DRAFT_LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class Draft:
    """What step 1 said: the charter text read, who signs and in which role."""

    charter_hash: str
    signer_name: str
    signer_role: str


def save(session: Session, *, user_id: int, organization_id: int, draft: Draft) -> None:
    """Keep ``draft`` as the member's step 1 (replacing any earlier one)."""
    with write_transaction(session):
        session.execute(delete(SigningDraft).where(SigningDraft.user_id == user_id))
        session.add(
            SigningDraft(
                user_id=user_id,
                organization_id=organization_id,
                charter_hash=draft.charter_hash,
                signer_name=draft.signer_name,
                signer_role=draft.signer_role,
            )
        )


def load(session: Session, *, user_id: int, organization_id: int) -> Draft | None:
    """The member's step 1 for this organisation, or None (none, expired, other company)."""
    row = session.get(SigningDraft, user_id)
    if row is None or row.organization_id != organization_id:
        return None
    if utcnow() - row.created_at > DRAFT_LIFETIME:
        return None
    return Draft(row.charter_hash, row.signer_name, row.signer_role)


def discard(session: Session, user_id: int) -> None:
    """Forget the member's step 1 (the signature is recorded)."""
    with write_transaction(session):
        session.execute(delete(SigningDraft).where(SigningDraft.user_id == user_id))
