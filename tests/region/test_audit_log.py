"""The audit log viewer: plain-French events, filters by label, escaped details, and the
chain verification button."""

from __future__ import annotations

import re

from sqlalchemy import text

from charter.db import write_transaction
from charter.extensions import db
from charter.models import Role
from charter.services import audit
from tests.signing.helpers import provider


def record(app, action, **details):
    with app.app_context(), write_transaction(db.session) as session:
        return audit.record(
            session, action, actor_id=None, target_type="organization", target_id=7, details=details
        ).id


def rows(page: str) -> str:
    """The table body of the journal page (the filter's options left out)."""
    match = re.search(r"<tbody>(.*)</tbody>", page, re.S)
    return match.group(1) if match else ""


def test_filters_and_details_are_escaped(app, factory, region):
    record(app, "signature.suspended", reason="<script>alert(1)</script>")
    record(app, "charter.published", label="2")
    page = region.get("/region/journal?action=signature.").text
    assert "Signature suspendue" in rows(page)
    assert "Version de la charte publiée" not in rows(page)
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    # the filter offers each event type by its label, grouped by family
    assert '<optgroup label="Signatures">' in page
    assert '<option value="signature.suspended">Signature suspendue</option>' in page
    one = rows(region.get("/region/journal?action=charter.published").text)
    assert "Version 2 de la charte publiée par le service." in one
    assert "Signature suspendue" not in one
    by_target = region.get("/region/journal?cible=organization&cible_id=7").text
    assert "2 événements" in by_target
    assert "Aucun événement" in region.get("/region/journal?du=2999-01-01").text
    assert region.get("/region/journal?du=pas-une-date&page=x").status_code == 200


def test_verification_says_intact_then_names_the_broken_event(app, factory, region):
    record(app, "one.event")
    broken = record(app, "two.event", note="original")
    page = region.get("/region/journal/verification").text
    assert "Le journal est intègre" in page
    with app.app_context(), write_transaction(db.session) as session:
        session.execute(
            text("UPDATE audit_event SET action = 'forged' WHERE id = :id"), {"id": broken}
        )
    page = region.get("/region/journal/verification").text
    assert "Le journal a été altéré" in page and f"n° {broken}" in page


def test_events_read_as_sentences_with_names_and_rounded_figures(app, factory, region):
    officer = factory.user(Role.REGION_REVIEWER, full_name="Claire Lemoine")
    member = provider(factory, name="Bocage Test Informatique")
    signed = factory.signature(member, validate_by=officer)
    with app.app_context(), write_transaction(db.session) as session:
        audit.record(
            session,
            "assessment.submitted",
            actor_id=member.id,
            target_type="assessment",
            target_id=3,
            details={"index": 63.4567, "level": "intermediaire"},
        )
    body = rows(region.get("/region/journal").text)
    assert "Signature validée" in body
    assert (
        f"Signature de Bocage Test Informatique validée par Claire Lemoine : attestation n° "
        f"{signed.certificate_number}, valable jusqu&#39;au " in body
    )
    assert "Charte signée" in body and "a signé la version 1 de la charte pour Bocage" in body
    assert "indice 63 sur 100" in body and "63,4" not in body and "63.4" not in body
    assert (
        "{" not in body
        and '"organization_id"' not in body
        and "_" not in re.sub(r"<[^>]+>", "", body)
    )
    assert "Concerne" in region.get("/region/journal").text


def test_an_unknown_code_still_reads_without_json(app, factory, region):
    record(app, "legacy.event", note="ancienne note", count=2)
    body = rows(region.get("/region/journal").text)
    assert "Autre événement (legacy.event)" in body
    assert "count : 2; note : ancienne note" in body and "{" not in body
