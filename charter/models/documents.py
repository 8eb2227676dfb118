"""Documents built once: the stored bytes of a diagnosis report or a certificate.

A submitted diagnosis and a validated signature do not change, and their PDFs are
deterministic: the first download renders and stores the bytes, the next ones serve them. The
``stamp`` is a digest of the renderer's version and of every input the document prints
(``charter.services.documents``): when either changes (a new renderer, a renamed company, new
help contacts), the stamp differs and the document is rebuilt. Access is always checked by the
route before the stored bytes are looked up.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from charter.db import UTCDateTime, utcnow
from charter.extensions import db


class StoredDocument(db.Model):
    """One built document: the report of an assessment or the certificate of a signature (one
    of the two set), the stamp it was built for, its bytes. Deleted with what it shows."""

    __tablename__ = "stored_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), unique=True
    )
    signature_id: Mapped[int | None] = mapped_column(
        ForeignKey("signature.id", ondelete="CASCADE"), unique=True
    )
    stamp: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
