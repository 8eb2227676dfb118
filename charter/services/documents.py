"""Documents built once (issue 21): stored PDFs of submitted diagnoses and certificates.

``stored_or_built`` serves the stored bytes when their stamp matches the wanted one, otherwise
gathers the document's input, builds it (no transaction open), stores it and returns it. A
stamp digests ``RENDERER_VERSION`` (raise it whenever a renderer's output changes) and every
value the document prints that can change, so a stored copy is never served for other facts
than those it shows. The caller computes the wanted stamp:

- a certificate from its whole input (:func:`stamp`: a handful of fields, already loaded);
- a diagnosis report from the few small values that can change after submission
  (:mod:`charter.services.report_stamps`), without gathering the report's data, which is only
  read when the copy must be built again.

The stamp is also the download's strong entity tag: the same stamp means the same bytes (the
renderers are deterministic, docs/reports.md).

Who calls this: the diagnosis report and certificate downloads, *after* their access checks and
the draft check: this module never decides who may read a document.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from charter.db import end_read_transaction, utcnow, write_transaction
from charter.models import StoredDocument

#: Raise with any change to charter/reports that changes a document's bytes: every stored copy
#: is then rebuilt at its next download.
RENDERER_VERSION = "2026-12-07.2"

Data = TypeVar("Data")


def digest(parts: tuple[Any, ...]) -> str:
    """The stamp of ``parts`` (plain values with a stable ``repr``) under the renderer's
    version."""
    material = "\x1f".join((RENDERER_VERSION, *(repr(part) for part in parts)))
    return hashlib.sha256(material.encode()).hexdigest()


def stamp(data: Any) -> str:
    """The stamp of a document's whole input (a dataclass; a questionnaire object is
    represented by the hash the data carries)."""
    parts = [RENDERER_VERSION]
    for item in dataclasses.fields(data):
        if item.name != "questionnaire":
            parts.append(f"{item.name}={getattr(data, item.name)!r}")
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def stored_or_built(
    session: Session,
    owner: str,
    owner_id: int,
    wanted: str,
    gather: Callable[[], Data],
    build: Callable[[Data], bytes],
) -> bytes:
    """The document's bytes: the stored ones if built for the ``wanted`` stamp, else
    ``build(gather())``, stored under ``wanted``. ``owner`` is "assessment_id" (a diagnosis
    report) or "signature_id" (a certificate).

    ``gather`` reads the input in the caller's read transaction (the one the stamp was read in,
    so the copy stored matches its stamp); the transaction ends before building (nothing held
    while a PDF renders). The stored bytes are read once, as one column of one row.
    """
    column = {
        "assessment_id": StoredDocument.assessment_id,
        "signature_id": StoredDocument.signature_id,
    }[owner]
    found = session.execute(
        select(StoredDocument.content).where(column == owner_id, StoredDocument.stamp == wanted)
    ).scalar()
    if found is not None:
        end_read_transaction(session)
        return bytes(found)
    data = gather()
    end_read_transaction(session)
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
