"""The audit log's hash chain: appends link up, tampering is caught."""

from __future__ import annotations

from sqlalchemy import update

from charter.extensions import db
from charter.models import AuditEvent
from charter.services import audit


def _append(in_transaction, n):
    for i in range(n):
        in_transaction(
            lambda s, i=i: audit.record(
                s, "test.event", actor_id=i, target_type="thing", target_id=i, details={"n": i}
            )
        )


def test_chain_links_every_event(app, in_transaction):
    _append(in_transaction, 5)
    with app.app_context():
        report = audit.verify_chain(db.session)
    assert report.ok and report.checked == 5


def test_secrets_never_reach_the_details(app, in_transaction):
    event_id = in_transaction(
        lambda s: (
            audit.record(
                s,
                "test.secret",
                actor_id=1,
                details={"password": "p", "token": "t", "ip": "1.2.3.4"},
            ).id
        )
    )
    with app.app_context():
        assert db.session.get(AuditEvent, event_id).details == {"ip": "1.2.3.4"}


def test_a_modified_event_is_caught_with_its_id(app, in_transaction):
    _append(in_transaction, 4)
    with app.app_context():
        db.session.execute(update(AuditEvent).where(AuditEvent.id == 3).values(action="forged"))
        db.session.commit()
        report = audit.verify_chain(db.session)
    assert not report.ok and report.broken_id == 3


def test_changed_details_are_caught_but_erased_details_still_verify(app, in_transaction):
    _append(in_transaction, 3)
    with app.app_context():
        db.session.execute(update(AuditEvent).where(AuditEvent.id == 1).values(details=None))
        db.session.commit()
        assert audit.verify_chain(db.session).ok
        db.session.execute(update(AuditEvent).where(AuditEvent.id == 2).values(details={"n": 99}))
        db.session.commit()
        assert audit.verify_chain(db.session).broken_id == 2


def test_a_deleted_event_breaks_the_next_link(app, in_transaction):
    _append(in_transaction, 4)
    with app.app_context():
        db.session.delete(db.session.get(AuditEvent, 2))
        db.session.commit()
        assert audit.verify_chain(db.session).broken_id == 3


def test_verify_audit_command_names_the_first_broken_event(app, runner, in_transaction):
    _append(in_transaction, 3)
    ok = runner.invoke(args=["charter", "verify-audit"])
    assert ok.exit_code == 0
    assert "3 événement(s) vérifié(s)" in ok.output
    with app.app_context():
        db.session.execute(update(AuditEvent).where(AuditEvent.id == 2).values(actor_id=42))
        db.session.commit()
    broken = runner.invoke(args=["charter", "verify-audit"])
    assert broken.exit_code == 1
    assert "événement n° 2" in broken.output
