"""The audit log viewer: filters, escaped details, and the chain verification button."""

from __future__ import annotations

from sqlalchemy import text

from charter.db import write_transaction
from charter.extensions import db
from charter.services import audit


def record(app, action, **details):
    with app.app_context(), write_transaction(db.session) as session:
        return audit.record(
            session, action, actor_id=None, target_type="organization", target_id=7, details=details
        ).id


def test_filters_and_details_are_escaped(app, factory, region):
    record(app, "signature.suspended", reason="<script>alert(1)</script>")
    record(app, "charter.published", label="2")
    page = region.get("/region/journal?action=signature").text
    assert "signature.suspended" in page and "charter.published</code>" not in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
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
