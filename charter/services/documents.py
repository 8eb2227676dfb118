"""Documents built once (issue 21): stored PDFs of submitted diagnoses and certificates.

``stored_or_built`` serves the stored bytes when their stamp matches, otherwise builds the
document (no transaction open), stores it and returns it. The stamp digests
``RENDERER_VERSION`` (raise it whenever a renderer's output changes) and the document's input,
so a stored copy is never served for other facts than those it shows.

Who calls this: the diagnosis report and certificate downloads, *after* their access checks and
the draft check: this module never decides who may read a document.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from charter.db import end_read_transaction, utcnow, write_transaction
from charter.models import StoredDocument

#: Raise with any change to charter/reports that changes a document's bytes: every stored copy
#: is then rebuilt at its next download.
RENDERER_VERSION = "2026-12-07.2"


def stamp(data: Any) -> str:
    """The digest of the renderer's version and of a document's input (a dataclass; the
    questionnaire object is represented by the hash the data carries)."""
    parts = [RENDERER_VERSION]
    for item in dataclasses.fields(data):
        if item.name != "questionnaire":
            parts.append(f"{item.name}={getattr(data, item.name)!r}")
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def stored_or_built(
    session: Session, owner: str, owner_id: int, data: Any, build: Callable[[Any], bytes]
) -> bytes:
    """The document's bytes: stored ones if built for the same stamp, else built and stored.
    ``owner`` is "assessment_id" (a diagnosis report) or "signature_id" (a certificate).

    Ends the read transaction before building (nothing held while a PDF renders).
    """
    column = {
        "assessment_id": StoredDocument.assessment_id,
        "signature_id": StoredDocument.signature_id,
    }[owner]
    wanted = stamp(data)
    found = session.execute(
        select(StoredDocument.stamp, StoredDocument.content).where(column == owner_id)
    ).first()
    end_read_transaction(session)
    if found is not None and found.stamp == wanted:
        return bytes(found.content)
    content = build(data)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    values = {"stamp": wanted, "content": content, "built_at": utcnow()}
    with write_transaction(session):
        session.execute(
            insert(StoredDocument)
            .values({owner: owner_id, **values})
            .on_conflict_do_update(index_elements=[column], set_=values)
        )
    return content
