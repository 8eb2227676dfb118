"""Issue 15 §5: the audit chain is keyed outside the database, and its head is published."""

from __future__ import annotations

import hashlib
import json
from types import SimpleNamespace

import pytest
from sqlalchemy import delete, select, update

from charter.extensions import db
from charter.models import AuditEvent
from charter.services import audit
from tests.helpers import message_text, outbox_messages


def _append(in_transaction, n, start=0):
    for i in range(start, start + n):
        in_transaction(lambda s, i=i: audit.record(s, "test.event", actor_id=i, details={"n": i}))


def _forge_without_the_key(app, event_id, action):
    """What someone with write access to the database only can do: change an event and
    recompute every hash after it, with plain SHA-256 (the old chain's rule)."""
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        previous = audit.GENESIS_HASH
        for event in events:
            if event.id == event_id:
                event.action = action
            event.prev_hash = previous
            fields = {
                "prev": event.prev_hash,
                "at": event.created_at.isoformat(timespec="microseconds"),
                "actor": event.actor_id,
                "action": event.action,
                "target_type": event.target_type,
                "target_id": event.target_id,
                "details": event.details_digest,
            }
            payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            event.hash = previous = hashlib.sha256(payload.encode()).hexdigest()
            event.key_id = None
        db.session.commit()


def test_a_rewritten_and_rechained_log_no_longer_verifies(app, in_transaction):
    _append(in_transaction, 4)
    with app.app_context():
        assert audit.verify_chain(db.session).ok
    # Same rewrite, keeping each event's key id: the attacker cannot compute the HMAC.
    with app.app_context():
        db.session.execute(update(AuditEvent).where(AuditEvent.id == 2).values(action="forged"))
        db.session.commit()
        assert audit.verify_chain(db.session).broken_id == 2
    # The old chain's rule, recomputed by whoever writes to the database: refused.
    _forge_without_the_key(app, 2, "forged")
    with app.app_context():
        report = audit.verify_chain(db.session)
    assert report.broken_id == 1 and "sans clé" in report.problem


def test_verify_audit_prints_the_head_and_the_count(app, runner, in_transaction):
    _append(in_transaction, 3)
    result = runner.invoke(args=["charter", "verify-audit"])
    assert result.exit_code == 0
    with app.app_context():
        head = db.session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()))
    assert "3 événement(s) vérifié(s)" in result.output
    assert f"Tête de la chaîne : {head}" in result.output


def test_the_anchor_reveals_a_truncated_or_rewritten_log(app, runner, in_transaction, tmp_path):
    _append(in_transaction, 5)
    anchors = tmp_path / "ancres.txt"
    written = runner.invoke(args=["charter", "audit-anchor", "--file", str(anchors)])
    assert written.exit_code == 0, written.output
    assert "evenements=5 dernier=5 tete=" in anchors.read_text()
    ok = runner.invoke(args=["charter", "verify-audit", "--anchor", str(anchors)])
    assert ok.exit_code == 0 and "Ancre retrouvée" in ok.output
    _append(in_transaction, 2, start=10)  # the log grows: still fine
    assert runner.invoke(args=["charter", "verify-audit", "--anchor", str(anchors)]).exit_code == 0
    with app.app_context():  # the last events dropped: the chain itself still verifies...
        db.session.execute(delete(AuditEvent).where(AuditEvent.id >= 5))
        db.session.commit()
        assert audit.verify_chain(db.session).ok
    cut = runner.invoke(args=["charter", "verify-audit", "--anchor", str(anchors)])
    assert cut.exit_code == 1 and "journal tronqué" in cut.output  # ...the anchor does not


def test_the_anchor_can_be_mailed(app, runner, in_transaction):
    _append(in_transaction, 2)
    app.config["AUDIT_ANCHOR_EMAIL"] = "rssi@region.fr"
    result = runner.invoke(args=["charter", "audit-anchor"])
    assert result.exit_code == 0, result.output
    [message] = outbox_messages(app)
    assert message["To"] == "rssi@region.fr"
    assert "evenements=2 dernier=2 tete=" in message_text(message)


def test_the_key_rotates_with_the_old_one_as_fallback(app, in_transaction):
    _append(in_transaction, 2)
    old = app.config["SECRET_KEY"]
    app.config["AUDIT_KEY"] = "une-cle-d-audit-tenue-hors-de-la-base-0123456789"
    _append(in_transaction, 2, start=2)
    with app.app_context():
        ids = db.session.scalars(select(AuditEvent.key_id).order_by(AuditEvent.id)).all()
        assert ids[0] == ids[1] != ids[2] == ids[3]
        assert audit.verify_chain(db.session).ok  # SECRET_KEY still verifies the first two
    app.config["SECRET_KEY"] = "une-autre-cle-secrete-apres-rotation-0123456789"
    with app.app_context():
        report = audit.verify_chain(db.session)
        assert report.broken_id == 1 and "clé inconnue" in report.problem
    app.config["AUDIT_KEY_FALLBACKS"] = [old]
    with app.app_context():
        assert audit.verify_chain(db.session).ok


@pytest.mark.parametrize("app_config", [{"AUDIT_KEY": "cle-d-audit-distincte-0123456789abcdef"}])
def test_the_database_holds_no_key(app, in_transaction):
    _append(in_transaction, 1)
    with app.app_context():
        event = db.session.scalars(select(AuditEvent)).one()
        assert len(event.key_id) == 16
        plain = SimpleNamespace(**{c.key: getattr(event, c.key) for c in audit._CHAIN_COLUMNS})
        plain.key_id = None
        assert event.hash != audit.compute_hash(plain)  # not the plain SHA-256


def test_migration_0010_seals_the_events_written_before_it(tmp_path):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from charter import create_app
    from tests.conftest import _test_config

    app = create_app(_test_config(f"sqlite:///{tmp_path / 'old.sqlite3'}", tmp_path))
    with app.app_context():
        upgrade(revision="0070")
        previous = audit.GENESIS_HASH
        with db.engine.begin() as connection:
            for n in range(3):
                event = SimpleNamespace(
                    prev_hash=previous,
                    created_at=audit.utcnow(),
                    actor_id=n,
                    action="old.event",
                    target_type=None,
                    target_id=None,
                    details_digest=audit.digest_details(None),
                    key_id=None,
                )
                previous = audit.compute_hash(event)
                connection.execute(
                    text(
                        "INSERT INTO audit_event (created_at, actor_id, action, details_digest,"
                        " prev_hash, hash) VALUES (:at, :actor, 'old.event', :digest, :prev,"
                        " :hash)"
                    ),
                    {
                        "at": event.created_at.replace(tzinfo=None),
                        "actor": n,
                        "digest": event.details_digest,
                        "prev": event.prev_hash,
                        "hash": previous,
                    },
                )
        upgrade()
        report = audit.verify_chain(db.session)
        assert report.ok and report.checked == 3
        assert set(db.session.scalars(select(AuditEvent.key_id))) == {audit.current_key()[0]}
        db.session.remove()
        downgrade(revision="0070")
        rows = db.session.execute(text("SELECT prev_hash, hash FROM audit_event ORDER BY id")).all()
        assert rows[0][0] == audit.GENESIS_HASH and rows[1][0] == rows[0][1]
        db.session.remove()
        db.engine.dispose()
